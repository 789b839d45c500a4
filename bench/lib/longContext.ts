/**
 * `npm run bench -- --only=longctx`: where a long context's extra time goes on WASM and whether
 * another cache layout removes it. gpt2-shaped's decode step at context 16 and 1000 for the
 * app's slots file, the Hugging Face file and a GroupQueryAttention file (src/engine/build/
 * gqaGraph.ts), and weightless probes of the parts (cache copied in, Concat, attention); on
 * onnxruntime-web's WASM build in Node (the page's runtime without the browser) and on
 * onnxruntime-node, 2 threads each, each in a child process (longContextChild.ts). Opt-in only:
 * about 10 minutes on the busy 2-core machine.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LongContextReport } from './longContextChild';
import type { Outcome } from './results';

/** WASM 1 thread too: its CPU time per step is the work alone (no pool thread spins). */
const RUNS = [
  { runtime: 'wasm', threads: 2 },
  { runtime: 'native', threads: 2 },
  { runtime: 'wasm', threads: 1 },
] as const;

function lastJsonLine(stdout: string): LongContextReport {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as LongContextReport;
}

export async function benchLongContext(
  root: string,
  modelDir: string,
  quick: boolean,
  log: (line: string) => void,
): Promise<LongContextReport[]> {
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const child = join(root, 'bench', 'lib', 'longContextChild.ts');
  const reports: LongContextReport[] = [];
  for (const { runtime, threads } of RUNS) {
    const args = [child, modelDir, runtime, String(threads), ...(quick ? ['quick'] : [])];
    const { stdout, stderr } = await promisify(execFile)(tsx, args, {
      cwd: root,
      maxBuffer: 16 * 2 ** 20,
    });
    for (const line of stderr.trim().split('\n').filter(Boolean)) log(`longctx ${line}`);
    reports.push(lastJsonLine(stdout));
  }
  return reports;
}

const RUNTIME_NAMES = { wasm: 'onnxruntime-web WASM in Node', native: 'onnxruntime-node' };

/** The report's lines: per runtime, each variant's step at 16 and 1000, the ratio, the load. */
export function longContextLines(
  outcome: Outcome<LongContextReport[]>,
  errors: string[],
): string[] {
  if (!outcome.ok) {
    if (outcome.error !== 'not run') errors.push(outcome.error);
    return [];
  }
  const width = Math.max(...outcome.value.flatMap((r) => r.rows.map((row) => row.variant.length)));
  return [
    '',
    'long context (gpt2-shaped; ms per step, median; @1000 ÷ @16; fastest step and median CPU',
    '  time @16 / @1000; 1-minute load as the variant started):',
    ...outcome.value.flatMap((report) => [
      `  ${RUNTIME_NAMES[report.runtime]}, ${report.threads} threads:`,
      ...report.rows.map(
        (row) =>
          `    ${row.variant.padEnd(width)}  @16 ${String(row.ms['16']).padStart(6)}  @1000 ${String(
            row.ms['1000'],
          ).padStart(
            6,
          )}  ${row.ratio.toFixed(2)}×  fastest ${row.minMs['16']} / ${row.minMs['1000']}  cpu ${row.cpuMs['16']} / ${row.cpuMs['1000']}  load ${row.load}`,
      ),
    ]),
  ];
}

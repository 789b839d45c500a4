/**
 * A 0.5B-class model on the page's runtime: Qwen2.5-0.5B's shape with random weights in the
 * 8-bit file the app offers for it (scripts/makeQwenShaped.ts), decoded on onnxruntime-web's WASM
 * build in Node (the page's runtime without the browser) and on onnxruntime-node, each in a child
 * process of its own for its peak memory (llamaChild.ts).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { QWEN_SHAPED_FILE } from '../../scripts/makeQwenShaped';
import type { LlamaChildReport } from './llamaChild';
import type { Outcome } from './results';

export type LlamaRunResult = LlamaChildReport;

const RUNS = [
  { runtime: 'wasm', threads: 2 },
  { runtime: 'native', threads: 2 },
] as const;

function lastJsonLine(stdout: string): LlamaChildReport {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(line) as LlamaChildReport;
}

export async function benchLlamaShaped(
  root: string,
  modelDir: string,
  log: (line: string) => void,
): Promise<LlamaRunResult[]> {
  const tsx = join(root, 'node_modules', '.bin', 'tsx');
  const child = join(root, 'bench', 'lib', 'llamaChild.ts');
  const results: LlamaRunResult[] = [];
  for (const { runtime, threads } of RUNS) {
    const args = [child, modelDir, QWEN_SHAPED_FILE, runtime, String(threads)];
    const { stdout, stderr } = await promisify(execFile)(tsx, args, {
      cwd: root,
      maxBuffer: 16 * 2 ** 20,
    });
    for (const line of stderr.trim().split('\n').filter(Boolean)) log(`qwen-shaped ${line}`);
    results.push(lastJsonLine(stdout));
  }
  return results;
}

const mb = (bytes: number): string => `${Math.round(bytes / 1e6)} MB`;

export function llamaLines(outcome: Outcome<LlamaRunResult[]>, errors: string[]): string[] {
  if (!outcome.ok) {
    if (outcome.error !== 'not run') errors.push(outcome.error);
    return [];
  }
  return [
    '',
    'qwen-shaped (Qwen2.5-0.5B’s shape, random weights, 8-bit file; peak = maxRSS of a child process):',
    ...outcome.value.map(
      (r) =>
        `  ${r.runtime === 'wasm' ? 'onnxruntime-web WASM in Node' : 'onnxruntime-node'} ${r.threads}t: file ${mb(r.fileBytes)}, session ${r.sessionMs} ms, prefill 16 ${r.prefill16Ms} ms, step ${Object.entries(
          r.stepMs,
        )
          .map(([context, ms]) => `@${context} ${ms} ms`)
          .join(', ')}; RSS ${mb(r.baselineBytes)} → peak ${mb(r.peakBytes)}`,
    ),
  ];
}

/** The report's lines for the inspection pass and the browser's build (table.ts prints them). */
import type { BuildRunResult, InspectRunResult } from '../shared/protocol';
import type { BenchResults, Outcome } from './results';

const mb = (bytes: number | null): string =>
  bytes === null ? 'n/a' : `${(bytes / 2 ** 20).toFixed(0)} MiB`;

const ms = (x: number): string => `${Math.round(x)} ms`;

/** One runtime's inspection: its session, then each context's median and split. */
export function inspectLine(r: InspectRunResult): string {
  const name = `${r.runtime} ${r.threads}t`;
  const fetched = r.fetchMs > 0 ? `fetch ${ms(r.fetchMs)}, ` : '';
  const contexts = r.figures.map(
    (f) =>
      `@${f.context} ${ms(f.totalMs)} (model ${ms(f.modelMs)}, summary ${ms(f.summaryMs)}; first ${ms(f.firstMs)}; ${f.runs} runs ${f.totalsMs.map(Math.round).join('/')}; run not fetching logits ${ms(f.modelWithoutLogitsMs)})`,
  );
  const profile = (r.profile ?? []).map(
    (p) =>
      `\n    profiled run @${p.context} ${ms(p.runMs)}: block linears ${ms(p.linearMs)}, logits at every position ${ms(p.logitsMs)}, lens ${ms(p.lensMs)}, attention ${ms(p.attentionMs)}, rest ${ms(p.otherMs)}`,
  );
  return `  ${name}: ${fetched}session ${ms(r.sessionMs)}; ${contexts.join('; ')}${profile.join('')}`;
}

/** One runtime's build: parse, each file, the total, and the peak memory. */
export function buildLine(r: BuildRunResult): string {
  const where = r.runtime === 'node' ? 'node (child process)' : 'chromium (bench worker)';
  const files = r.files.map((f) => `${f.file} ${ms(f.ms)} (${(f.bytes / 1e6).toFixed(0)} MB)`);
  const { baselineBytes, peakBytes } = r.memory;
  const apis = r.workerMemoryApis ? `; worker: ${r.workerMemoryApis}` : '';
  return (
    `  ${where}: load ${ms(r.loadMs)} (not in the total), parse ${ms(r.parseMs)}; ${files.join('; ')}; ` +
    `total ${ms(r.totalMs)}; peak ${mb(peakBytes)} (baseline ${mb(baselineBytes)}; ${r.memory.how})${apis}`
  );
}

function lines<T>(
  outcomes: [string, Outcome<T>][],
  line: (value: T) => string,
  errors: string[],
): string[] {
  return outcomes.flatMap(([label, outcome]) => {
    if (outcome.ok) return [line(outcome.value)];
    if (outcome.error !== 'not run') errors.push(`${label}: ${outcome.error}`);
    return [];
  });
}

/** The inspection and build sections, empty where neither part ran; failures go to `errors`. */
export function inspectBuildLines(r: BenchResults, errors: string[]): string[] {
  const inspect = lines(
    [
      ['inspect wasm', r.inspect.wasm],
      ['inspect node', r.inspect.node],
    ],
    inspectLine,
    errors,
  );
  const build = lines(
    [
      ['build node', r.build.node],
      ['build wasm', r.build.wasm],
    ],
    buildLine,
    errors,
  );
  const input = [r.build.node, r.build.wasm].find((o) => o.ok)?.value.inputBytes;
  return [
    ...(inspect.length > 0
      ? [
          'inspection pass (onnx/model_inspect.onnx; runInspection = model run + summary, median after one warm-up pass):',
          ...inspect,
        ]
      : []),
    ...(build.length > 0
      ? [
          `browser build from model.safetensors (${input === undefined ? '?' : (input / 1e6).toFixed(0)} MB): parse + each of BUILT_FILES, ms:`,
          ...build,
        ]
      : []),
  ];
}

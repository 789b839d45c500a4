/**
 * A child process of `npm run bench -- --only=longctx` (bench/lib/longContext.ts): one runtime's
 * decode step at context 16 and 1000 for each variant of the cache (longContextVariants.ts), in
 * one process so that the variants meet the same load one after the other. Each variant's two
 * contexts alternate step by step, so its ratio is read under one load. Usage:
 * tsx bench/lib/longContextChild.ts MODEL_DIR wasm|native THREADS [quick]; prints one JSON line
 * (LongContextReport) last.
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { InferenceSession } from 'onnxruntime-web';
import { parseModelConfig } from '../../src/engine/modelShape';
import { NO_SPINNING } from '../shared/protocol';
import { CONTEXTS, variantsFor, type Runtime, type StepRunner } from './longContextVariants';

export interface LongContextRow {
  variant: string;
  /** Median ms of one step (session.run plus the caller's own work) at each context. */
  ms: Record<string, number>;
  /** The fastest step at each context: what a busy machine's time-slicing distorts least. */
  minMs: Record<string, number>;
  /**
   * Median CPU time of the process per step (process.cpuUsage): the work itself, which other
   * processes' time slices do not lengthen. Meaningful where no idle thread spins: one WASM
   * thread, or onnxruntime-node with spinning off (as here); WASM's 2-thread pool spins.
   */
  cpuMs: Record<string, number>;
  /** step(1000) ÷ step(16). */
  ratio: number;
  /** 1-minute load average when the variant started. */
  load: number;
}

export interface LongContextReport {
  runtime: Runtime;
  threads: number;
  rows: LongContextRow[];
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

async function opener(runtime: Runtime, threads: number) {
  if (runtime === 'wasm') {
    const web = await import('onnxruntime-web');
    web.env.wasm.numThreads = threads;
    web.env.logLevel = 'error';
    return {
      Tensor: web.Tensor,
      open: (bytes: Uint8Array) =>
        web.InferenceSession.create(bytes, {
          executionProviders: ['wasm'],
          graphOptimizationLevel: 'all',
          logSeverityLevel: 3, // the probes leave initializers unused, which it warns of
        }),
    };
  }
  const node = await import('onnxruntime-node');
  return {
    // Both runtimes re-export onnxruntime-common's classes; the web type is the one code names.
    Tensor: node.Tensor,
    open: async (bytes: Uint8Array) =>
      (await node.InferenceSession.create(bytes, {
        intraOpNumThreads: threads,
        interOpNumThreads: 1,
        logSeverityLevel: 3,
        extra: NO_SPINNING,
      })) as unknown as InferenceSession,
  };
}

/** Warm-up steps at each context, then `rounds` timed steps at each, alternating. */
async function measure(run: StepRunner, rounds: number) {
  for (let i = 0; i < 6; i++) for (const c of CONTEXTS) await run(c);
  const times = new Map<number, number[]>(CONTEXTS.map((c) => [c, []]));
  const cpu = new Map<number, number[]>(CONTEXTS.map((c) => [c, []]));
  for (let i = 0; i < rounds; i++) {
    for (const c of CONTEXTS) {
      const used = process.cpuUsage();
      const start = performance.now();
      await run(c);
      times.get(c)!.push(performance.now() - start);
      const { user, system } = process.cpuUsage(used);
      cpu.get(c)!.push((user + system) / 1000);
    }
  }
  const per = (from: Map<number, number[]>, f: (values: number[]) => number) =>
    Object.fromEntries(CONTEXTS.map((c) => [String(c), round(f(from.get(c)!))]));
  return {
    ms: per(times, median),
    minMs: per(times, (values) => Math.min(...values)),
    cpuMs: per(cpu, median),
  };
}

async function main([modelDir, runtime, threadsText, quick]: string[]): Promise<void> {
  if (!modelDir || (runtime !== 'wasm' && runtime !== 'native') || !threadsText) {
    throw new Error('usage: tsx bench/lib/longContextChild.ts MODEL_DIR wasm|native THREADS');
  }
  const threads = Number(threadsText);
  const shape = parseModelConfig(JSON.parse(readFileSync(join(modelDir, 'config.json'), 'utf8')));
  const { Tensor, open } = await opener(runtime, threads);
  const rows: LongContextRow[] = [];
  for (const variant of variantsFor(runtime)) {
    const load = round(loadavg()[0], 2);
    const session = await open(variant.bytes(modelDir, shape));
    try {
      const runner = variant.runner(session, shape, Tensor);
      const { ms, minMs, cpuMs } = await measure(runner, quick ? 8 : 16);
      const ratio = round(ms[CONTEXTS[1]] / ms[CONTEXTS[0]], 2);
      rows.push({ variant: variant.name, ms, minMs, cpuMs, ratio, load });
      const line = `median ${JSON.stringify(ms)} ${ratio}×, fastest ${JSON.stringify(minMs)}, cpu ${JSON.stringify(cpuMs)}`;
      console.error(`${runtime} ${threads}t ${variant.name}: ${line}`);
    } finally {
      await session.release();
    }
  }
  const report: LongContextReport = { runtime, threads, rows };
  console.log(JSON.stringify(report));
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

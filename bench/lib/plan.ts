/** What the full run and `--quick` measure. */
import type { InspectPlan, MeasurePlan, ModelVariant, RuntimeBuild } from '../shared/protocol';

/** One engine contender: a runtime, a thread count, and whether idle threads may spin. */
export interface Contender {
  /** wasm: the app in Chromium; node: onnxruntime-node; node-wasm: onnxruntime-web in Node. */
  runtime: 'wasm' | 'node' | 'node-wasm';
  threads: number;
  spinning: boolean;
  /** Also run the naive no-cache loop. */
  naive: boolean;
  /** The model file: the app's slots interface, or the Hub export's (the app reads both). */
  variant: ModelVariant;
  /** onnxruntime-web's build in Chromium: the app's (plain for WASM), or the WebGPU one. */
  build: RuntimeBuild;
}

/**
 * The one name of a contender, in the table (`wasm 2t q8-file`) and, `compact`, in the ratios'
 * keys (`wasm2t q8-file`). Only what differs from the app's set-up is named.
 */
export const contenderName = (
  c: Pick<Contender, 'runtime' | 'threads' | 'variant'> & {
    spinning?: boolean;
    build?: RuntimeBuild;
  },
  compact = false,
): string =>
  `${c.runtime}${compact ? '' : ' '}${c.threads}t${c.spinning === false ? ' nospin' : ''}` +
  `${c.variant === 'slots' ? '' : ` ${c.variant}-file`}${c.build === 'webgpu' ? ' webgpu-build' : ''}`;

export interface BenchPlan {
  quick: boolean;
  contenders: Contender[];
  engine: MeasurePlan;
  naive: Pick<MeasurePlan, 'naiveContexts' | 'naiveSteps'>;
  tjs: { contexts: number[]; newTokens: number; warmup: MeasurePlan['warmup'] };
  /** SwiftShader WebGPU vs WASM on tiny-gpt2: a few steps, to show the fallback's cost. */
  webgpuTinySteps: number;
  ui: { steps: number; trace: boolean };
  /** The inspection pass: contexts and timed passes (after one warm-up pass each). */
  inspect: InspectPlan;
}

const NONE = { naiveContexts: [], naiveSteps: 0 };

export function makePlan(quick: boolean): BenchPlan {
  // WASM needs 10–20 s after session creation before its steps settle (see settle()).
  const warmup = quick ? { minMs: 10_000, maxMs: 25_000 } : { minMs: 15_000, maxMs: 45_000 };
  const engine: MeasurePlan = quick
    ? {
        prefill: [16, 128],
        contexts: [16, 128, 1000],
        decodeSteps: 5,
        rounds: 1,
        prefillRepeats: 1,
        warmup,
        ...NONE,
      }
    : {
        prefill: [16, 128],
        contexts: [16, 128, 512, 1000],
        decodeSteps: 6,
        rounds: 2,
        prefillRepeats: 3,
        warmup,
        ...NONE,
      };
  const c = (
    runtime: Contender['runtime'],
    threads: number,
    spinning = true,
    naive = false,
    variant: ModelVariant = 'slots',
    build: RuntimeBuild = 'plain',
  ): Contender => ({ runtime, threads, spinning, naive, variant, build });
  return {
    quick,
    // The app's set-up first (spinning threads, the runtimes' default, the slots file), then the
    // Hub file through the same engine and the app's engine on onnxruntime-web's WebGPU build
    // (the WASM backend runs there after a WebGPU fallback); --quick keeps what the issue's targets
    // are read from, to stay under 3 minutes: the app's own set-up (2 threads here), the q8 file,
    // transformers.js, native and the UI (the Hub file and the WebGPU build cost a minute between
    // them: a session of 9–14 s and a warm-up of 10 s each). Threads that sleep when idle
    // are measured on Node only: onnxruntime-web runs every session on one global thread pool
    // (its wasm/api.cc: CreateEnvWithGlobalThreadPools, DisablePerSessionThreads), which ignores
    // the session option `session.intra_op.allow_spinning`.
    contenders: quick
      ? [
          c('wasm', 2, true, true),
          c('wasm', 2, true, false, 'q8'),
          c('node', 2, true, false, 'q8'),
          c('node', 2, true, true),
        ]
      : [
          c('wasm', 1),
          c('wasm', 2, true, true),
          c('wasm', 2, true, false, 'hf'),
          c('wasm', 2, true, false, 'q8'),
          c('wasm', 2, true, false, 'slots', 'webgpu'),
          c('node', 1),
          c('node', 2, true, true),
          c('node', 2, true, false, 'hf'),
          c('node', 2, true, false, 'q8'),
          c('node', 2, false),
          c('node-wasm', 2),
        ],
    engine,
    naive: quick
      ? { naiveContexts: [128], naiveSteps: 2 }
      : { naiveContexts: [128, 512], naiveSteps: 3 },
    tjs: quick
      ? { contexts: [16], newTokens: 5, warmup }
      : { contexts: [16, 128], newTokens: 10, warmup },
    webgpuTinySteps: quick ? 0 : 3,
    ui: { steps: 500, trace: !quick },
    inspect: { contexts: [128, 512], repeats: quick ? 3 : 5 },
  };
}

/** The engine plan for one contender: the naive loop only where the plan asks for it. */
export function enginePlanFor(plan: BenchPlan, contender: Contender): MeasurePlan {
  const engine = contender.naive ? { ...plan.engine, ...plan.naive } : plan.engine;
  // Native code has no tier-up to wait for: a short settling is enough.
  if (contender.runtime === 'node') return { ...engine, warmup: { minMs: 2000, maxMs: 10_000 } };
  return engine;
}

/**
 * WebGPU on a software adapter, on tiny-gpt2: a few steps only, one warm-up batch (seconds each
 * on such an adapter). `wasm` is the same plan for WASM beside it, which settles as usual.
 */
export function tinyWebgpuPlans(steps: number): { webgpu: MeasurePlan; wasm: MeasurePlan } {
  const webgpu: MeasurePlan = {
    prefill: [16],
    contexts: [16],
    decodeSteps: steps,
    rounds: 1,
    prefillRepeats: 1,
    warmup: { minMs: 0, maxMs: 0 },
    ...NONE,
  };
  return { webgpu, wasm: { ...webgpu, warmup: { minMs: 5000, maxMs: 15_000 } } };
}

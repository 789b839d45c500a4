/**
 * Messages between the bench page, its worker and the Node driver (bench/run.ts), plus the
 * figures each contender returns. Plain data: everything crosses postMessage and JSON.
 */
import { HF_MODEL_FILE, SLOTS_MODEL_FILE, SLOTS_Q8_FILE } from '../../src/engine/modelCatalog';
import type { AdapterReport, RuntimeBuild } from '../../src/worker/protocol';
import type { BeamPlan, BeamRunResult } from './beamMeasure';

export type { BeamRunResult };

export type { RuntimeBuild };

/**
 * Session options of onnxruntime-node's `nospin` variants: the runtime's idle threads sleep
 * instead of spinning. Not the app's set-up; onnxruntime-web ignores it (one global thread pool).
 */
export const NO_SPINNING = { session: { intra_op: { allow_spinning: '0' } } };

/** What one contender measures; smaller in `--quick`. */
export interface MeasurePlan {
  /** Prompt lengths whose one-pass prefill is timed. */
  prefill: number[];
  /** Contexts N for decode steps: prefill N−1 tokens, then time single-token steps. */
  contexts: number[];
  /** Timed steps per context in each round; `rounds` passes over all contexts. */
  decodeSteps: number;
  rounds: number;
  /** Contexts for the naive loop (the full sequence through the model every step). */
  naiveContexts: number[];
  naiveSteps: number;
  /** Timed repeats of each prefill (after one warm-up pass). */
  prefillRepeats: number;
  /** Settling time before anything is timed (see `settle`). */
  warmup: { minMs: number; maxMs: number };
}

export interface Warmup {
  ms: number;
  batches: number;
  /** ms per step in the first and the last warm-up batch. */
  firstMs: number;
  settledMs: number;
}

export interface DecodeFigure {
  context: number;
  steps: number;
  /** Median milliseconds inside `session.run` per step. */
  modelMs: number;
  /** Median milliseconds of a whole `Generation.next()` (model + sampling + bookkeeping). */
  totalMs: number;
  tokensPerSec: number;
  /** Σ(totalMs − modelMs) / Σ totalMs over the timed steps, in %. */
  overheadPct: number;
  /** JSON length of one StepRecord (median over the timed steps), in bytes. */
  recordBytes: number;
  /** Median ms of a step before `session.run` is entered (building the feeds). */
  beforeRunMs: number;
  /** Median ms of a step after `session.run` settled (outputs, cache hand-over, sampling, record). */
  afterRunMs: number;
  /** Median ms of the app's sampling code alone (decide + candidate token views), same runtime. */
  samplingMs: number;
  /** Size of the float32 key/value cache at this context, in MiB: it leaves and re-enters the
   * runtime as JS tensors on every step (present.* → past_key_values.*). */
  cacheMB: number;
}

export interface NaiveFigure {
  context: number;
  steps: number;
  /** Median milliseconds for one step that pushes the whole sequence through the model. */
  stepMs: number;
}

export interface EngineFigures {
  /** Median prefill milliseconds by prompt length. */
  prefillMs: Record<string, number>;
  decode: DecodeFigure[];
  naive: NaiveFigure[];
  /** Greedy tokens after a fixed 16-token prompt, to compare contenders' outputs. */
  greedy16: number[];
  warmup: Warmup;
}

/**
 * Which model file of the folder: the app's slots interface (fp32 or q8 weights) or the Hub
 * export's interface (fp32), all with the same weights.
 */
export type ModelVariant = 'slots' | 'hf' | 'q8';

export const VARIANT_FILES: Record<ModelVariant, string> = {
  slots: SLOTS_MODEL_FILE,
  hf: HF_MODEL_FILE,
  q8: SLOTS_Q8_FILE,
};

export interface AppRunResult extends EngineFigures {
  kind: 'app';
  variant: ModelVariant;
  build: RuntimeBuild;
  /** Model folder name, e.g. gpt2-shaped. */
  model: string;
  backend: 'wasm' | 'webgpu';
  threadsAsked: number;
  /** WASM threads the session runs on (createWebSession's `threads`; 0 on WebGPU). */
  threadsUsed: number;
  crossOriginIsolated: boolean;
  fetchMs: number;
  sessionMs: number;
  /** onnxruntime-web's .mjs/.wasm files the worker fetched (which build ran). */
  runtimeFiles: string[];
}

export interface TjsDecodeFigure {
  context: number;
  /** Tokens timed (after the first, whose time includes the prefill). */
  steps: number;
  /** Median ms between two tokens as `generate` hands them to its streamer. */
  perTokenMs: number;
  tokensPerSec: number;
}

export interface TjsRunResult {
  kind: 'tjs';
  threadsAsked: number;
  threadsUsed: number;
  crossOriginIsolated: boolean;
  loadMs: number;
  /** onnxruntime-web's .mjs/.wasm files the worker fetched (which build ran). */
  runtimeFiles: string[];
  /** Per-token time at each context N (prompt of N−1 tokens, greedy, eos_token_id null). */
  decode: TjsDecodeFigure[];
  /** Greedy tokens it generated after the same 16-token prompt. */
  greedy16: number[];
  warmup: Warmup;
}

export interface ProbeResult {
  kind: 'probe';
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  userAgent: string;
  adapter: AdapterReport | null;
  /** jsProbeMs() and freshMemoryProbeMs() in the bench worker. */
  jsProbeMs: number;
  freshMemoryProbeMs: number;
}

/** One inspection pass's figures at one context (bench/shared/inspectMeasure.ts). */
export interface InspectFigure {
  context: number;
  /** Timed passes (after one warm-up pass at this context). */
  runs: number;
  /** The warm-up pass: the first at this context length (fresh buffers of that size). */
  firstMs: number;
  /** Median ms of runInspection as the app calls it (model run + summary). */
  totalMs: number;
  /** Median ms inside `session.run`. */
  modelMs: number;
  /** Median ms of the rest: reading the outputs, summarizeInspection, releasing the outputs. */
  summaryMs: number;
  /** Every timed pass, in ms, in order. */
  totalsMs: number[];
  /**
   * Median ms of a bare `session.run` fetching every output but `logits` (the logits of every
   * position, which only the prefill's view reads), timed between the passes. The runtime still
   * computes them: the difference from modelMs is handing them out.
   */
  modelWithoutLogitsMs: number;
}

/** Kernel milliseconds of one run, by kind of work. */
export interface RunSplit {
  context: number;
  /** The run as the profiler timed it (kernels, and the executor between them). */
  runMs: number;
  /** The blocks' linear layers: MatMuls on [1, seq, d] or [1, seq, 4d]. */
  linearMs: number;
  /** The tied head on every position: the Gemm on [seq, d] × [vocab, d]ᵀ. */
  logitsMs: number;
  /** The logit lens: the same head on [layers, d]. */
  lensMs: number;
  /** Scores, mask, softmax and the weighted sum over [1, heads, seq, ·]. */
  attentionMs: number;
  /** Everything else: LayerNorms, GELU, adds, reshapes, the embedding. */
  otherMs: number;
}

/** The inspection pass on one runtime: session creation, then each context. */
export interface InspectRunResult {
  kind: 'inspect';
  runtime: 'node' | 'wasm';
  threads: number;
  /** Fetching the inspection file (the bench page only; 0 on Node, which reads it from disk). */
  fetchMs: number;
  /** Creating the session, which the app does on a model's first inspect. */
  sessionMs: number;
  figures: InspectFigure[];
  /** Node only: one profiled run per context, by kind of work (bench/lib/inspectProfile.ts). */
  profile?: RunSplit[];
}

/** What the inspection part measures. */
export interface InspectPlan {
  contexts: number[];
  /** Timed passes per context, after one warm-up pass. */
  repeats: number;
}

/** One file of the build: the ms to make its bytes, and their size. */
export interface BuiltFileFigure {
  file: string;
  ms: number;
  bytes: number;
}

/** Parse + build of the app's files from model.safetensors (bench/shared/buildMeasure.ts). */
export interface BuildFigures {
  /** Bytes of model.safetensors. */
  inputBytes: number;
  /** Getting its bytes: a read from disk (Node) or a fetch from the dev server (the page). */
  loadMs: number;
  /** readSafetensors + the checks against the shape (gpt2WeightsFromSafetensors). */
  parseMs: number;
  files: BuiltFileFigure[];
  /** parseMs + every file's ms. */
  totalMs: number;
}

/** Memory of the process that built the files, in bytes (null where it could not be read). */
export interface BuildMemory {
  /** Before model.safetensors was read: the process's own start-up. */
  baselineBytes: number | null;
  /** Peak resident set: maxRSS in Node, VmHWM of Chromium's renderer process in the page. */
  peakBytes: number | null;
  /** How it was read, or why it could not be. */
  how: string;
}

export interface BuildRunResult extends BuildFigures {
  kind: 'build';
  runtime: 'node' | 'wasm';
  memory: BuildMemory;
  /** The page only: which memory APIs its worker exposes (performance.memory, etc.). */
  workerMemoryApis?: string;
}

export type BenchRequest =
  | { kind: 'probe' }
  | {
      kind: 'beam';
      threads: number;
      /** Folder URL of the model, ending in '/'; its slots file and Hub file are read. */
      modelUrl: string;
      plan: BeamPlan;
    }
  | {
      kind: 'inspect';
      threads: number;
      /** Folder URL of the model, ending in '/'. */
      modelUrl: string;
      plan: InspectPlan;
    }
  | {
      kind: 'build';
      /** Folder URL of the model (its config.json), ending in '/'. */
      modelUrl: string;
      /** URL of the model.safetensors to build from. */
      weightsUrl: string;
    }
  | {
      kind: 'app';
      backend: 'wasm' | 'webgpu';
      threads: number;
      /** Folder URL of the model, ending in '/'. */
      modelUrl: string;
      /** The model file inside the folder, by interface. */
      variant: ModelVariant;
      /** The onnxruntime-web build that runs it; the app's own for the backend when absent. */
      build?: RuntimeBuild;
      plan: MeasurePlan;
    }
  | {
      kind: 'tjs';
      threads: number;
      /** env.localModelPath, e.g. '/models/'. */
      localModelPath: string;
      modelId: string;
      /** Folder URL of transformers.js's own onnxruntime-web dist files, ending in '/'. */
      wasmPrefix: string;
      /** Contexts N to time tokens at: a prompt of N−1 tokens, then `newTokens` tokens. */
      contexts: number[];
      newTokens: number;
      warmup: MeasurePlan['warmup'];
    };

export type BenchResult =
  ProbeResult | AppRunResult | TjsRunResult | InspectRunResult | BuildRunResult | BeamRunResult;

declare global {
  interface Window {
    /** Set by bench/page/main.ts: runs one request in a fresh worker. */
    stepwiseBench: (request: BenchRequest) => Promise<BenchResult>;
    stepwiseBenchLog: string[];
  }
}

export type BenchReply =
  | { kind: 'log'; line: string }
  | { kind: 'result'; result: BenchResult }
  | { kind: 'error'; message: string };

/** The fixed, deterministic token ids every contender reads. */
export function benchTokens(count: number): number[] {
  return Array.from({ length: count }, (_, i) => (i * 7919 + 13) % 50000);
}

/**
 * Messages between the bench page, its worker and the Node driver (scripts/bench.ts), plus the
 * figures each contender returns. Plain data: everything crosses postMessage and JSON.
 */
import type { AdapterReport } from '../src/worker/protocol';

/** What one contender measures; smaller in `--quick`. */
export interface MeasurePlan {
  /** Prompt lengths whose one-pass prefill is timed. */
  prefill: number[];
  /** Contexts N for decode steps: prefill N−1 tokens, then time single-token steps. */
  contexts: number[];
  decodeSteps: number;
  /** Contexts for the naive loop (the full sequence through the model every step). */
  naiveContexts: number[];
  naiveSteps: number;
  /** Timed repeats of each prefill (after one warm-up pass). */
  prefillRepeats: number;
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
}

export interface AppRunResult extends EngineFigures {
  kind: 'app';
  backend: 'wasm' | 'webgpu';
  threadsAsked: number;
  /** Threads the app's ort-web set-up reported (ort.env.wasm.numThreads). */
  threadsUsed: number;
  crossOriginIsolated: boolean;
  fetchMs: number;
  sessionMs: number;
}

export interface TjsRunResult {
  kind: 'tjs';
  threadsAsked: number;
  threadsUsed: number;
  crossOriginIsolated: boolean;
  loadMs: number;
  promptLength: number;
  newTokens: number;
  /** Median ms of `generate` with max_new_tokens 1 (prefill + one token). */
  oneTokenMs: number;
  /** Median ms of `generate` with max_new_tokens newTokens + 1. */
  manyTokensMs: number;
  perTokenMs: number;
  tokensPerSec: number;
  /** Greedy tokens it generated after the same 16-token prompt. */
  greedy16: number[];
}

export interface ProbeResult {
  kind: 'probe';
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
  userAgent: string;
  adapter: AdapterReport | null;
}

export type BenchRequest =
  | { kind: 'probe' }
  | {
      kind: 'app';
      backend: 'wasm' | 'webgpu';
      threads: number;
      /** Folder URL of the model, ending in '/'. */
      modelUrl: string;
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
      promptLength: number;
      newTokens: number;
      repeats: number;
    };

export type BenchResult = ProbeResult | AppRunResult | TjsRunResult;

declare global {
  interface Window {
    /** Set by bench/main.ts: runs one request in a fresh worker. */
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

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

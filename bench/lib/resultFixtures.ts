/**
 * Made-up figures for the bench's unit tests: contenders and runs with only the numbers a test
 * sets, every other field a plain default.
 */
import type {
  AppRunResult,
  BuildRunResult,
  DecodeFigure,
  EngineFigures,
  InspectFigure,
  InspectRunResult,
  NaiveFigure,
  TjsRunResult,
} from '../shared/protocol';
import type { MachineInfo } from './machine';
import type { NodeRunResult } from './node';
import { emptyResults, type BenchResults, type Outcome } from './results';
import type { UiResult } from './ui';

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });

/** A decode figure at `context` whose whole step took `totalMs` (model 90 % of it). */
export function step(
  context: number,
  totalMs: number,
  more: Partial<DecodeFigure> = {},
): DecodeFigure {
  return {
    context,
    steps: 6,
    modelMs: totalMs * 0.9,
    totalMs,
    tokensPerSec: Number((1000 / totalMs).toFixed(2)),
    overheadPct: 1,
    recordBytes: 300,
    beforeRunMs: 0.1,
    afterRunMs: 0.2,
    samplingMs: 0.05,
    cacheMB: 1,
    ...more,
  };
}

function engine(more: Partial<EngineFigures>): EngineFigures {
  return {
    prefillMs: { '16': 40, '128': 200 },
    decode: [step(16, 20), step(128, 25), step(1000, 30)],
    naive: [],
    greedy16: [1, 2, 3, 4, 5],
    warmup: { ms: 12_000, batches: 4, firstMs: 40, settledMs: 21 },
    ...more,
  };
}

/** A naive-loop figure at `context`: each of its 3 steps took `stepMs`. */
export const naive = (context: number, stepMs: number): NaiveFigure => ({
  context,
  steps: 3,
  stepMs,
});

export function appRun(more: Partial<AppRunResult> = {}): AppRunResult {
  return {
    kind: 'app',
    variant: 'slots',
    build: 'plain',
    model: 'gpt2-shaped',
    backend: 'wasm',
    threadsAsked: 2,
    threadsUsed: 2,
    crossOriginIsolated: true,
    fetchMs: 500,
    sessionMs: 9000,
    runtimeFiles: ['ort-wasm-simd-threaded.wasm'],
    ...engine(more),
    ...more,
  };
}

export function nodeRun(more: Partial<NodeRunResult> = {}): NodeRunResult {
  return {
    kind: 'node',
    runtime: 'native',
    threads: 2,
    spinning: true,
    variant: 'slots',
    sessionMs: 3000,
    ...engine(more),
    ...more,
  };
}

export function tjsRun(more: Partial<TjsRunResult> = {}): TjsRunResult {
  return {
    kind: 'tjs',
    threadsAsked: 2,
    threadsUsed: 2,
    crossOriginIsolated: true,
    loadMs: 7000,
    runtimeFiles: [],
    decode: [{ context: 16, steps: 10, perTokenMs: 40, tokensPerSec: 25 }],
    greedy16: [1, 2, 3, 4, 5],
    warmup: { ms: 11_000, batches: 3, firstMs: 60, settledMs: 41 },
    ...more,
  };
}

/** One context of the inspection pass whose whole pass took `totalMs` (model 90 % of it). */
export function inspectAt(context: number, totalMs: number): InspectFigure {
  return {
    context,
    runs: 3,
    firstMs: totalMs * 2,
    totalMs,
    modelMs: totalMs * 0.9,
    summaryMs: totalMs * 0.1,
    totalsMs: [totalMs, totalMs, totalMs],
    modelWithoutLogitsMs: totalMs * 0.7,
  };
}

export function inspectRun(more: Partial<InspectRunResult> = {}): InspectRunResult {
  return {
    kind: 'inspect',
    runtime: 'wasm',
    threads: 2,
    fetchMs: 400,
    sessionMs: 6000,
    figures: [inspectAt(128, 1000), inspectAt(512, 5000)],
    ...more,
  };
}

export function buildRun(more: Partial<BuildRunResult> = {}): BuildRunResult {
  return {
    kind: 'build',
    runtime: 'node',
    inputBytes: 498e6,
    loadMs: 700,
    parseMs: 400,
    files: [
      { file: 'onnx/model_slots.onnx', ms: 1500, bytes: 498e6 },
      { file: 'onnx/model_slots_quantized.onnx', ms: 3700, bytes: 128e6 },
      { file: 'onnx/model_inspect.onnx', ms: 1500, bytes: 498e6 },
    ],
    totalMs: 7100,
    memory: { baselineBytes: 2 ** 27, peakBytes: 3 * 2 ** 29, how: 'maxRSS' },
    ...more,
  };
}

export function machine(more: Partial<MachineInfo> = {}): MachineInfo {
  return {
    date: '2025-01-01T00:00:00.000Z',
    cpuModel: 'Test CPU',
    cores: 2,
    memoryGiB: 8,
    loadAverageStart: [0.5, 0.4, 0.3],
    loadAverageEnd: [1, 0.8, 0.6],
    loadAtStart: {},
    node: 'v20.0.0',
    chromium: '140.0',
    jsProbeNodeMs: 0.5,
    freshMemoryProbeNodeMs: 20,
    versions: {},
    ...more,
  };
}

/** The app page's figures: no long tasks, 2 KB kept per step, Play and a second run measured. */
export function uiResult(more: Partial<UiResult> = {}): UiResult {
  return {
    url: '/?model=tiny-gpt2&ep=wasm&steps=500&autoplay=1',
    steps: 250,
    generateMs: 9000,
    longTasks: 0,
    longTaskMaxMs: 0,
    longTasksWhileGenerating: 0,
    longTasksBeforeGenerating: 0,
    longestTasks: [],
    worstFrameGapMs: 33,
    worstFrameGapWholePageMs: 40,
    exportBytes: 500_000,
    bytesPerStep: 2000,
    stopReason: 'context_limit',
    playback: {
      steps: 500,
      speed: 20,
      playMs: 25_000,
      longTasks: 0,
      longTaskMaxMs: 0,
      worstFrameGapMs: 20,
    },
    again: { steps: 250, generateMs: 8000, longTasks: 0, longTaskMaxMs: 0, worstFrameGapMs: 30 },
    ...more,
  };
}

/** A run's results holding these parts, the rest not run. */
export function results(more: Partial<BenchResults> = {}): BenchResults {
  const base = emptyResults({
    quick: true,
    model: 'gpt2-shaped',
    machine: machine(),
    q8: 'q8 files: model_slots_quantized.onnx',
    pageUrl: 'http://127.0.0.1:5199/bench/page/index.html',
  });
  return { ...base, ...more };
}

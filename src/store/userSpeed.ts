/**
 * The model check's speed estimate, made the user's where this browser has measured: the step
 * times of the user's own runs (each step records `modelMs`) of a known model on the backend that
 * will run, scaled by the weights a step reads (engine/hubSpeed.ts). Without such a run, the
 * reference machine's figure, named as such.
 */
import { useMemo } from 'react';
import { HUB_CATALOGUE } from '../engine/hubCatalogue';
import {
  MIN_BASIS_PARAMETERS,
  scaleMeasuredStepMs,
  wasmStepEstimateMs,
  type MeasuredStep,
  type SpeedBackend,
} from '../engine/hubSpeed';
import { modelFromId, type Precision } from '../engine/modelCatalog';
import { useAppStore } from './appStore';
import type { Run } from './run';

/** GPT-2 small with its embeddings (what the bench's 17.4 ms is per). */
const GPT2_SMALL = 124.4e6;

/**
 * Parameters of the models whose size the page knows without their config: GPT-2 small in its
 * sources (the site's own, random weights at its shape, the Hub's, built in the browser),
 * distilgpt2 built, Qwen2.5-0.5B's shape, and the catalogue's Hub models.
 */
const KNOWN_PARAMETERS: Readonly<Record<string, number>> = {
  gpt2: GPT2_SMALL,
  'gpt2-shaped': GPT2_SMALL,
  'Xenova/gpt2': GPT2_SMALL,
  'openai-community/gpt2': GPT2_SMALL,
  'distilbert/distilgpt2': 82e6,
  'qwen-shaped': 494e6,
  ...Object.fromEntries(HUB_CATALOGUE.map((m) => [m.repo, m.parameters])),
};

/** The parameters of `modelId` where the page knows them, and its file's precision. */
export function knownModelSize(
  modelId: string,
): { parameters: number; precision: Precision } | null {
  const spec = modelFromId(modelId);
  if (!spec || spec.origin === 'files') return null;
  const parameters = KNOWN_PARAMETERS[spec.id.split(/[@:]/)[0]];
  return parameters === undefined ? null : { parameters, precision: spec.precision };
}

/** Steps read at short context only: the estimate is a step's time at the start of a text. */
const SHORT_CONTEXT = 256;
/** Decode steps a run needs to count as a measurement. */
const MIN_STEPS = 3;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** A run measured here, as the estimate's basis. */
export interface SpeedBasis extends MeasuredStep {
  runId: string;
  modelId: string;
  /** Decode steps the median is over. */
  steps: number;
  createdAt: number;
}

/**
 * `run` as a measurement: made in this browser (an imported run has no backend) with the KV cache,
 * of a known model of at least MIN_BASIS_PARAMETERS, its decode steps' median model time at short
 * context (step 1 holds the prefill and is left out). Null where it is none.
 */
export function measuredStep(run: Run): SpeedBasis | null {
  const size = knownModelSize(run.modelId);
  if (!run.backend || run.config.cache === false || !size) return null;
  if (size.parameters < MIN_BASIS_PARAMETERS) return null;
  const times = run.steps
    .slice(1)
    .filter((s) => s.contextLength <= SHORT_CONTEXT && s.modelMs > 0)
    .map((s) => s.modelMs);
  if (times.length < MIN_STEPS) return null;
  return {
    ...size,
    backend: run.backend,
    ms: median(times),
    runId: run.id,
    modelId: run.modelId,
    steps: times.length,
    createdAt: run.createdAt,
  };
}

/** The estimate the check shows: its time a step, and what it is based on. */
export type SpeedEstimate =
  | { ms: number; basis: 'measured'; backend: SpeedBackend; run: SpeedBasis }
  | { ms: number; basis: 'reference' };

/**
 * The backend the checked model will run on: the one chosen in the settings, else (auto) the
 * loaded model's, else the one this browser's newest measured run used (auto chose it then).
 */
export function targetBackend(
  ep: 'auto' | SpeedBackend,
  loaded: SpeedBackend | null,
  runs: readonly Run[],
): SpeedBackend | null {
  if (ep !== 'auto') return ep;
  if (loaded) return loaded;
  return newestBasis(runs, null)?.backend ?? null;
}

function newestBasis(runs: readonly Run[], backend: SpeedBackend | null): SpeedBasis | null {
  let best: SpeedBasis | null = null;
  for (const run of runs) {
    if (backend && run.backend !== backend) continue;
    const basis = measuredStep(run);
    if (basis && (!best || basis.createdAt >= best.createdAt)) best = basis;
  }
  return best;
}

/**
 * The step time of a model of `parameters` in `precision`: from the newest run measured here on
 * `backend`, scaled by the weights a step reads; else the reference machine's (WASM).
 */
export function estimateStepMs(
  runs: readonly Run[],
  backend: SpeedBackend | null,
  parameters: number,
  precision: Precision,
): SpeedEstimate {
  const basis = backend ? newestBasis(runs, backend) : null;
  if (basis && backend) {
    const ms = scaleMeasuredStepMs(basis, parameters, precision);
    return { ms, basis: 'measured', backend, run: basis };
  }
  return { ms: wasmStepEstimateMs(parameters, precision), basis: 'reference' };
}

/**
 * The estimate for a checked model of `parameters` in `precision`, from the runs this browser
 * holds and the backend that will run (re-made only when one of them changes).
 */
export function useSpeedEstimate(parameters: number, precision: Precision): SpeedEstimate {
  const runs = useAppStore((s) => s.runs);
  const ep = useAppStore((s) => s.settings.ep);
  const loaded = useAppStore((s) => s.model.backend);
  return useMemo(
    () => estimateStepMs(runs, targetBackend(ep, loaded, runs), parameters, precision),
    [runs, ep, loaded, parameters, precision],
  );
}

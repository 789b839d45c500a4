/**
 * What the app's own model files (the slots interface) return beside the logits, so that greedy,
 * top-k and top-p steps need no JavaScript pass over the 50 257 logits (plain sampling still walks
 * the ids up to its draw): the most likely token ids in order, the log of the softmax normaliser,
 * and the mean logit under the softmax (which gives the entropy). The runtime computes them with
 * vectorised kernels in a fraction of the time a JS loop with `Math.exp` takes. Models without
 * these outputs (the Hub's export) get the same numbers from `logitMoments` below.
 */
import type { Tensor } from 'onnxruntime-web';

/** Output names, shared by the writer (src/engine/build/logitSummaryGraph.ts) and the engine. */
export const SUMMARY_OUTPUTS = {
  topIds: 'top_ids',
  logNorm: 'log_norm',
  meanLogit: 'mean_logit',
} as const;

/** How many ranked ids the model returns: the candidates shown (20) and small top-k fit in. */
export const SUMMARY_TOP = 64;

/** Of the last position's logits x (temperature 1). */
export interface LogitSummary {
  /** The most likely ids, most likely first (ties: lower id first). */
  topIds: number[];
  /** log Σ exp(x): probability of id i is exp(x_i − logNorm). */
  logNorm: number;
  /** Σ softmax(x)·x; the entropy in nats is logNorm − meanLogit. */
  meanLogit: number;
}

/** log Σ exp(x) and Σ softmax(x)·x of x = logits · scale, in float64, shifted by the max. */
export function logitMoments(
  logits: Float32Array,
  scale = 1,
): Pick<LogitSummary, 'logNorm' | 'meanLogit'> {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i] * scale);
  let z = 0;
  let weighted = 0;
  for (let i = 0; i < logits.length; i++) {
    const x = logits[i] * scale - max;
    const e = Math.exp(x);
    z += e;
    weighted += e * x;
  }
  return { logNorm: max + Math.log(z), meanLogit: max + weighted / z };
}

/** Entropy in bits of the softmax the moments describe. */
export const entropyBits = (m: Pick<LogitSummary, 'logNorm' | 'meanLogit'>): number =>
  Math.max(0, (m.logNorm - m.meanLogit) / Math.LN2);

type Outputs = Record<string, Tensor | undefined>;

/** The summary of the last row, when the model returned one. */
export function readLogitSummary(outputs: Outputs): LogitSummary | undefined {
  const logNorm = outputs[SUMMARY_OUTPUTS.logNorm];
  return logNorm ? readLogitSummaryRow(outputs, logNorm.data.length - 1) : undefined;
}

/**
 * The summary of row `row` of the rows that got logits (a batched beam step has one per beam),
 * when the model returned one.
 */
export function readLogitSummaryRow(outputs: Outputs, row: number): LogitSummary | undefined {
  const top = outputs[SUMMARY_OUTPUTS.topIds];
  const logNorm = outputs[SUMMARY_OUTPUTS.logNorm];
  const mean = outputs[SUMMARY_OUTPUTS.meanLogit];
  if (!top || !logNorm || !mean) return undefined;
  if (
    !(top.data instanceof BigInt64Array) ||
    !(logNorm.data instanceof Float32Array) ||
    !(mean.data instanceof Float32Array) ||
    row < 0 ||
    row >= logNorm.data.length
  ) {
    return undefined;
  }
  const k = top.dims[top.dims.length - 1];
  const ids = top.data.subarray(row * k, (row + 1) * k);
  const summary = {
    topIds: Array.from(ids, Number),
    logNorm: logNorm.data[row],
    meanLogit: mean.data[row],
  };
  // A summary that is not finite (a broken or overflowing model) is ignored: decide recomputes.
  return Number.isFinite(summary.logNorm) && Number.isFinite(summary.meanLogit)
    ? summary
    : undefined;
}

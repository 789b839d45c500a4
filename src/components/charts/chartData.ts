/**
 * Pure data shaping for RunCharts: kept apart from uPlot and React so it can be unit-tested in
 * node, and so the component only hands ready arrays to `setData`.
 */
import type { StepRecord } from '../../engine/generation';
import { median } from '../shared/stats';

/** Column arrays over the run, one entry per step, in step order (uPlot's aligned layout). */
export interface RunChartData {
  /** Step numbers: the shared x values. */
  x: number[];
  /** Probability of the chosen token (after temperature, before cut-offs). */
  prob: number[];
  /** Entropy of the next-token distribution, in bits. */
  entropy: number[];
  /**
   * Model milliseconds per step, `null` for the first step: its model run was the prefill that
   * read the whole prompt at once, a different kind of work that would dwarf the decode steps.
   */
  decodeMs: (number | null)[];
  /** The first step's model milliseconds (the prefill), or null with no steps. */
  prefillMs: number | null;
}

export interface RunSummary {
  count: number;
  medianProb: number | null;
  medianEntropy: number | null;
  /** Median over the decode steps only (the prefill left out). */
  medianDecodeMs: number | null;
}

export function buildChartData(steps: readonly StepRecord[]): RunChartData {
  const n = steps.length;
  const x = new Array<number>(n);
  const prob = new Array<number>(n);
  const entropy = new Array<number>(n);
  const decodeMs = new Array<number | null>(n);
  for (let i = 0; i < n; i++) {
    const s = steps[i];
    x[i] = s.step;
    prob[i] = s.chosenProb;
    entropy[i] = s.entropy;
    decodeMs[i] = i === 0 ? null : s.modelMs;
  }
  return { x, prob, entropy, decodeMs, prefillMs: n > 0 ? steps[0].modelMs : null };
}

export function summarise(data: RunChartData): RunSummary {
  return {
    count: data.x.length,
    medianProb: median(data.prob),
    medianEntropy: median(data.entropy),
    medianDecodeMs: median(data.decodeMs.filter((v): v is number => v !== null)),
  };
}

/**
 * The step whose x is nearest to `x` (a value read off the chart under the pointer), or null
 * with no steps. `xs` must be sorted ascending, as step numbers are.
 */
export function nearestStep(xs: ArrayLike<number>, x: number): number | null {
  const n = xs.length;
  if (n === 0 || Number.isNaN(x)) return null;
  let lo = 0;
  let hi = n - 1;
  // Binary search for the first x ≥ target: a thousand steps stay a handful of comparisons.
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && x - xs[lo - 1] <= xs[lo] - x) return xs[lo - 1];
  return xs[lo];
}

/**
 * The x range to show: half a step of margin either side, so the first and last points are not
 * cut in half and a lone step still gets a range of width one instead of a degenerate scale.
 */
export function xRange(xs: ArrayLike<number>): [number, number] {
  if (xs.length === 0) return [0.5, 1.5];
  return [xs[0] - 0.5, xs[xs.length - 1] + 0.5];
}

/** An upper bound for a scale starting at zero: a little headroom, never zero-height. */
export function headroom(max: number, fallback = 1): number {
  return Number.isFinite(max) && max > 0 ? max * 1.15 : fallback;
}

/**
 * Upper bound of the milliseconds scale. Set by the decode steps, so the rhythm of the serial loop
 * stays readable even when the prefill took ten times longer (that point is then drawn clamped);
 * with no decode step yet, by the prefill.
 */
export function msScaleMax(data: RunChartData): number {
  let max = 0;
  for (const v of data.decodeMs) if (v !== null && v > max) max = v;
  if (max === 0 && data.prefillMs !== null) max = data.prefillMs;
  return headroom(max);
}

export function maxOf(values: readonly number[]): number {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return max;
}

/** The prefill against the decode steps, from a run's recorded model times: pure arithmetic. */
import type { StepRecord } from '../../engine/generation';
import { median } from '../shared/stats';

export interface PrefillRatio {
  /** Step 1's model time: its run was the prefill, over every prompt position. */
  prefillMs: number;
  /** The median model time of steps 2 onwards, each one new position; null before step 2. */
  medianDecodeMs: number | null;
  decodeSteps: number;
  /** How many decode steps the prefill cost: prefill ms / median decode-step ms. */
  ratio: number | null;
}

export function prefillRatio(steps: readonly StepRecord[]): PrefillRatio | null {
  if (steps.length === 0) return null;
  const prefillMs = steps[0].modelMs;
  const decode = steps.slice(1).map((s) => s.modelMs);
  const medianDecodeMs = median(decode);
  const ratio = medianDecodeMs !== null && medianDecodeMs > 0 ? prefillMs / medianDecodeMs : null;
  return { prefillMs, medianDecodeMs, decodeSteps: decode.length, ratio };
}

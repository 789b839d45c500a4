/**
 * The numbers of the time comparison of two runs: each run's model time per step on one shared
 * step axis, and each run's total model time. With the cache a step after the first feeds one
 * token; without it every step reads the whole sequence, so its curve climbs with the context.
 */
import type { Run } from '../../store/run';

export interface CompareTimeData {
  /** Step numbers 1…n, n the longer run's step count. */
  x: number[];
  /** Model ms per step of each run, null past its last step. */
  a: (number | null)[];
  b: (number | null)[];
}

/** Both runs' model time per step, aligned by step number. */
export function compareTimeData(a: Run, b: Run): CompareTimeData {
  const n = Math.max(a.steps.length, b.steps.length);
  const x = Array.from({ length: n }, (_, i) => i + 1);
  const column = (run: Run) => x.map((_, i) => run.steps[i]?.modelMs ?? null);
  return { x, a: column(a), b: column(b) };
}

/** The run's whole model time: the prefill (step 1's model run) and every later step's. */
export function totalModelMs(run: Run): number {
  return run.steps.reduce((sum, s) => sum + s.modelMs, 0);
}

/** A total as the comparison writes it: whole ms, a tenth below 10 ms. */
export const formatTotal = (ms: number): string => (ms < 10 ? ms.toFixed(1) : ms.toFixed(0));

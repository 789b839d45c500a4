/** What the sampling tests share: settings, seeded random logits, and plain reference answers. */
import { createRng } from '../rng';
import { DEFAULT_SAMPLING, type Decision, type SamplingParams } from '../sampling';

export const sample = (extra: Partial<SamplingParams> = {}): SamplingParams => ({
  ...DEFAULT_SAMPLING,
  strategy: 'sample',
  ...extra,
});
export const greedy: SamplingParams = { ...DEFAULT_SAMPLING, strategy: 'greedy' };

/** Random logits in the range of a real model's, from a seeded stream so failures reproduce. */
export function randomLogits(n: number, seed: number, scale = 8): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => (rng() - 0.5) * scale);
}

/** Logits whose softmax is `probs` (which sum to 1). */
export const logitsOf = (probs: number[]): Float32Array => Float32Array.from(probs, Math.log);

export const eligibleIds = (d: Decision): number[] =>
  d.candidates.filter((c) => c.eligible).map((c) => c.id);

/** The first index of the largest value, by a plain scan. */
export function naiveArgmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/**
 * What a run without the KV cache costs, counted in positions the model computes: an exact count,
 * where a time would be a guess. With the cache the prefill computes the prompt and each later
 * step one position; without it, step k computes all prompt + k − 1 positions again.
 */
export interface CacheOffCost {
  /** Steps the run can make: those asked for, within the context. */
  steps: number;
  /** Positions computed in all without the cache. */
  withoutCache: number;
  /** Positions computed in all with it. */
  withCache: number;
}

export function cacheOffCost(promptTokens: number, steps: number, context: number): CacheOffCost {
  const prompt = Math.max(0, Math.floor(promptTokens));
  // Step k reads prompt + k − 1 positions: the last one the context allows is k = context − prompt + 1.
  const made = Math.max(0, Math.min(Math.floor(steps), context - prompt + 1));
  if (prompt === 0 || made === 0) return { steps: 0, withoutCache: 0, withCache: 0 };
  return {
    steps: made,
    withoutCache: made * prompt + (made * (made - 1)) / 2,
    withCache: prompt + made - 1,
  };
}

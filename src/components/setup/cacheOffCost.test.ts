import { describe, expect, it } from 'vitest';
import { cacheOffCost } from './cacheOffCost';

/** The positions each step computes, added one step at a time: what the formula must equal. */
function counted(prompt: number, steps: number, context: number, cache: boolean): number {
  let total = 0;
  for (let k = 1; k <= steps && prompt + k - 1 <= context; k++) {
    total += k === 1 || !cache ? prompt + k - 1 : 1;
  }
  return total;
}

describe('the cost of a run without the KV cache', () => {
  it.each([
    [4, 1, 256],
    [4, 30, 256],
    [200, 100, 256],
    [256, 5, 256],
    [1, 1024, 1024],
    [500, 600, 1024],
  ])('prompt %i, %i steps, context %i: counts what each step computes', (p, s, c) => {
    const cost = cacheOffCost(p, s, c);
    expect(cost.withoutCache).toBe(counted(p, s, c, false));
    expect(cost.withCache).toBe(counted(p, s, c, true));
  });

  it('stops counting at the context limit, as the run stops', () => {
    // 250 prompt tokens in 256 positions: steps 1…7 read 250…256 positions, step 8 is never made.
    expect(cacheOffCost(250, 100, 256)).toEqual({
      steps: 7,
      withoutCache: 7 * 250 + 21,
      withCache: 256,
    });
  });

  it('counts nothing for an empty prompt or one past the context', () => {
    expect(cacheOffCost(0, 10, 256).withoutCache).toBe(0);
    expect(cacheOffCost(300, 10, 256).withoutCache).toBe(0);
  });
});

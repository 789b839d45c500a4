import { describe, expect, it } from 'vitest';
import { agreement, breakEvenAlpha, expectedSpeedup, expectedTokens } from './speculativeMath';

describe('speculative decoding arithmetic', () => {
  it('counts the tokens a round gives', () => {
    expect(expectedTokens(0, 4)).toBe(1);
    expect(expectedTokens(1, 4)).toBe(5);
    // k = 1: one token, plus the proposal with probability α.
    expect(expectedTokens(0.5, 1)).toBeCloseTo(1.5, 12);
    expect(expectedTokens(0.5, 2)).toBeCloseTo(1.75, 12);
  });

  it('breaks even where the tokens per round pay for the draft steps', () => {
    // k = 1: (1 + α) / (c + 1) = 1 at α = c.
    expect(breakEvenAlpha(1, 0.3)).toBeCloseTo(0.3, 9);
    const alpha = breakEvenAlpha(4, 0.2);
    expect(alpha).not.toBeNull();
    expect(expectedSpeedup(alpha ?? 0, 4, 0.2)).toBeCloseTo(1, 9);
    // A draft as costly as the target never pays, nor a verifying pass that costs k + 1 steps.
    expect(breakEvenAlpha(3, 1)).toBeNull();
    expect(breakEvenAlpha(2, 0.1, 3)).toBeNull();
    // A dearer verifying pass needs more agreement.
    expect(breakEvenAlpha(1, 0.3, 1.2)).toBeCloseTo(0.5, 9);
  });

  it('measures agreement over the positions the target checked', () => {
    // Round 1 kept 2 of 3 and rejected the third; round 2 kept all 3.
    expect(
      agreement([
        { proposed: 3, accepted: 2 },
        { proposed: 3, accepted: 3 },
      ]),
    ).toBeCloseTo(5 / 6, 12);
    expect(agreement([{ proposed: 0, accepted: 0 }])).toBe(0);
  });
});

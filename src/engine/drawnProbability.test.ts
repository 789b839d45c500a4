import { describe, expect, it } from 'vitest';
import { drawnProbability, eligibleMassOf } from './drawnProbability';
import { createRng } from './rng';
import { decide, type Decision, type SamplingParams } from './sampling';
import { randomLogits, sample } from './testing/logitFixtures';

/** The facts a step record keeps of a decision. */
const facts = (d: Decision) => ({
  tokenId: d.chosenId,
  chosenProb: d.chosenProb,
  eligibleCount: d.eligibleCount,
  eligibleMass: d.eligibleMass,
  candidates: d.candidates,
});

/**
 * The engine's own draw distribution: the share of evenly spread random numbers u in [0, 1) for
 * which decide() picks each token (the draw takes exactly one number from the stream).
 */
function drawShares(logits: Float32Array, params: SamplingParams, n: number): Map<number, number> {
  const shares = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const u = (i + 0.5) / n;
    const { chosenId } = decide(logits, params, () => u);
    shares.set(chosenId, (shares.get(chosenId) ?? 0) + 1 / n);
  }
  return shares;
}

describe('the probability a token was drawn with', () => {
  const cases: [string, Partial<SamplingParams>][] = [
    ['top-k', { topK: 4 }],
    ['top-k at T = 0.7', { topK: 6, temperature: 0.7 }],
    ['top-p', { topP: 0.6 }],
    ['top-k then top-p at T = 1.5', { topK: 8, topP: 0.8, temperature: 1.5 }],
  ];
  for (const [name, extra] of cases) {
    it(`equals the engine's draw distribution (${name})`, () => {
      const logits = randomLogits(12, name.length, 6);
      const params = sample(extra);
      const n = 20_000;
      const shares = drawShares(logits, params, n);
      let total = 0;
      for (const [id, share] of shares) {
        const d = decide(logits, params, createRng(1), 20, id);
        const drawn = drawnProbability(facts(d))!;
        expect(drawn, `token ${id}`).toBeCloseTo(share, 3);
        // The model's probability is not what it was drawn with once a cut-off removed mass.
        expect(d.chosenProb).toBeLessThan(drawn);
        // A run recorded without the mass derives the same number from its eligible rows.
        const derived = drawnProbability({ ...facts(d), eligibleMass: undefined })!;
        expect(derived).toBeCloseTo(drawn, 12);
        total += drawn;
      }
      // The kept tokens are renormalised: what they were drawn with sums to 1.
      expect(total).toBeCloseTo(1, 9);
    });
  }

  it('is the model probability without a cut-off, and 0 for a forced token left out', () => {
    const logits = randomLogits(12, 3, 6);
    const free = decide(logits, sample({}), () => 0.3);
    expect(free.eligibleMass).toBe(1);
    expect(drawnProbability(facts(free))).toBe(free.chosenProb);
    const least = logits.indexOf(Math.min(...logits));
    const forced = decide(logits, sample({ topK: 2 }), () => 0.3, 20, least);
    expect(drawnProbability(facts(forced))).toBe(0);
  });

  it('is unknown in an older run whose eligible tokens are not all listed', () => {
    const logits = randomLogits(400, 8, 1);
    const d = decide(logits, sample({ topK: 100 }), () => 0.5);
    expect(d.eligibleCount).toBe(100);
    expect(eligibleMassOf({ ...facts(d), eligibleMass: undefined })).toBeNull();
    expect(drawnProbability({ ...facts(d), eligibleMass: undefined })).toBeNull();
    expect(drawnProbability(facts(d))).toBeCloseTo(d.chosenProb / d.eligibleMass, 12);
  });
});

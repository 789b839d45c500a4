import { describe, expect, it } from 'vitest';
import { createRng } from './rng';
import { cutMinP, decide, type SamplingParams } from './sampling';
import { eligibleIds, logitsOf, naiveArgmax, randomLogits, sample } from './testing/logitFixtures';

describe('min-p', () => {
  // Probabilities given exactly, in rank order, so that ties are exact ties.
  const exact = (probs: number[]) => ({
    ranked: (n: number) => probs.map((_, i) => i).slice(0, n),
    prob: (id: number) => probs[id],
  });
  const cut = (probs: number[], minP: number, kept: number[] | null = null) => {
    const { ranked, prob } = exact(probs);
    return cutMinP(kept, minP, ranked, prob);
  };

  it("keeps the tokens at least minP × the top token's probability", () => {
    const probs = [0.5, 0.3, 0.14, 0.06];
    expect(cut(probs, 0.5)).toEqual([0, 1]); // threshold 0.25
    expect(cut(probs, 0.2)).toEqual([0, 1, 2]); // threshold 0.1
    expect(cut(probs, 0.1)).toEqual([0, 1, 2, 3]); // threshold 0.05
    // Relative to the top token, not absolute: the same ratios at another scale cut alike.
    expect(cut([0.25, 0.15, 0.07, 0.03], 0.5)).toEqual([0, 1]);
    // Within a set kept by an earlier cut-off, the threshold is still the top token's share.
    expect(cut(probs, 0.2, [0, 1])).toEqual([0, 1]);
    expect(cut(probs, 0.5, [0, 1, 2])).toEqual([0, 1]);
  });

  it('keeps a token whose probability ties the threshold, and every token tying the top', () => {
    expect(cut([0.4, 0.2, 0.2, 0.1, 0.1], 0.5)).toEqual([0, 1, 2]); // threshold exactly 0.2
    expect(cut([0.3, 0.3, 0.2, 0.2], 1)).toEqual([0, 1]);
  });

  it('keeps every token at minP = 0 and only the top token at minP = 1', () => {
    const probs = [0.5, 0.3, 0.14, 0.06];
    expect(cut(probs, 0)).toBeNull();
    expect(cut(probs, 0, [0, 1, 2])).toEqual([0, 1, 2]);
    expect(cut(probs, 1)).toEqual([0]);
    const logits = randomLogits(5000, 8, 2);
    expect(decide(logits, sample({ minP: 0 }), createRng(1)).eligibleCount).toBe(5000);
    expect(decide(logits, sample({ minP: undefined }), createRng(1)).eligibleCount).toBe(5000);
    const top = decide(logits, sample({ minP: 1 }), createRng(1));
    expect(top.eligibleCount).toBe(1);
    expect(top.chosenId).toBe(naiveArgmax(logits));
  });

  it('cuts after temperature', () => {
    // Ratios to the top: 1, 0.6, 0.3, 0.1 at T = 1; at T = 2 their square roots 1, 0.77, 0.55, 0.32.
    const logits = logitsOf([0.5, 0.3, 0.15, 0.05]);
    const set = (temperature: number) =>
      eligibleIds(decide(logits, sample({ minP: 0.5, temperature }), createRng(1)));
    expect(set(1)).toEqual([0, 1]);
    expect(set(2)).toEqual([0, 1, 2]);
  });

  it('comes after top-k and top-p, as in Hugging Face', () => {
    const logits = logitsOf([0.4, 0.3, 0.2, 0.1]);
    const set = (extra: Partial<SamplingParams>) =>
      eligibleIds(decide(logits, sample(extra), createRng(1)));
    // top-p 0.75 keeps three (0.4 + 0.3 < 0.75), then min-p 0.45 (threshold 0.18) keeps all three.
    // Min-p first would keep the same three, and top-p over their mass 0.9 would then keep two.
    expect(set({ topP: 0.75, minP: 0.45 })).toEqual([0, 1, 2]);
    // top-k 3, top-p 0.8 of their 0.9 keeps three; min-p 0.6 (threshold 0.24) keeps two.
    expect(set({ topK: 3, topP: 0.8, minP: 0.3 })).toEqual([0, 1, 2]);
    expect(set({ topK: 3, topP: 0.8, minP: 0.6 })).toEqual([0, 1]);
    // The tightest cut-off wins whichever it is.
    expect(set({ topK: 1, minP: 0.2 })).toEqual([0]);
    expect(set({ topP: 0.5, minP: 0.2 })).toEqual([0, 1]);
  });

  it('over the whole vocabulary keeps exactly the tokens above the threshold', () => {
    for (const minP of [0.5, 0.05, 0.002]) {
      const logits = randomLogits(50257, 77, 6);
      const best = logits[naiveArgmax(logits)];
      const expected = logits.filter((l) => Math.exp(l - best) >= minP).length;
      const d = decide(logits, sample({ minP }), createRng(1));
      expect(d.eligibleCount).toBe(expected);
    }
  });

  it("a seeded run draws only tokens at least minP × the top token's probability", () => {
    const minP = 0.3;
    const logits = randomLogits(5000, 41, 3);
    const rng = createRng(9);
    const chosen = new Set<number>();
    for (let i = 0; i < 200; i++) {
      const d = decide(logits, sample({ minP, temperature: 1.5 }), rng);
      const threshold = minP * d.candidates[0].prob;
      expect(d.chosenProb).toBeGreaterThanOrEqual(threshold);
      for (const c of d.candidates) expect(c.eligible).toBe(c.prob >= threshold);
      chosen.add(d.chosenId);
    }
    // The draw is still a draw: more than one token comes.
    expect(chosen.size).toBeGreaterThan(1);
    // Without min-p the same stream reaches tokens below the threshold.
    const free = createRng(9);
    const top = decide(logits, sample({ temperature: 1.5 }), createRng(1)).candidates[0].prob;
    const below = Array.from({ length: 200 }, () =>
      decide(logits, sample({ temperature: 1.5 }), free),
    ).some((d) => d.chosenProb < minP * top);
    expect(below).toBe(true);
  });
});

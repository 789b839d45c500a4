import { describe, expect, it } from 'vitest';
import type { LogitSummary } from './logitSummary';
import { createRng } from './rng';
import { decide, type Decision, type SamplingParams } from './sampling';
import {
  eligibleIds,
  greedy,
  logitsOf,
  naiveArgmax,
  randomLogits,
  sample,
} from './testing/logitFixtures';
import { topIndices } from './topK';

describe('greedy', () => {
  it('picks the argmax, on hand-made and on random logits', () => {
    expect(decide(Float32Array.from([1, 3, 2]), greedy, createRng(1)).chosenId).toBe(1);
    for (let seed = 0; seed < 20; seed++) {
      const logits = randomLogits(50257, seed);
      const d = decide(logits, greedy, createRng(seed));
      expect(d.chosenId).toBe(naiveArgmax(logits));
      expect(d.eligibleCount).toBe(1);
      expect(d.temperature).toBe(1);
    }
  });

  it('treats temperature 0 as greedy and draws nothing from the stream', () => {
    const logits = randomLogits(1000, 3);
    let draws = 0;
    const counting = () => {
      draws++;
      return 0.5;
    };
    expect(decide(logits, sample({ temperature: 0 }), counting).chosenId).toBe(naiveArgmax(logits));
    expect(decide(logits, greedy, counting).chosenId).toBe(naiveArgmax(logits));
    expect(draws).toBe(0);
  });
});

describe('seeded sampling', () => {
  const run = (seed: number): number[] => {
    const rng = createRng(seed);
    const logits = randomLogits(5000, 99, 2); // flat enough that the draw matters
    return Array.from({ length: 40 }, () => decide(logits, sample({ seed }), rng).chosenId);
  };

  it('gives the same tokens for the same seed, and other tokens for another seed', () => {
    const first = run(42);
    expect(run(42)).toEqual(first);
    expect(run(42)).toEqual(first);
    expect(run(43)).not.toEqual(first);
  });

  it('draws tokens with their probabilities', () => {
    const probs = [0.5, 0.3, 0.15, 0.05];
    const rng = createRng(7);
    const counts = [0, 0, 0, 0];
    const n = 20000;
    for (let i = 0; i < n; i++) counts[decide(logitsOf(probs), sample(), rng).chosenId]++;
    counts.forEach((c, id) => expect(Math.abs(c / n - probs[id])).toBeLessThan(0.015));
  });
});

describe('top-k and top-p', () => {
  it('top-k keeps exactly the k most likely tokens', () => {
    const logits = Float32Array.from([5, 4, 3, 2, 1]);
    const d = decide(logits, sample({ topK: 2 }), createRng(1));
    expect(eligibleIds(d)).toEqual([0, 1]);
    expect(d.eligibleCount).toBe(2);
    expect(eligibleIds(decide(logits, sample({ topK: 0 }), createRng(1)))).toEqual([0, 1, 2, 3, 4]);
    expect(decide(logits, sample({ topK: 99 }), createRng(1)).eligibleCount).toBe(5);
  });

  it('top-p keeps the smallest most-likely set whose probability reaches p', () => {
    // Float32 logits make these probabilities inexact by ~1e-9; the sums still land ≥ p here.
    const logits = logitsOf([0.5, 0.3, 0.15, 0.05]);
    const set = (topP: number) => eligibleIds(decide(logits, sample({ topP }), createRng(1)));
    expect(set(0.5)).toEqual([0]);
    expect(set(0.8)).toEqual([0, 1]);
    expect(set(0.81)).toEqual([0, 1, 2]);
    expect(set(0.95)).toEqual([0, 1, 2]);
    expect(set(0.96)).toEqual([0, 1, 2, 3]);
    expect(set(1)).toEqual([0, 1, 2, 3]);
    expect(set(0.01)).toEqual([0]); // never empty
  });

  it('applies top-p to the distribution renormalised to the top-k set', () => {
    // Top-2 mass 0.7 → renormalised [0.571, 0.429]: p = 0.55 keeps one token. Without the
    // renormalisation 0.4 < 0.55 would keep two.
    const logits = logitsOf([0.4, 0.3, 0.2, 0.1]);
    const set = (topK: number, topP: number) =>
      eligibleIds(decide(logits, sample({ topK, topP }), createRng(1)));
    expect(set(2, 0.55)).toEqual([0]);
    expect(set(0, 0.55)).toEqual([0, 1]);
    expect(set(2, 0.6)).toEqual([0, 1]);
    expect(set(3, 0.9)).toEqual([0, 1, 2]);

    // Draws inside the cut set follow the renormalised probabilities.
    const rng = createRng(5);
    let zeros = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const id = decide(logits, sample({ topK: 2 }), rng).chosenId;
      expect(id === 0 || id === 1).toBe(true);
      if (id === 0) zeros++;
    }
    expect(Math.abs(zeros / n - 0.4 / 0.7)).toBeLessThan(0.015);
  });

  it('only ever samples eligible tokens', () => {
    const settings: Partial<SamplingParams>[] = [
      { topK: 5 },
      { topP: 0.3 },
      { topK: 40, topP: 0.9, temperature: 0.7 },
      { topP: 0.95, temperature: 1.8 },
    ];
    for (const [s, extra] of settings.entries()) {
      // 5 000 tokens keep this quick: top-p alone over a flat 50 257 costs up to ~80 ms a draw.
      const logits = randomLogits(5000, 100 + s, 12);
      const rng = createRng(s);
      for (let i = 0; i < 300; i++) {
        const d = decide(logits, sample(extra), rng);
        const chosen = d.candidates.find((c) => c.id === d.chosenId);
        expect(chosen?.eligible).toBe(true);
        if (d.eligibleCount <= d.candidates.length) {
          expect(eligibleIds(d)).toHaveLength(d.eligibleCount);
        }
      }
    }
  });
});

describe('what a step shows', () => {
  it('temperature changes prob but not probAtT1', () => {
    const logits = randomLogits(1000, 11);
    const at = (temperature: number) => decide(logits, sample({ temperature }), createRng(1));
    const cold = at(0.5);
    const plain = at(1);
    const hot = at(2);
    // Same top list at every temperature (a sampled token outside it may be appended).
    for (const d of [cold, hot]) {
      d.candidates.slice(0, 20).forEach((c, i) => {
        expect(c.id).toBe(plain.candidates[i].id);
        expect(c.probAtT1).toBe(plain.candidates[i].probAtT1);
      });
    }
    plain.candidates.forEach((c) => expect(c.prob).toBeCloseTo(c.probAtT1, 12));
    expect(cold.candidates[0].prob).toBeGreaterThan(plain.candidates[0].prob);
    expect(hot.candidates[0].prob).toBeLessThan(plain.candidates[0].prob);
    expect(cold.entropy).toBeLessThan(plain.entropy);
    expect(hot.entropy).toBeGreaterThan(plain.entropy);
    expect(cold.temperature).toBe(0.5);
  });

  it('measures entropy in bits', () => {
    const uniform = new Float32Array(4);
    expect(decide(uniform, greedy, createRng(1)).entropy).toBeCloseTo(2, 10);
    expect(decide(uniform, sample({ temperature: 3 }), createRng(1)).entropy).toBeCloseTo(2, 10);
    expect(decide(Float32Array.from([0, -1000]), greedy, createRng(1)).entropy).toBeCloseTo(0, 10);
    // Direct −Σ p log2 p on a random distribution.
    const logits = randomLogits(300, 4);
    const d = decide(logits, sample({ temperature: 0.8 }), createRng(1));
    const e = Array.from(logits, (x) => Math.exp(x / 0.8));
    const z = e.reduce((a, b) => a + b, 0);
    const h = -e.reduce((s, v) => s + (v / z) * Math.log2(v / z), 0);
    expect(d.entropy).toBeCloseTo(h, 9);
  });

  it('lists candidates most likely first with a monotone running sum', () => {
    const logits = randomLogits(50257, 21);
    const d = decide(logits, sample({ temperature: 0.9 }), createRng(2), 30);
    expect(d.candidates.length).toBeGreaterThanOrEqual(30);
    let sum = 0;
    d.candidates.slice(0, 30).forEach((c, i) => {
      sum += c.prob;
      expect(c.cumulative).toBeCloseTo(sum, 12);
      expect(c.logit).toBe(logits[c.id]);
      if (i > 0) {
        const prev = d.candidates[i - 1];
        expect(c.logit).toBeLessThanOrEqual(prev.logit);
        expect(c.prob).toBeLessThanOrEqual(prev.prob);
        expect(c.cumulative).toBeGreaterThanOrEqual(prev.cumulative);
      }
    });
  });
});

describe('topIndices', () => {
  it('equals a full stable sort, ties broken by lower index', () => {
    for (let seed = 0; seed < 50; seed++) {
      const rng = createRng(seed);
      const n = 1 + Math.floor(rng() * 300);
      // Few distinct values, so ties are everywhere.
      const values = Float32Array.from({ length: n }, () => Math.floor(rng() * 7) - 3);
      const sorted = Array.from(values.keys()).sort((a, b) => values[b] - values[a] || a - b);
      for (const k of [0, 1, 2, 5, 20, n - 1, n, n + 5]) {
        expect(topIndices(values, k)).toEqual(sorted.slice(0, Math.max(0, k)));
      }
    }
  });

  it('skips NaN', () => {
    expect(topIndices([1, NaN, 3, 2], 3)).toEqual([2, 3, 0]);
  });
});

describe('forcing a token', () => {
  it('returns the forced token, keeps the model numbers, and advances the stream identically', () => {
    const logits = randomLogits(50257, 31, 3);
    const params = sample({ topK: 50 });
    const plainRng = createRng(9);
    const forcedRng = createRng(9);
    const plain: Decision[] = [];
    const forced: Decision[] = [];
    const forcedId = naiveArgmax(logits.map((x) => -x)); // the least likely token
    for (let step = 0; step < 10; step++) {
      plain.push(decide(logits, params, plainRng));
      forced.push(decide(logits, params, forcedRng, 20, step === 3 ? forcedId : undefined));
    }
    expect(forced[3].chosenId).toBe(forcedId);
    expect(plain[3].chosenId).not.toBe(forcedId);
    // The forced token is shown (appended after the top 20, without a running sum).
    const shown = forced[3].candidates.at(-1)!;
    expect(shown.id).toBe(forcedId);
    expect(shown.eligible).toBe(false);
    expect(Number.isNaN(shown.cumulative)).toBe(true);
    expect(forced[3].chosenProb).toBe(shown.prob);
    expect(forced[3].candidates.slice(0, 20)).toEqual(plain[3].candidates.slice(0, 20));
    // Every other step is unchanged, and the streams are still in step afterwards.
    forced.forEach((d, i) => i !== 3 && expect(d.chosenId).toBe(plain[i].chosenId));
    expect(forcedRng()).toBe(plainRng());
  });

  it('forces under greedy too', () => {
    const logits = Float32Array.from([1, 5, 2]);
    const d = decide(logits, greedy, createRng(1), 20, 2);
    expect(d.chosenId).toBe(2);
    expect(d.candidates.map((c) => c.id)).toEqual([1, 2, 0]);
  });
});

describe('a model-computed summary of the logits', () => {
  /**
   * A summary computed here by the plain formulas (no shift by the max: these logits are small),
   * independently of logitMoments, which decide uses when there is none.
   */
  function summaryOf(logits: Float32Array, top = 64): LogitSummary {
    const weights = Array.from(logits, Math.exp);
    const z = weights.reduce((a, b) => a + b, 0);
    const weighted = weights.reduce((sum, w, i) => sum + w * logits[i], 0);
    return { topIds: topIndices(logits, top), logNorm: Math.log(z), meanLogit: weighted / z };
  }

  it('gives the same decisions and numbers as the pass over the vocabulary', () => {
    const cases: SamplingParams[] = [
      greedy,
      sample(),
      sample({ topK: 10 }),
      sample({ topK: 200 }), // longer than the summary's ranking: falls back to topIndices
      sample({ topP: 0.3 }),
      sample({ topK: 40, topP: 0.5 }),
      sample({ temperature: 0.7, topK: 30 }), // T ≠ 1: the normaliser is recomputed
    ];
    for (const [index, params] of cases.entries()) {
      const logits = randomLogits(5000, 100 + index, 14);
      const summary = summaryOf(logits);
      for (let step = 0; step < 5; step++) {
        const plain = decide(logits, params, createRng(step), 20);
        const fast = decide(logits, params, createRng(step), 20, undefined, summary);
        expect(fast.chosenId).toBe(plain.chosenId);
        expect(fast.eligibleCount).toBe(plain.eligibleCount);
        expect(fast.entropy).toBeCloseTo(plain.entropy, 9);
        expect(fast.candidates.map((c) => c.id)).toEqual(plain.candidates.map((c) => c.id));
        fast.candidates.forEach((c, i) => {
          expect(c.prob).toBeCloseTo(plain.candidates[i].prob, 12);
          expect(c.probAtT1).toBeCloseTo(plain.candidates[i].probAtT1, 12);
        });
      }
    }
  });

  it('never falls through to the last id when a float32 normaliser leaves the mass short', () => {
    const logits = randomLogits(4000, 11);
    logits[logits.length - 1] = -60; // the last id is all but impossible
    const exact = summaryOf(logits);
    // A normaliser rounded up: the probabilities sum to ~0.99999 < the draw.
    const short = { ...exact, logNorm: exact.logNorm + 1e-5 };
    const draw = () => 0.999999;
    const fast = decide(logits, sample(), draw, 20, undefined, short);
    const plain = decide(logits, sample(), () => 0.999999);
    expect(fast.chosenId).not.toBe(logits.length - 1);
    expect(fast.chosenId).toBe(plain.chosenId);
  });

  it('is used: a wrong summary changes what is shown (the test can fail)', () => {
    const logits = randomLogits(3000, 7);
    const summary = summaryOf(logits);
    const reversed = { ...summary, topIds: [...summary.topIds].reverse() };
    expect(decide(logits, greedy, createRng(1), 20, undefined, reversed).chosenId).not.toBe(
      decide(logits, greedy, createRng(1), 20, undefined, summary).chosenId,
    );
    const shifted = { ...summary, logNorm: summary.logNorm + 1 };
    expect(decide(logits, greedy, createRng(1), 20, undefined, shifted).chosenProb).toBeCloseTo(
      decide(logits, greedy, createRng(1)).chosenProb / Math.E,
      12,
    );
  });
});

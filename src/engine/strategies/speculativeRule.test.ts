/**
 * The speculative sampling rule on hand-made distributions: draft tokens drawn from q and checked
 * against p must come out distributed as p (a chi-square test over 200 000 seeded draws), kept
 * at the rate Σ min(p, q). The same test applied to a plausible wrong rule (resampling from p
 * itself after a rejection) fails, so the bound can tell the two apart.
 */
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../rng';
import { drawFrom, softmax, verifyDraftToken, type Verdict } from './speculativeRule';

const DRAWS = 200_000;
/** The chi-square value exceeded with probability 0.001, by degrees of freedom (1 to 5). */
const CHI2_999 = [10.83, 13.82, 16.27, 18.47, 20.52];

interface Case {
  name: string;
  p: number[];
  q: number[];
}

const CASES: Case[] = [
  { name: 'draft too sure of one token', p: [0.1, 0.2, 0.3, 0.4], q: [0.7, 0.1, 0.1, 0.1] },
  { name: 'draft misses a token the target likes', p: [0.5, 0.3, 0.2, 0], q: [0.1, 0, 0.4, 0.5] },
  { name: 'close distributions', p: [0.25, 0.25, 0.2, 0.2, 0.1], q: [0.2, 0.3, 0.2, 0.15, 0.15] },
  { name: 'identical distributions', p: [0.6, 0.3, 0.1], q: [0.6, 0.3, 0.1] },
];

type Rule = (p: number[], q: number[], x: number, rng: Rng) => Verdict;

/** Runs `rule` on DRAWS draft tokens drawn from q: counts of what came out, and of keeps. */
function simulate(rule: Rule, { p, q }: Case, seed: number) {
  const rng = createRng(seed);
  const counts = new Array<number>(p.length).fill(0);
  let kept = 0;
  for (let n = 0; n < DRAWS; n++) {
    const x = drawFrom(q, rng());
    const verdict = rule(p, q, x, rng);
    counts[verdict.token]++;
    if (verdict.accepted) kept++;
  }
  return { counts, keptRate: kept / DRAWS };
}

/** Pearson's chi-square of `counts` against `p` over the tokens p can give; a token p cannot give is infinite. */
function chiSquare(counts: number[], p: number[]): { chi2: number; dof: number } {
  let chi2 = 0;
  let cells = 0;
  counts.forEach((count, i) => {
    if (p[i] === 0) {
      if (count > 0) chi2 = Infinity;
      return;
    }
    const expected = p[i] * DRAWS;
    chi2 += (count - expected) ** 2 / expected;
    cells++;
  });
  return { chi2, dof: cells - 1 };
}

/** A wrong rule: after a rejection it draws from p itself, which over-weights tokens q likes. */
const resampleFromP: Rule = (p, q, x, rng) => {
  const verdict = verifyDraftToken(p, q, x, rng);
  return verdict.accepted ? verdict : { ...verdict, token: drawFrom(p, rng()) };
};

describe('speculative sampling rule', () => {
  it.each(CASES)('gives tokens distributed as the target ($name)', (testCase) => {
    const { counts, keptRate } = simulate(verifyDraftToken, testCase, 7);
    const { chi2, dof } = chiSquare(counts, testCase.p);
    expect(chi2).toBeLessThan(CHI2_999[dof - 1]);
    // Each draft token is kept with probability Σ_x q(x) min(1, p(x)/q(x)) = Σ min(p, q).
    const overlap = testCase.p.reduce((sum, pi, i) => sum + Math.min(pi, testCase.q[i]), 0);
    expect(Math.abs(keptRate - overlap)).toBeLessThan(0.005);
  });

  it('tells a wrong residual apart with the same bound', () => {
    for (const testCase of CASES.slice(0, 3)) {
      const { counts } = simulate(resampleFromP, testCase, 7);
      const { chi2, dof } = chiSquare(counts, testCase.p);
      expect(chi2).toBeGreaterThan(CHI2_999[dof - 1]);
    }
  });

  it('keeps a token with min(1, p/q) and never draws what the residual excludes', () => {
    const p = [0.5, 0.5, 0];
    const q = [0.25, 0.25, 0.5];
    // p(0) > q(0): always kept.
    expect(verifyDraftToken(p, q, 0, () => 0.999)).toMatchObject({
      accepted: true,
      acceptProbability: 1,
    });
    // p(2) = 0: always rejected; the residual max(0, p − q) = [0.25, 0.25, 0] never gives 2.
    for (const u of [0, 0.3, 0.6, 0.999]) {
      const verdict = verifyDraftToken(p, q, 2, () => u);
      expect(verdict.accepted).toBe(false);
      expect(verdict.token).not.toBe(2);
    }
  });

  it('tells p(x), q(x) and the replacement’s chance in the normalised residual', () => {
    const p = [0.5, 0.3, 0.2];
    const q = [0.1, 0.2, 0.7];
    // x = 2: p/q = 2/7; u = 0.9 rejects it; the residual [0.4, 0.1, 0] / 0.5 gives 0 for u = 0.5.
    const draws = [0.9, 0.5];
    const verdict = verifyDraftToken(p, q, 2, () => draws.shift() ?? 0);
    expect(verdict).toMatchObject({ accepted: false, token: 0, p: 0.2, q: 0.7 });
    expect(verdict.acceptProbability).toBeCloseTo(2 / 7, 12);
    expect(verdict.drawnProbability).toBeCloseTo(0.8, 12);
    // Kept: no replacement, so nothing was drawn from the residual.
    const kept = verifyDraftToken(p, q, 0, () => 0.5);
    expect(kept).toMatchObject({ accepted: true, token: 0, p: 0.5, q: 0.1, acceptProbability: 1 });
    expect(kept.drawnProbability).toBeUndefined();
  });

  it('draws by cumulative weight and softmaxes with a temperature', () => {
    expect(drawFrom([0, 1, 3], 0)).toBe(1);
    expect(drawFrom([0, 1, 3], 0.26)).toBe(2);
    expect(() => drawFrom([0, 0], 0.5)).toThrow(/zero/);
    const probs = softmax([0, Math.log(3)], 1);
    expect(probs[1]).toBeCloseTo(0.75, 12);
    expect(softmax([0, Math.log(3)], 0.5)[1]).toBeCloseTo(0.9, 12);
  });
});

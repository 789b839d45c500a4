import { describe, expect, it } from 'vitest';
import { arNext, arSeries, arValues, LESSON_AR, normal } from './arToy';
import { createRng } from './rng';

describe('the AR(p) toy', () => {
  it('weights only the last p values, newest first', () => {
    const { terms, value } = arNext([0.5, 0.25], [100, 8, 4], 1);
    expect(terms).toEqual([0.5 * 4, 0.25 * 8]);
    expect(value).toBe(2 + 2 + 1);
  });

  it('without noise follows the formula exactly', () => {
    const steps = arSeries({ coefficients: [0.6, 0.3], start: [4, 2], noise: 0, seed: 1 }, 5);
    // x3 = 0.6·2 + 0.3·4 = 2.4; x4 = 0.6·2.4 + 0.3·2 = 2.04; x5 = 0.6·2.04 + 0.3·2.4 = 1.944
    expect(steps.map((s) => s.t)).toEqual([3, 4, 5]);
    expect(steps[0].value).toBeCloseTo(2.4, 12);
    expect(steps[1].value).toBeCloseTo(2.04, 12);
    expect(steps[2].value).toBeCloseTo(1.944, 12);
    expect(steps.every((s) => s.noise === 0)).toBe(true);
  });

  it('feeds its own output back: each value is its terms plus its noise', () => {
    const steps = arSeries(LESSON_AR, 30);
    const values = arValues(LESSON_AR, steps, 30);
    expect(values).toHaveLength(30);
    for (const step of steps) {
      const before = values.slice(0, step.t - 1);
      const again = arNext(LESSON_AR.coefficients, before, step.noise);
      expect(again.value).toBeCloseTo(step.value, 12);
      expect(step.value).toBeCloseTo(step.terms[0] + step.terms[1] + step.noise, 12);
    }
  });

  it('gives the same series for the same seed and another for another seed', () => {
    const a = arSeries(LESSON_AR, 20).map((s) => s.value);
    const b = arSeries(LESSON_AR, 20).map((s) => s.value);
    const c = arSeries({ ...LESSON_AR, seed: LESSON_AR.seed + 1 }, 20).map((s) => s.value);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('changes every later value when one noise draw changes (the chain)', () => {
    const base = arSeries({ ...LESSON_AR, noise: 0 }, 12);
    const bumped = arValues(LESSON_AR, base, 12);
    bumped[4] += 1;
    for (let t = 6; t <= 12; t++) {
      bumped[t - 1] = arNext(LESSON_AR.coefficients, bumped.slice(0, t - 1), 0).value;
    }
    for (let t = 5; t <= 12; t++) expect(bumped[t - 1]).not.toBeCloseTo(base[t - 3].value, 6);
  });

  it('refuses start values that do not match p', () => {
    expect(() => arSeries({ ...LESSON_AR, start: [1] }, 5)).toThrow(/p start values/);
  });

  it('draws standard normal noise', () => {
    const rng = createRng(3);
    const draws = Array.from({ length: 4000 }, () => normal(rng));
    const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
    const variance = draws.reduce((a, b) => a + (b - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.08);
    expect(variance).toBeGreaterThan(0.9);
    expect(variance).toBeLessThan(1.1);
  });
});

import { describe, expect, it } from 'vitest';
import type { StepRecord } from '../../engine/generation';
import {
  buildChartData,
  headroom,
  maxOf,
  msScaleMax,
  nearestStep,
  summarise,
  xRange,
} from './chartData';

/** A step with only the fields the charts read filled in meaningfully. */
function step(n: number, chosenProb: number, entropy: number, modelMs: number): StepRecord {
  return {
    step: n,
    tokenId: n,
    token: { label: `t${n}`, complete: true, hex: '74' },
    contextLength: 4 + n,
    candidates: [],
    entropy,
    eligibleCount: 1,
    chosenProb,
    temperature: 1,
    forced: false,
    modelMs,
    totalMs: modelMs + 1,
  };
}

describe('buildChartData', () => {
  it('handles a run with no steps', () => {
    const data = buildChartData([]);
    expect(data).toEqual({ x: [], prob: [], entropy: [], decodeMs: [], prefillMs: null });
    expect(summarise(data)).toEqual({
      count: 0,
      medianProb: null,
      medianEntropy: null,
      medianDecodeMs: null,
    });
  });

  it('treats the first step as the prefill', () => {
    const data = buildChartData([step(1, 0.5, 2, 80)]);
    expect(data.x).toEqual([1]);
    expect(data.decodeMs).toEqual([null]);
    expect(data.prefillMs).toBe(80);
    expect(summarise(data).medianDecodeMs).toBeNull();
    expect(summarise(data).medianProb).toBe(0.5);
  });

  it('builds aligned columns and medians that leave the prefill out', () => {
    const steps = [step(1, 0.9, 0.5, 120), step(2, 0.1, 4, 10), step(3, 0.3, 2, 14)];
    const data = buildChartData(steps);
    expect(data.x).toEqual([1, 2, 3]);
    expect(data.prob).toEqual([0.9, 0.1, 0.3]);
    expect(data.entropy).toEqual([0.5, 4, 2]);
    expect(data.decodeMs).toEqual([null, 10, 14]);
    const summary = summarise(data);
    expect(summary.count).toBe(3);
    expect(summary.medianProb).toBe(0.3);
    expect(summary.medianEntropy).toBe(2);
    expect(summary.medianDecodeMs).toBe(12);
  });

  it('keeps the step numbers of a run that continues inherited steps', () => {
    const data = buildChartData([step(5, 0.2, 1, 30), step(6, 0.4, 1, 9)]);
    expect(data.x).toEqual([5, 6]);
    expect(xRange(data.x)).toEqual([4.5, 6.5]);
  });

  it('stays linear at a thousand steps', () => {
    const steps = Array.from({ length: 1000 }, (_, i) => step(i + 1, (i % 10) / 10, i % 7, 5));
    const data = buildChartData(steps);
    expect(data.x).toHaveLength(1000);
    expect(data.x[999]).toBe(1000);
    expect(summarise(data).medianDecodeMs).toBe(5);
  });
});

describe('nearestStep', () => {
  const xs = [1, 2, 3, 4, 5];

  it('returns null with no steps or no position', () => {
    expect(nearestStep([], 3)).toBeNull();
    expect(nearestStep(xs, Number.NaN)).toBeNull();
  });

  it('rounds to the nearest step and clamps at the ends', () => {
    expect(nearestStep(xs, 2.4)).toBe(2);
    expect(nearestStep(xs, 2.6)).toBe(3);
    expect(nearestStep(xs, 2.5)).toBe(2);
    expect(nearestStep(xs, -10)).toBe(1);
    expect(nearestStep(xs, 99)).toBe(5);
    expect(nearestStep([7], 1)).toBe(7);
  });

  it('works on step numbers that do not start at one', () => {
    expect(nearestStep([10, 11, 12], 11.2)).toBe(11);
  });

  it('finds every step of a long run', () => {
    const long = Array.from({ length: 1000 }, (_, i) => i + 1);
    for (const s of [1, 2, 499, 500, 999, 1000]) expect(nearestStep(long, s + 0.3)).toBe(s);
  });
});

describe('scale helpers', () => {
  it('gives a lone or empty run a range of width one', () => {
    expect(xRange([])).toEqual([0.5, 1.5]);
    expect(xRange([1])).toEqual([0.5, 1.5]);
  });

  it('never returns a zero-height scale', () => {
    expect(headroom(0)).toBe(1);
    expect(headroom(Number.NaN, 2)).toBe(2);
    expect(headroom(10)).toBeCloseTo(11.5);
    expect(maxOf([])).toBe(0);
    expect(maxOf([0.2, 3, 1])).toBe(3);
  });

  it('scales milliseconds to the decode steps, not the prefill', () => {
    expect(msScaleMax(buildChartData([]))).toBe(1);
    expect(msScaleMax(buildChartData([step(1, 1, 0, 40)]))).toBeCloseTo(46);
    const data = buildChartData([step(1, 1, 0, 400), step(2, 1, 0, 10), step(3, 1, 0, 20)]);
    expect(msScaleMax(data)).toBeCloseTo(23);
  });
});

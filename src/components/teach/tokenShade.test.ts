import { describe, expect, it } from 'vitest';
import { legendRanges, shadeLevel } from './tokenShade';

describe('token shading', () => {
  it('shades a token more the less probable it was', () => {
    expect(
      [1, 0.8, 0.79, 0.5, 0.3, 0.2, 0.1, 0.05, 0.049, 0].map((p) => shadeLevel('prob', p)),
    ).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });

  it('shades a step more the higher its entropy', () => {
    expect([0, 0.99, 1, 1.5, 2, 3.9, 4, 5.9, 6, 12].map((h) => shadeLevel('entropy', h))).toEqual([
      0, 0, 1, 1, 2, 2, 3, 3, 4, 4,
    ]);
  });

  it('shades a value that is not a number as the least expected', () => {
    expect(shadeLevel('prob', Number.NaN)).toBe(4);
    expect(shadeLevel('entropy', Number.POSITIVE_INFINITY)).toBe(4);
  });

  it('writes a legend whose ranges hold the values of their level', () => {
    for (const by of ['prob', 'entropy'] as const) {
      const ranges = legendRanges(by);
      expect(ranges.map((r) => r.level)).toEqual([0, 1, 2, 3, 4]);
      for (const r of ranges) {
        const low = r.from ?? 0;
        const high = r.to ?? (by === 'prob' ? 1.0001 : 20);
        const middle = (low + high) / 2;
        expect(shadeLevel(by, low), `${by} ${low}`).toBe(r.level);
        expect(shadeLevel(by, middle), `${by} ${middle}`).toBe(r.level);
      }
    }
    expect(legendRanges('prob')[0]).toEqual({ level: 0, from: 0.8, to: null });
    expect(legendRanges('prob')[4]).toEqual({ level: 4, from: null, to: 0.05 });
    expect(legendRanges('entropy')[0]).toEqual({ level: 0, from: null, to: 1 });
    expect(legendRanges('entropy')[4]).toEqual({ level: 4, from: 6, to: null });
  });
});

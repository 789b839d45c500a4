import { describe, expect, it } from 'vitest';
import { runRecord, stepRecord } from '../../store/testing/fixtures';
import { compareTimeData, formatTotal, totalModelMs } from './compareTime';

const withTimes = (times: number[]) =>
  runRecord({ steps: times.map((modelMs, i) => ({ ...stepRecord(i + 1), modelMs })) });

describe('the time comparison of two runs', () => {
  it('aligns both runs by step, the shorter one ending in nulls', () => {
    const cached = withTimes([5, 1, 1]);
    const plain = withTimes([5, 6, 7, 8]);
    expect(compareTimeData(cached, plain)).toEqual({
      x: [1, 2, 3, 4],
      a: [5, 1, 1, null],
      b: [5, 6, 7, 8],
    });
  });

  it('totals every step’s model time, the prefill included', () => {
    expect(totalModelMs(withTimes([5, 1.5, 1.25]))).toBeCloseTo(7.75);
    expect(totalModelMs(withTimes([]))).toBe(0);
    expect(formatTotal(7.75)).toBe('7.8');
    expect(formatTotal(1234.4)).toBe('1234');
  });
});

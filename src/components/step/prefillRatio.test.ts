import { describe, expect, it } from 'vitest';
import { stepRecord } from '../../store/testing/fixtures';
import { prefillRatio } from './prefillRatio';

const timed = (...ms: number[]) => ms.map((modelMs, i) => ({ ...stepRecord(i + 1), modelMs }));

describe('prefillRatio', () => {
  it('divides the prefill by the median decode step', () => {
    // Decode steps 2, 4, 100 ms: the median (4) ignores the odd slow one.
    expect(prefillRatio(timed(12, 2, 4, 100))).toEqual({
      prefillMs: 12,
      medianDecodeMs: 4,
      decodeSteps: 3,
      ratio: 3,
    });
  });

  it('has no ratio before a decode step, and nothing without steps', () => {
    expect(prefillRatio(timed(12))?.ratio).toBeNull();
    expect(prefillRatio(timed(12))?.decodeSteps).toBe(0);
    expect(prefillRatio([])).toBeNull();
  });

  it('has no ratio when decode steps took no measurable time', () => {
    expect(prefillRatio(timed(3, 0, 0))?.ratio).toBeNull();
  });
});

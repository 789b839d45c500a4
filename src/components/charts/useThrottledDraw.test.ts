import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cancelSharedDraw, scheduleSharedDraw } from './useThrottledDraw';

// The draw runs after the next frame's layout; here, at once.
vi.mock('../shared/afterLayout', () => ({
  afterLayout: (callback: () => void) => {
    callback();
    return () => {};
  },
}));

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('scheduleSharedDraw', () => {
  it('draws every waiting chart together, at most once per interval, the newest draw each', () => {
    const drawn: string[] = [];
    const a = {};
    const b = {};
    const c = {};
    scheduleSharedDraw(a, () => drawn.push('a1'));
    vi.advanceTimersByTime(0);
    expect(drawn).toEqual(['a1']); // the first draw goes at once
    scheduleSharedDraw(a, () => drawn.push('a2'));
    vi.advanceTimersByTime(100);
    scheduleSharedDraw(b, () => drawn.push('b1'));
    scheduleSharedDraw(a, () => drawn.push('a3')); // replaces a2
    scheduleSharedDraw(c, () => drawn.push('c1'));
    cancelSharedDraw(c); // unmounted before its draw
    vi.advanceTimersByTime(199);
    expect(drawn).toEqual(['a1']);
    vi.advanceTimersByTime(1);
    // One draw for both charts, 300 ms after the last: not one timer per chart.
    expect(drawn).toEqual(['a1', 'a3', 'b1']);
    vi.advanceTimersByTime(1000);
    expect(drawn).toHaveLength(3);
  });
});

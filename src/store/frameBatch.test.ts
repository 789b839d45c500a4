import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFrameBatch, flushWaitingBatches, type FrameScheduler } from './frameBatch';

/** Animation frames under the test's control. */
function fakeFrames() {
  const callbacks = new Map<number, () => void>();
  let next = 1;
  const frames: FrameScheduler = {
    requestFrame: (callback) => {
      callbacks.set(next, callback);
      return next++;
    },
    cancelFrame: (handle) => void callbacks.delete(handle),
  };
  const runFrame = (): void => {
    const due = [...callbacks.values()];
    callbacks.clear();
    for (const callback of due) callback();
  };
  return { frames, runFrame, pending: () => callbacks.size };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createFrameBatch', () => {
  it('applies everything that arrived before a frame together, in order, once', () => {
    const { frames, runFrame, pending } = fakeFrames();
    const applied: number[][] = [];
    const batch = createFrameBatch<number>((items) => applied.push(items), { frames });
    batch.push(1);
    batch.push(2);
    batch.push(3);
    expect(applied).toEqual([]);
    expect(batch.size).toBe(3);
    expect(pending()).toBe(1); // one frame requested, however many items
    runFrame();
    expect(applied).toEqual([[1, 2, 3]]);
    batch.push(4);
    runFrame();
    expect(applied).toEqual([[1, 2, 3], [4]]);
    // The fallback timers of those frames were cleared: nothing is applied twice.
    vi.advanceTimersByTime(1000);
    expect(applied).toHaveLength(2);
  });

  it('falls back to a timer when no frame comes (a hidden tab)', () => {
    const { frames } = fakeFrames();
    const applied: string[][] = [];
    const batch = createFrameBatch<string>((items) => applied.push(items), {
      frames,
      fallbackMs: 100,
    });
    batch.push('a');
    vi.advanceTimersByTime(99);
    expect(applied).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(applied).toEqual([['a']]);
  });

  it('leaves at least minIntervalMs between two applications, then waits for a frame', () => {
    const { frames, runFrame, pending } = fakeFrames();
    const applied: number[][] = [];
    const batch = createFrameBatch<number>((items) => applied.push(items), {
      frames,
      minIntervalMs: 80,
    });
    batch.push(1);
    runFrame();
    expect(applied).toEqual([[1]]);
    batch.push(2);
    batch.push(3);
    expect(pending()).toBe(0); // too soon: not even a frame is asked for yet
    vi.advanceTimersByTime(79);
    expect(pending()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(pending()).toBe(1);
    runFrame();
    expect(applied).toEqual([[1], [2, 3]]);
  });

  it('flush() applies at once and cancels the scheduled frame; an empty flush does nothing', () => {
    const { frames, pending } = fakeFrames();
    const apply = vi.fn();
    const batch = createFrameBatch<number>(apply, { frames });
    batch.flush();
    expect(apply).not.toHaveBeenCalled();
    batch.push(7);
    batch.flush();
    expect(apply).toHaveBeenCalledWith([7]);
    expect(pending()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('flushWaitingBatches applies every batch that holds items, before any frame or timer', () => {
    const { frames, pending } = fakeFrames();
    const steps: number[][] = [];
    const other: string[][] = [];
    const idle = vi.fn();
    const first = createFrameBatch<number>((items) => steps.push(items), { frames });
    const second = createFrameBatch<string>((items) => other.push(items), { frames });
    createFrameBatch<number>(idle, { frames });
    first.push(1);
    first.push(2);
    second.push('x');
    flushWaitingBatches();
    expect(steps).toEqual([[1, 2]]);
    expect(other).toEqual([['x']]);
    expect(idle).not.toHaveBeenCalled();
    expect(pending()).toBe(0);
    // Applied batches leave the set: a second call applies nothing again.
    flushWaitingBatches();
    vi.advanceTimersByTime(1000);
    expect(steps).toHaveLength(1);
    expect(other).toHaveLength(1);
  });
});

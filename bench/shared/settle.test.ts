import { describe, expect, it } from 'vitest';
import { agree, settle } from './settle';

/** A batch that returns `times` in turn, and a clock that each batch moves on by `stepMs`. */
function scripted(times: number[], stepMs: number) {
  let clock = 0;
  let calls = 0;
  const batch = async (): Promise<number> => {
    clock += stepMs;
    return times[Math.min(calls++, times.length - 1)];
  };
  return { batch, now: () => clock, calls: () => calls };
}

describe('agree', () => {
  it('holds within 10 % of the earlier time, either way', () => {
    expect(agree(20, 22)).toBe(true);
    expect(agree(20, 18)).toBe(true);
    expect(agree(20, 22.1)).toBe(false);
    expect(agree(20, 17.9)).toBe(false);
  });
});

describe('settle', () => {
  it('stops at the first two batches in a row that agree once minMs have passed', async () => {
    const s = scripted([40, 30, 22, 21, 21, 21], 1000);
    const warmup = await settle(s.batch, { minMs: 0, maxMs: 60_000 }, s.now);
    expect(warmup).toEqual({ ms: 4000, batches: 4, firstMs: 40, settledMs: 21 });
  });

  it('goes on past agreeing batches until minMs', async () => {
    const s = scripted([21, 21, 21, 21, 21, 21, 21], 1000);
    const warmup = await settle(s.batch, { minMs: 5000, maxMs: 60_000 }, s.now);
    expect(warmup.batches).toBe(5);
    expect(warmup.ms).toBe(5000);
  });

  it('gives up at maxMs when the times never settle', async () => {
    const s = scripted([10, 20, 10, 20, 10, 20, 10, 20], 1000);
    const warmup = await settle(s.batch, { minMs: 0, maxMs: 3000 }, s.now);
    expect(warmup).toEqual({ ms: 3000, batches: 3, firstMs: 10, settledMs: 10 });
  });

  it('runs one batch only when maxMs is 0', async () => {
    const s = scripted([1234.567], 2500);
    const warmup = await settle(s.batch, { minMs: 0, maxMs: 0 }, s.now);
    expect(warmup).toEqual({ ms: 2500, batches: 1, firstMs: 1234.57, settledMs: 1234.57 });
    expect(s.calls()).toBe(1);
  });
});

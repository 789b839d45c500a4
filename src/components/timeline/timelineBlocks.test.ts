import { describe, expect, it } from 'vitest';
import { stepRecord } from '../../store/testing/fixtures';
import {
  BLOCK,
  blocksOf,
  blocksToDraw,
  CELL,
  prefillWidth,
  slotsOf,
  stepAtX,
  stepSpan,
} from './timelineBlocks';

const steps = (n: number) => Array.from({ length: n }, (_, i) => stepRecord(i + 1));

describe('blocksOf', () => {
  it('splits the steps in order, and hands back the same full blocks as the run grows', () => {
    const run = steps(2 * BLOCK + 5);
    const before = blocksOf(run);
    expect(before.map((b) => b.length)).toEqual([BLOCK, BLOCK, 5]);
    expect(before.flat()).toEqual(run);
    const grown = blocksOf([...run, stepRecord(run.length + 1)]);
    // The memoised cells of full blocks see equal props; only the last block is new.
    expect(grown[0]).toBe(before[0]);
    expect(grown[1]).toBe(before[1]);
    expect(grown[2]).not.toBe(before[2]);
    expect(grown[2]).toHaveLength(6);
  });

  it('gives a branch that shares the first steps its own block', () => {
    const run = steps(BLOCK);
    const first = blocksOf(run)[0];
    // A branch at step 10: the same records before it, new ones from there.
    const branch = [
      ...run.slice(0, 9),
      ...steps(BLOCK)
        .slice(9)
        .map((s) => ({ ...s })),
    ];
    const block = blocksOf(branch)[0];
    expect(block).not.toBe(first);
    expect(block).toEqual(branch);
  });
});

describe('blocksToDraw', () => {
  const PX = 1000;

  it('draws the blocks within one view of the view, and nothing for an empty run', () => {
    expect(blocksToDraw(0, PX, { start: 0, size: 2500 }, null)).toEqual([]);
    // At the start: the view (0–2500) and one more view after it (to 5000).
    expect(blocksToDraw(100, PX, { start: 0, size: 2500 }, null)).toEqual([0, 1, 2, 3, 4, 5]);
    // In the middle: 7500–10000 on screen, so 5000–12500 drawn.
    expect(blocksToDraw(100, PX, { start: 7500, size: 2500 }, null)).toEqual([
      5, 6, 7, 8, 9, 10, 11, 12,
    ]);
    // At the end of a short run every block is drawn, none past the last.
    expect(blocksToDraw(3, PX, { start: 500, size: 2500 }, null)).toEqual([0, 1, 2]);
  });

  it('adds the pinned block (the shown step) wherever the view is, in order', () => {
    expect(blocksToDraw(100, PX, { start: 50_000, size: 1000 }, 2)).toEqual([2, 49, 50, 51, 52]);
    expect(blocksToDraw(100, PX, { start: 0, size: 1000 }, 99)).toEqual([0, 1, 2, 99]);
    // Already drawn, or out of range: nothing added.
    expect(blocksToDraw(100, PX, { start: 0, size: 1000 }, 1)).toEqual([0, 1, 2]);
    expect(blocksToDraw(10, PX, { start: 0, size: 1000 }, 12)).toEqual([0, 1, 2]);
  });

  it('draws the end of a list whose view lies past it (left from a longer list)', () => {
    expect(blocksToDraw(3, PX, { start: 50_000, size: 1000 }, null)).toEqual([1, 2]);
    expect(blocksToDraw(10, PX, { start: 50_000, size: 1000 }, null)).toEqual([8, 9]);
  });

  it('draws at least the block in view before the view has a size', () => {
    expect(blocksToDraw(10, PX, { start: 0, size: 0 }, null)).toEqual([0]);
  });
});

describe('slotsOf', () => {
  it('covers every block once, in order, with gaps where blocks are not drawn', () => {
    expect(slotsOf([2, 49, 50], 60)).toEqual([
      { kind: 'gap', from: 0, to: 2 },
      { kind: 'block', block: 2 },
      { kind: 'gap', from: 3, to: 49 },
      { kind: 'block', block: 49 },
      { kind: 'block', block: 50 },
      { kind: 'gap', from: 51, to: 60 },
    ]);
    expect(slotsOf([0, 1], 2)).toEqual([
      { kind: 'block', block: 0 },
      { kind: 'block', block: 1 },
    ]);
    expect(slotsOf([], 0)).toEqual([]);
  });
});

describe('the prefill block and the pointer', () => {
  it('grows with the prompt between room for its label and four cells', () => {
    expect(prefillWidth(1)).toBe(96);
    expect(prefillWidth(4)).toBe(96);
    expect(prefillWidth(10)).toBe(160);
    expect(prefillWidth(500)).toBe(4 * CELL);
  });

  it('maps a point on the prefill to step 0 and a cell to its step', () => {
    const prefill = prefillWidth(4);
    expect(stepAtX(0, prefill, 12)).toBe(0);
    expect(stepAtX(prefill - 1, prefill, 12)).toBe(0);
    expect(stepAtX(prefill, prefill, 12)).toBe(1);
    expect(stepAtX(prefill + CELL * 4 + 10, prefill, 12)).toBe(5);
    expect(stepAtX(prefill + CELL * 40, prefill, 12)).toBe(12);
  });

  it('places each step after the prefill, where the pointer finds it', () => {
    const prefill = prefillWidth(7);
    expect(stepSpan(0, prefill)).toEqual({ start: 0, size: prefill });
    for (const step of [1, 2, 9]) {
      const { start, size } = stepSpan(step, prefill);
      expect(size).toBe(CELL);
      expect(stepAtX(start, prefill, 12)).toBe(step);
      expect(stepAtX(start + size - 1, prefill, 12)).toBe(step);
    }
  });
});

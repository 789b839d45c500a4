import { describe, expect, it } from 'vitest';
import { stepRecord } from '../store/testing/fixtures';
import { BLOCK, blocksOf } from './timelineBlocks';

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

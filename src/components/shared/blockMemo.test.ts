import { describe, expect, it } from 'vitest';
import { blockMemo } from './blockMemo';

describe('blockMemo', () => {
  it('makes a full block once, remakes the unfinished end, and follows a changed block', () => {
    const made: number[][] = [];
    const block = blockMemo<{ n: number }, number>(3, (items) => {
      made.push(items.map((i) => i.n));
      return items.map((i) => i.n * 10);
    });
    const list = [1, 2, 3, 4].map((n) => ({ n }));
    const full = block(list, 0);
    expect(full).toEqual([10, 20, 30]);
    expect(block([...list, { n: 5 }], 0)).toBe(full);
    expect(block(list, 3)).toEqual([40]);
    expect(block(list, 3)).not.toBe(block(list, 3));
    // The same first item with another last one (a branch): made anew.
    expect(block([list[0], list[1], { n: 9 }], 0)).toEqual([10, 20, 90]);
    expect(made).toEqual([[1, 2, 3], [4], [4], [4], [1, 2, 9]]);
  });
});

import { describe, expect, it } from 'vitest';
import { MASKED_SCORE } from '../build/layout';
import { sequenceBias, treeBias } from './slotBias';

/** The bias as rows of 'o' (open) and '.' (masked), for reading at a glance. */
function pattern(bias: Float32Array, width: number): string[] {
  const rows: string[] = [];
  for (let at = 0; at < bias.length; at += width) {
    rows.push(Array.from(bias.subarray(at, at + width), (x) => (x === 0 ? 'o' : '.')).join(''));
  }
  return rows;
}

describe('attention_bias of the slots files', () => {
  it('masks the blank row and the later fed tokens of one sequence', () => {
    // 3 cache rows (blank + 2 tokens), 3 fed tokens.
    expect(pattern(sequenceBias(3, 3), 6)).toEqual(['.ooo..', '.oooo.', '.ooooo']);
    expect(pattern(sequenceBias(1, 5), 6)).toEqual(['.ooooo']);
    expect(sequenceBias(2, 1).filter((x) => x !== 0 && x !== MASKED_SCORE)).toHaveLength(0);
  });

  it('opens to each beam the prompt, its own rows and itself', () => {
    // Blank + 2 prompt rows (sharedRows 3), then rows 3–6 of earlier steps; 2 beams fed.
    const bias = treeBias(
      [
        [3, 5],
        [4, 6],
      ],
      3,
      7,
    );
    expect(pattern(bias, 9)).toEqual(['.ooo.o.o.', '.oo.o.o.o']);
  });

  it('refuses a row outside the beams’ own rows', () => {
    expect(() => treeBias([[2]], 3, 7)).toThrow(/not one of/);
    expect(() => treeBias([[7]], 3, 7)).toThrow(/not one of/);
  });
});

import { describe, expect, it } from 'vitest';
import { argmax, topIndices } from './topK';

describe('topIndices and argmax', () => {
  it('rank the largest values first, the lower index first among equals', () => {
    const values = Float32Array.of(0.5, 2, -1, 2, 1.5);
    expect(topIndices(values, 3)).toEqual([1, 3, 4]);
    expect(argmax(values)).toBe(1);
    expect(argmax([-3, -2, -2.5])).toBe(1);
  });
});

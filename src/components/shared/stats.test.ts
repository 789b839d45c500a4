import { describe, expect, it } from 'vitest';
import { median } from './stats';

describe('median', () => {
  it('is null for an empty list', () => {
    expect(median([])).toBeNull();
  });

  it('takes the middle value of an odd count, whatever the order', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([7])).toBe(7);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });

  it('sorts numerically and leaves its input as it was', () => {
    const values = [10, 9, 100, 2];
    expect(median(values)).toBe(9.5);
    expect(values).toEqual([10, 9, 100, 2]);
  });
});

import { describe, expect, it } from 'vitest';
import { float32Digits, microseconds } from './fileNumbers';

describe('float32Digits', () => {
  it('keeps every float32 exactly, in as few digits as that takes', () => {
    const logits = new Float32Array([
      23.3436279296875, -0.1, 1e-7, 3.4e38, -12.5, 0.2371220970441614,
    ]);
    for (const logit of logits) {
      const written = float32Digits(logit);
      expect(Math.fround(written)).toBe(logit);
      expect(
        String(written)
          .replace(/^-|\.|e.*$/g, '')
          .replace(/^0+/, '').length,
      ).toBeLessThanOrEqual(9);
    }
    expect(float32Digits(23.3436279296875)).toBe(23.343628);
    expect(float32Digits(-12.5)).toBe(-12.5);
  });

  it('rounds float64 probabilities to float32 precision (off by at most one float32 step)', () => {
    for (const p of [0.2371220970441614, 0.000012345678901234, 0.99999999999, 1 / 3]) {
      const written = float32Digits(p);
      expect(Math.abs(written - p) / p).toBeLessThanOrEqual(2 ** -23);
      expect(String(written).length).toBeLessThanOrEqual(String(p).length);
    }
    // Sums a rounding step above 1 come back as 1: still a valid probability.
    expect(float32Digits(1.0000000000000002)).toBe(1);
  });

  it('gives the same number for a number it wrote (files read back are written the same)', () => {
    for (let i = 0; i < 10_000; i++) {
      const value = Math.random() ** 3 * (i % 2 ? 1 : 40);
      const written = float32Digits(value);
      expect(float32Digits(written)).toBe(written);
    }
  });

  it('leaves zero and non-finite values alone', () => {
    expect(float32Digits(0)).toBe(0);
    expect(float32Digits(Number.NaN)).toBeNaN();
    expect(float32Digits(-Infinity)).toBe(-Infinity);
  });
});

describe('microseconds', () => {
  it('keeps three decimals of a millisecond', () => {
    expect(microseconds(7.381380000000036)).toBe(7.381);
    expect(microseconds(39.27507700000001)).toBe(39.275);
    expect(microseconds(0)).toBe(0);
  });
});

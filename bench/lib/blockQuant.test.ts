import { describe, expect, it } from 'vitest';
import { blockQuantize, relativeError } from './blockQuant';

/** The value MatMulNBits reads back for row k of column n. */
function dequantize(
  { packed, scales }: ReturnType<typeof blockQuantize>,
  rows: number,
  bits: 4 | 8,
  block: number,
  k: number,
  n: number,
): number {
  const blocks = rows / block;
  const b = Math.floor(k / block);
  const i = k % block;
  const base = (n * blocks + b) * ((block * bits) / 8);
  const q = bits === 8 ? packed[base + i] : (packed[base + (i >> 1)] >> ((i & 1) * 4)) & 0xf;
  return (q - (1 << (bits - 1))) * scales[n * blocks + b];
}

describe('blockQuantize', () => {
  const rows = 8;
  const cols = 3;
  const w = Float32Array.from({ length: rows * cols }, (_, i) => Math.sin(i + 1) * 0.05);

  it('lays out one scale per column and block, and block·bits/8 bytes per block', () => {
    const q8 = blockQuantize(w, rows, cols, 8, 4);
    expect(q8.scales).toHaveLength(cols * 2);
    expect(q8.packed).toHaveLength(cols * 2 * 4);
    const q4 = blockQuantize(w, rows, cols, 4, 4);
    expect(q4.packed).toHaveLength(cols * 2 * 2);
  });

  it('reads back each weight within half a step of its block', () => {
    for (const bits of [8, 4] as const) {
      const quantized = blockQuantize(w, rows, cols, bits, 4);
      for (let k = 0; k < rows; k++) {
        for (let n = 0; n < cols; n++) {
          const scale = quantized.scales[n * 2 + Math.floor(k / 4)];
          const back = dequantize(quantized, rows, bits, 4, k, n);
          expect(Math.abs(back - w[k * cols + n])).toBeLessThanOrEqual(scale / 2 + 1e-9);
        }
      }
    }
  });

  it('scales each block to its largest weight and packs 4-bit values low nibble first', () => {
    // One column, one block of two: 0.7 → 7 + 8 = 15, −0.35 → −3.5 → −3 (rounded up) + 8 = 5.
    const { packed, scales } = blockQuantize(Float32Array.from([0.7, -0.35]), 2, 1, 4, 2);
    expect(scales[0]).toBeCloseTo(0.1);
    expect(packed[0]).toBe(15 | (5 << 4));
  });

  it('gives an all-zero block a scale of 1', () => {
    const { scales, packed } = blockQuantize(new Float32Array(4), 4, 1, 8, 4);
    expect(scales[0]).toBe(1);
    expect([...packed]).toEqual([128, 128, 128, 128]);
  });

  it('refuses rows that do not fill whole blocks', () => {
    expect(() => blockQuantize(w, rows, cols, 8, 3)).toThrow(/not a multiple/);
  });
});

describe('relativeError', () => {
  it('is the largest difference over the largest reference value', () => {
    const reference = Float32Array.from([1, -4, 2]);
    expect(relativeError(Float32Array.from([1.5, -4, 2]), reference)).toBe(0.125);
    expect(relativeError(reference, reference)).toBe(0);
  });

  it('refuses products of different lengths', () => {
    expect(() => relativeError(new Float32Array(2), new Float32Array(3))).toThrow(/lengths/);
  });
});

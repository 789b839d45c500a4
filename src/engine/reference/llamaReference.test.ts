/**
 * The float64 Llama reference on cases small enough to check by hand: RMSNorm's values, the
 * rotary convention (identity at position 0, Hugging Face's half-split pairs, relative angles),
 * and grouped-query attention against the same model with every key/value head copied out.
 */
import { describe, expect, it } from 'vitest';
import { makeLlamaWeights, type LlamaWeights } from '../build/llamaWeights';
import { TINY_LLAMA, TINY_QWEN2, type LlamaShape } from '../llamaShape';
import { headDim } from '../modelShape';
import { referenceLlamaLogits, rmsNorm, rotary } from './llamaReference';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number =>
  Array.from(a).reduce((sum, v, i) => sum + v * b[i], 0);

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe('rmsNorm', () => {
  it('divides by the root mean square and scales by the gain, without centring', () => {
    // mean(9, 16) = 12.5: [3, 4] / √12.5 = [0.8485…, 1.1313…]; the gain doubles the second.
    const y = rmsNorm([3, 4], [1, 2], 0);
    expect(y[0]).toBeCloseTo(3 / Math.sqrt(12.5), 12);
    expect(y[1]).toBeCloseTo((2 * 4) / Math.sqrt(12.5), 12);
    // A constant vector keeps its sign and becomes all ones (LayerNorm would make it zero).
    for (const v of rmsNorm([-5, -5, -5], [1, 1, 1], 0)) expect(v).toBeCloseTo(-1, 14);
    // eps enters under the root: [1, 1] with eps 3 is [1, 1] / 2.
    expect(Array.from(rmsNorm([1, 1], [1, 1], 3))).toEqual([0.5, 0.5]);
  });
});

describe('rotary', () => {
  const x = [0.3, -1.2, 2.5, 0.7, -0.4, 1.1];

  it('is the identity at position 0', () => {
    expect(Array.from(rotary(x, 0, 10000))).toEqual(x);
  });

  it('turns value i with value i + hd/2 (rotate_half), frequency theta^(−2i/hd)', () => {
    // hd = 4, theta = 100: the pairs (0, 2) turn by position·1, (1, 3) by position·100^(−1/2).
    const y = rotary([1, 0, 0, 0], 1, 100);
    expect(y[0]).toBeCloseTo(Math.cos(1), 12);
    expect(y[2]).toBeCloseTo(Math.sin(1), 12);
    expect(Math.abs(y[1]) + Math.abs(y[3])).toBe(0);
    const z = rotary([0, 1, 0, 0], 2, 100);
    expect(z[1]).toBeCloseTo(Math.cos(0.2), 12);
    expect(z[3]).toBeCloseTo(Math.sin(0.2), 12);
    expect(Math.abs(z[0]) + Math.abs(z[2])).toBe(0);
  });

  it('keeps lengths, and a query·key product depends only on the distance', () => {
    const k = [1.5, 0.2, -0.9, 0.4, 0.8, -1.3];
    expect(dot(rotary(x, 7, 10000), rotary(x, 7, 10000))).toBeCloseTo(dot(x, x), 10);
    const at = (p: number, q: number): number => dot(rotary(x, p, 10000), rotary(k, q, 10000));
    expect(at(9, 4)).toBeCloseTo(at(5, 0), 10);
    expect(at(9, 4)).not.toBeCloseTo(at(9, 5), 3);
  });
});

/**
 * The same model with every key/value head copied out, query head h getting kv head `pick(h)`:
 * multi-head attention that computes grouped-query attention when `pick` is its grouping.
 */
function expandKvHeads(
  shape: LlamaShape,
  w: LlamaWeights,
  pick: (h: number) => number,
): [LlamaShape, LlamaWeights] {
  const hd = headDim(shape);
  const expand = (m: Float32Array, rowLength: number): Float32Array => {
    const size = hd * rowLength;
    const out = new Float32Array(shape.heads * size);
    for (let h = 0; h < shape.heads; h++)
      out.set(m.subarray(pick(h) * size, (pick(h) + 1) * size), h * size);
    return out;
  };
  const layers = w.layers.map((l) => ({
    ...l,
    kW: expand(l.kW, shape.width),
    vW: expand(l.vW, shape.width),
    ...(l.kB && l.vB ? { kB: expand(l.kB, 1), vB: expand(l.vB, 1) } : {}),
  }));
  return [
    { ...shape, kvHeads: shape.heads },
    { ...w, layers },
  ];
}

describe('grouped-query attention', () => {
  const ids = [5, 17, 300, 42, 9, 511, 0];

  it.each([TINY_LLAMA, TINY_QWEN2])(
    'equals multi-head attention with the key/value heads copied out ($modelType)',
    (shape) => {
      const weights = makeLlamaWeights(shape, 7);
      const grouped = referenceLlamaLogits(shape, weights, ids);
      const group = shape.heads / shape.kvHeads;
      // Hugging Face's repeat_kv: query heads 0, 1 read kv head 0; heads 2, 3 read kv head 1.
      const full = referenceLlamaLogits(
        ...expandKvHeads(shape, weights, (h) => Math.floor(h / group)),
        ids,
      );
      const worst = Math.max(...grouped.map((row, t) => maxAbsDiff(row, full[t])));
      expect(worst).toBeLessThan(1e-9);
      // The check can fail: the other grouping (heads 0, 2 on kv head 0) gives other logits.
      const other = referenceLlamaLogits(
        ...expandKvHeads(shape, weights, (h) => h % shape.kvHeads),
        ids,
      );
      expect(maxAbsDiff(other.at(-1)!, grouped.at(-1)!)).toBeGreaterThan(1e-3);
    },
  );
});

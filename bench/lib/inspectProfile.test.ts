import { describe, expect, it } from 'vitest';
import type { ModelShape } from '../../src/engine/modelShape';
import { kindOf, splitProfile, type ProfileEvent } from './inspectProfile';

const SHAPE: ModelShape = {
  layers: 2,
  heads: 3,
  width: 6,
  vocab: 50,
  context: 64,
  eosTokenId: 49,
  layerNormEpsilon: 1e-5,
};

/** A kernel event of `op` on inputs of these float shapes. */
const kernel = (op: string, shapes: number[][], ts = 0, dur = 1000): ProfileEvent => ({
  cat: 'Node',
  name: `${op}_kernel_time`,
  ts,
  dur,
  args: { op_name: op, input_type_shape: shapes.map((s) => ({ float: s })) },
});

describe('kindOf', () => {
  it('tells the head on every position from the lens, the linears and attention', () => {
    const at = (op: string, shapes: number[][]) => kindOf(kernel(op, shapes), SHAPE, 8);
    expect(
      at('Gemm', [
        [8, 6],
        [50, 6],
      ]),
    ).toBe('logitsMs');
    expect(
      at('Gemm', [
        [2, 6],
        [50, 6],
      ]),
    ).toBe('lensMs');
    expect(
      at('MatMul', [
        [1, 8, 6],
        [6, 18],
      ]),
    ).toBe('linearMs');
    expect(
      at('MatMul', [
        [1, 8, 24],
        [24, 6],
      ]),
    ).toBe('linearMs');
    expect(
      at('FusedMatMul', [
        [1, 3, 8, 2],
        [1, 3, 2, 8],
      ]),
    ).toBe('attentionMs');
    expect(at('Softmax', [[1, 3, 8, 8]])).toBe('attentionMs');
    expect(at('Where', [[8, 8], [1, 3, 8, 8], []])).toBe('attentionMs');
    expect(at('LayerNormalization', [[1, 8, 6], [6], [6]])).toBe('otherMs');
    expect(at('Mul', [[1, 8, 24], []])).toBe('otherMs');
  });
});

describe('splitProfile', () => {
  it('sums the kernels inside each profiled run, skipping the warm-up runs', () => {
    const run = (ts: number, dur: number): ProfileEvent => ({
      cat: 'Session',
      name: 'model_run',
      ts,
      dur,
    });
    const events: ProfileEvent[] = [
      run(0, 100_000),
      kernel(
        'Gemm',
        [
          [8, 6],
          [50, 6],
        ],
        10,
        90_000,
      ), // the warm-up's: not counted
      run(200_000, 100_000),
      kernel(
        'Gemm',
        [
          [8, 6],
          [50, 6],
        ],
        200_010,
        30_000,
      ),
      kernel(
        'MatMul',
        [
          [1, 8, 6],
          [6, 18],
        ],
        230_010,
        50_000,
      ),
      kernel('Softmax', [[1, 3, 8, 8]], 280_010, 5_000),
      run(400_000, 1000),
      run(500_000, 2000),
      kernel(
        'Gemm',
        [
          [2, 6],
          [50, 6],
        ],
        500_100,
        1000,
      ),
    ];
    expect(splitProfile(events, SHAPE, [8, 16])).toEqual([
      { context: 8, runMs: 100, linearMs: 50, logitsMs: 30, lensMs: 0, attentionMs: 5, otherMs: 0 },
      { context: 16, runMs: 2, linearMs: 0, logitsMs: 0, lensMs: 1, attentionMs: 0, otherMs: 0 },
    ]);
    expect(() => splitProfile(events, SHAPE, [8])).toThrow(/4 runs, not 2/);
  });
});

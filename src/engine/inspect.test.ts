/** The inspection pass's feeds and summary, on made-up outputs (no model run). */
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import type { TensorClass } from './kvCache/kvCache';
import type { ModelShape } from './modelShape';
import { inspectFeeds, logitPositions, summarizeInspection, type InspectOutputs } from './inspect';

const SHAPE: ModelShape = {
  layers: 2,
  heads: 1,
  width: 4,
  vocab: 6,
  context: 16,
  eosTokenId: 5,
  layerNormEpsilon: 1e-5,
};
const LENGTH = 3;
const FOCUS = { layer: 0, head: 0 };

/** Logits whose argmax is `best[r]` in row r. */
function rows(best: number[]): Float32Array {
  const data = new Float32Array(best.length * SHAPE.vocab);
  best.forEach((id, r) => (data[r * SHAPE.vocab + id] = 5));
  return data;
}

/** Causal, uniform attention over LENGTH positions, one map per layer. */
function uniformAttention(): Float32Array[] {
  const map = new Float32Array(LENGTH * LENGTH);
  for (let i = 0; i < LENGTH; i++) for (let j = 0; j <= i; j++) map[i * LENGTH + j] = 1 / (i + 1);
  return Array.from({ length: SHAPE.layers }, () => map);
}

const outputs = (logits: Float32Array): InspectOutputs => ({
  logits,
  attention: uniformAttention(),
  lens: rows([1, 2]),
});

describe('inspection feeds', () => {
  it('asks for every position for the prefill, the newest alone for a decode step', () => {
    expect(logitPositions(4, true)).toEqual([0, 1, 2, 3]);
    expect(logitPositions(4, false)).toEqual([3]);
  });

  it('feeds the tokens [1, length] and the asked positions [n] as int64', () => {
    const Tensor = ort.Tensor as unknown as TensorClass;
    const step = inspectFeeds(Tensor, [10, 20, 30]);
    expect(step.input_ids.dims).toEqual([1, 3]);
    expect(Array.from(step.input_ids.data as BigInt64Array)).toEqual([10n, 20n, 30n]);
    expect(step.logit_positions.dims).toEqual([1]);
    expect(Array.from(step.logit_positions.data as BigInt64Array)).toEqual([2n]);
    const prefill = inspectFeeds(Tensor, [10, 20, 30], true);
    expect(prefill.logit_positions.dims).toEqual([3]);
    expect(Array.from(prefill.logit_positions.data as BigInt64Array)).toEqual([0n, 1n, 2n]);
  });
});

describe('summarizeInspection', () => {
  it('reads the top tokens after each position from logits of every position', () => {
    const summary = summarizeInspection(SHAPE, LENGTH, outputs(rows([4, 0, 3])), FOCUS, true);
    expect(summary.after.map((top) => top[0].id)).toEqual([4, 0, 3]);
    expect(summary.lens.map((top) => top[0].id)).toEqual([1, 2]);
  });

  it('shows a decode step from the newest row alone: the same views, no `after`', () => {
    const step = summarizeInspection(SHAPE, LENGTH, outputs(rows([3])), FOCUS);
    const prefill = summarizeInspection(SHAPE, LENGTH, outputs(rows([4, 0, 3])), FOCUS, true);
    expect(step.after).toEqual([]);
    expect(step).toEqual({ ...prefill, after: [] });
  });

  it('refuses logits of fewer rows than positions when every position is asked for', () => {
    expect(() => summarizeInspection(SHAPE, LENGTH, outputs(rows([3])), FOCUS, true)).toThrow(
      /1 rows of logits, not 3/,
    );
  });
});

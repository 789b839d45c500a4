import * as ort from 'onnxruntime-node';
import type { Tensor } from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { readLogitSummary, SUMMARY_OUTPUTS } from './logitSummary';

const ids = (values: number[]): Tensor =>
  new ort.Tensor('int64', BigInt64Array.from(values, BigInt), [1, 1, values.length]) as Tensor;
const scalar = (value: number): Tensor =>
  new ort.Tensor('float32', new Float32Array([value]), [1, 1, 1]) as Tensor;

describe('readLogitSummary', () => {
  it('reads the ranked ids and the two scalars of the last row', () => {
    const summary = readLogitSummary({
      [SUMMARY_OUTPUTS.topIds]: ids([5, 2, 9]),
      [SUMMARY_OUTPUTS.logNorm]: scalar(3.5),
      [SUMMARY_OUTPUTS.meanLogit]: scalar(1.25),
    });
    expect(summary).toEqual({ topIds: [5, 2, 9], logNorm: 3.5, meanLogit: 1.25 });
  });

  it('gives nothing for a model without it, or with values that are not finite', () => {
    expect(readLogitSummary({})).toBeUndefined();
    expect(
      readLogitSummary({
        [SUMMARY_OUTPUTS.topIds]: ids([1]),
        [SUMMARY_OUTPUTS.logNorm]: scalar(Number.POSITIVE_INFINITY),
        [SUMMARY_OUTPUTS.meanLogit]: scalar(0),
      }),
    ).toBeUndefined();
    expect(
      readLogitSummary({
        [SUMMARY_OUTPUTS.topIds]: scalar(1), // not int64 ids
        [SUMMARY_OUTPUTS.logNorm]: scalar(1),
        [SUMMARY_OUTPUTS.meanLogit]: scalar(0),
      }),
    ).toBeUndefined();
  });
});

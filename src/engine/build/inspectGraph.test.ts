/**
 * Checks the inspection file against the float64 reference pass and against the Hub-interface
 * file of the same weights, with plain onnxruntime-node calls (no engine code).
 */
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_GPT2, headDim } from '../modelShape';
import { referenceInspection, type ReferenceInspection } from '../reference/gpt2Reference';
import { RECIPES } from '../../../scripts/makeModel';
import { buildGpt2Model } from './gpt2Graph';
import { buildInspectModel } from './inspectGraph';
import { decodeModel, readInitializers } from './onnxSchema';
import { makeWeights } from './tinyWeights';

const shape = TINY_GPT2;
const { seed, scales } = RECIPES['tiny-gpt2'];
const IDS = [7454, 2402, 257, 640, 11, 612, 373];
const seq = IDS.length;

type Outputs = ort.InferenceSession.OnnxValueMapType;

const int64 = (values: number[], dims = [1, values.length]): ort.Tensor =>
  new ort.Tensor(
    'int64',
    BigInt64Array.from(values, (v) => BigInt(v)),
    dims,
  );

/** The inspection file's feeds: the tokens and the positions whose logits are asked for. */
const inspectFeeds = (positions: number[]): Record<string, ort.Tensor> => ({
  input_ids: int64(IDS),
  logit_positions: int64(positions, [positions.length]),
});
const EVERY = IDS.map((_, t) => t);

function floats(outputs: Outputs, name: string): Float32Array {
  const data = outputs[name].data;
  if (!(data instanceof Float32Array)) throw new Error(`${name} is not float32`);
  return data;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let k = 0; k < a.length; k++) max = Math.max(max, Math.abs(a[k] - b[k]));
  return max;
}

const weights = makeWeights(shape, seed, scales);
let bytes: Uint8Array;
let session: ort.InferenceSession;
/** The run asking for every position's logits (the prefill's view). */
let outputs: Outputs;
let reference: ReferenceInspection;

describe('inspection file (tiny-gpt2)', () => {
  beforeAll(async () => {
    bytes = buildInspectModel(shape, weights);
    session = await ort.InferenceSession.create(bytes);
    outputs = await session.run(inspectFeeds(EVERY));
    reference = referenceInspection(shape, readInitializers(bytes), IDS);
  });

  it('declares input_ids and logit_positions, then logits, attn.{i} and lens_logits', () => {
    const model = decodeModel(bytes);
    expect(model.inputs.map((v) => v.name)).toEqual(['input_ids', 'logit_positions']);
    const attn = Array.from({ length: shape.layers }, (_, i) => `attn.${i}`);
    expect(model.outputs.map((v) => v.name)).toEqual(['logits', ...attn, 'lens_logits']);
    expect(outputs.logits.dims).toEqual([1, seq, shape.vocab]);
    expect(outputs['attn.0'].dims).toEqual([shape.heads, seq, seq]);
    expect(outputs.lens_logits.dims).toEqual([shape.layers, shape.vocab]);
  });

  it('returns causal attention rows that sum to 1 and match the reference', () => {
    let diff = 0;
    for (let layer = 0; layer < shape.layers; layer++) {
      const probs = floats(outputs, `attn.${layer}`);
      for (let head = 0; head < shape.heads; head++) {
        for (let t = 0; t < seq; t++) {
          const row = probs.subarray((head * seq + t) * seq, (head * seq + t + 1) * seq);
          expect(row.slice(t + 1).every((p) => p === 0)).toBe(true);
          expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
          diff = Math.max(
            diff,
            maxAbsDiff(row.subarray(0, t + 1), reference.attention[layer][head][t]),
          );
        }
      }
    }
    console.log(`attention max |onnx - reference| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThanOrEqual(1e-4);
  });

  it('returns logits for every position when asked for all, as the reference', () => {
    const logits = floats(outputs, 'logits');
    const diff = Math.max(
      ...IDS.map((_, t) =>
        maxAbsDiff(logits.subarray(t * shape.vocab, (t + 1) * shape.vocab), reference.logits[t]),
      ),
    );
    expect(diff).toBeLessThanOrEqual(1e-3);
  });

  it('returns logits for the asked positions only, in their order, as the reference', async () => {
    const asked = [seq - 1, 0, 3];
    const some = await session.run(inspectFeeds(asked));
    expect(some.logits.dims).toEqual([1, asked.length, shape.vocab]);
    const logits = floats(some, 'logits');
    asked.forEach((t, r) => {
      const rowLogits = logits.subarray(r * shape.vocab, (r + 1) * shape.vocab);
      expect(maxAbsDiff(rowLogits, reference.logits[t])).toBeLessThanOrEqual(1e-3);
    });
    // The newest alone (a decode step's pass): attention and lens as with every position.
    const newest = await session.run(inspectFeeds([seq - 1]));
    expect(newest.logits.dims).toEqual([1, 1, shape.vocab]);
    const lastRow = floats(outputs, 'logits').subarray((seq - 1) * shape.vocab);
    expect(maxAbsDiff(floats(newest, 'logits'), lastRow)).toBeLessThanOrEqual(1e-5);
    for (const name of ['attn.0', 'lens_logits']) {
      expect(maxAbsDiff(floats(newest, name), floats(outputs, name))).toBeLessThanOrEqual(1e-6);
    }
  });

  it('returns the logit lens: each layer as the reference, the last equal to the logits', () => {
    const lens = floats(outputs, 'lens_logits');
    const row = (layer: number): Float32Array =>
      lens.subarray(layer * shape.vocab, (layer + 1) * shape.vocab);
    for (let layer = 0; layer < shape.layers; layer++) {
      expect(maxAbsDiff(row(layer), reference.lens[layer])).toBeLessThanOrEqual(1e-3);
    }
    const lastLogits = floats(outputs, 'logits').subarray((seq - 1) * shape.vocab);
    expect(maxAbsDiff(row(shape.layers - 1), lastLogits)).toBeLessThanOrEqual(1e-5);
    // Earlier layers predict something else: the lens is not the same row repeated.
    expect(maxAbsDiff(row(0), lastLogits)).toBeGreaterThan(1e-2);
  });

  it('gives the same last-position logits as the Hub-interface file', async () => {
    const hub = await ort.InferenceSession.create(buildGpt2Model(shape, weights, 'hf'));
    const empty = new ort.Tensor('float32', new Float32Array(0), [
      1,
      shape.heads,
      0,
      headDim(shape),
    ]);
    const feeds: Record<string, ort.Tensor> = {
      input_ids: int64(IDS),
      attention_mask: int64(IDS.map(() => 1)),
      position_ids: int64(IDS.map((_, t) => t)),
    };
    for (let i = 0; i < shape.layers; i++) {
      feeds[`past_key_values.${i}.key`] = empty;
      feeds[`past_key_values.${i}.value`] = empty;
    }
    const hubLogits = floats(await hub.run(feeds), 'logits');
    const last = (data: Float32Array): Float32Array => data.subarray((seq - 1) * shape.vocab);
    const diff = maxAbsDiff(last(floats(outputs, 'logits')), last(hubLogits));
    console.log(`last-position max |inspect - hub| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThanOrEqual(1e-4);
  });
});

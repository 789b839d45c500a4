/**
 * Checks the ONNX Llama writer against the float64 reference pass with plain onnxruntime-node
 * calls (no engine code), for a tiny Llama (tied head, no biases) and a tiny Qwen2 (q/k/v biases,
 * a head of its own), both with 4 query heads on 2 key/value heads.
 */
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_LLAMA, TINY_QWEN2 } from '../llamaShape';
import { headDim } from '../modelShape';
import { referenceLlamaLogits } from '../reference/llamaReference';
import { buildLlamaModel, EMBED, LM_HEAD, llamaWeightNames } from './llamaGraph';
import { makeLlamaWeights } from './llamaWeights';
import { decodeModel, readInitializers } from './onnxSchema';
import { transpose } from './quantize';

const TOLERANCE = 1e-3;
const IDS = [1, 87, 311, 4, 250, 99, 7, 402, 18, 63];

type Outputs = ort.InferenceSession.OnnxValueMapType;

const int64 = (values: number[]): ort.Tensor =>
  new ort.Tensor('int64', BigInt64Array.from(values, BigInt), [1, values.length]);

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe.each([TINY_LLAMA, TINY_QWEN2])('Llama ONNX writer ($modelType)', (shape) => {
  const weights = makeLlamaWeights(shape, 1234);
  const hd = headDim(shape);
  const reference = referenceLlamaLogits(shape, weights, IDS);
  let bytes: Uint8Array;
  let session: ort.InferenceSession;

  /**
   * `ids` after `pastLen` cached tokens, whose keys and values are `past`'s present.* outputs;
   * `shift` moves the fed tokens' positions (a wrong position, for the check that can fail).
   */
  async function run(
    ids: number[],
    past: Outputs | undefined,
    pastLen: number,
    shift = 0,
  ): Promise<Outputs> {
    const feeds: Record<string, ort.Tensor> = {
      input_ids: int64(ids),
      attention_mask: int64(Array.from({ length: pastLen + ids.length }, () => 1)),
      position_ids: int64(ids.map((_, k) => pastLen + k + shift)),
    };
    const empty = new ort.Tensor('float32', new Float32Array(0), [1, shape.kvHeads, 0, hd]);
    for (let i = 0; i < shape.layers; i++) {
      for (const kind of ['key', 'value']) {
        feeds[`past_key_values.${i}.${kind}`] = past ? past[`present.${i}.${kind}`] : empty;
      }
    }
    return session.run(feeds);
  }

  const row = (outputs: Outputs, t: number): Float32Array =>
    (outputs.logits.data as Float32Array).subarray(t * shape.vocab, (t + 1) * shape.vocab);

  beforeAll(async () => {
    bytes = buildLlamaModel(shape, weights);
    session = await ort.InferenceSession.create(bytes);
  });

  it('has the Hugging Face export interface with key/value heads in the cache', () => {
    const model = decodeModel(bytes);
    expect(model.opsets).toEqual([{ domain: '', version: 17 }]);
    const perLayer = (prefix: string): string[] =>
      Array.from({ length: shape.layers }, (_, i) => [
        `${prefix}.${i}.key`,
        `${prefix}.${i}.value`,
      ]).flat();
    expect(model.inputs.map((v) => v.name)).toEqual([
      'input_ids',
      'attention_mask',
      'position_ids',
      ...perLayer('past_key_values'),
    ]);
    expect(model.outputs.map((v) => v.name)).toEqual(['logits', ...perLayer('present')]);
    expect(model.inputs[3].dims).toEqual(['batch_size', shape.kvHeads, 'past_sequence_length', hd]);
    expect(model.outputs[1].dims).toEqual([
      'batch_size',
      shape.kvHeads,
      'total_sequence_length',
      hd,
    ]);
  });

  it('stores the weights under their Hugging Face names, matrices transposed', () => {
    const stored = readInitializers(bytes);
    const same = (name: string, expected: Float32Array): boolean =>
      Buffer.from((stored.get(name)?.data ?? new Float32Array(0)).buffer).equals(
        Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength),
      );
    const n = llamaWeightNames(1);
    const kvRows = shape.kvHeads * hd;
    expect(stored.get(n.kW)?.dims).toEqual([shape.width, kvRows]);
    expect(same(n.kW, transpose(weights.layers[1].kW, kvRows, shape.width))).toBe(true);
    expect(same(EMBED, weights.embed)).toBe(true);
    expect(stored.has(LM_HEAD)).toBe(!shape.tiedEmbeddings);
    expect(stored.has(n.qB)).toBe(shape.modelType === 'qwen2');
  });

  it('matches the float64 reference at every position of a 10-token prompt', async () => {
    const outputs = await run(IDS, undefined, 0);
    expect(outputs.logits.dims).toEqual([1, IDS.length, shape.vocab]);
    expect(outputs['present.0.key'].dims).toEqual([1, shape.kvHeads, IDS.length, hd]);
    const diff = Math.max(...IDS.map((_, t) => maxAbsDiff(row(outputs, t), reference[t])));
    console.log(`${shape.modelType}: prefill max |onnx − reference| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
  });

  it('matches the reference one token at a time on the cache (rotary positions from position_ids)', async () => {
    let outputs = await run(IDS.slice(0, 3), undefined, 0);
    let diff = maxAbsDiff(row(outputs, 2), reference[2]);
    for (let t = 3; t < IDS.length; t++) {
      outputs = await run([IDS[t]], outputs, t);
      diff = Math.max(diff, maxAbsDiff(row(outputs, 0), reference[t]));
    }
    console.log(
      `${shape.modelType}: cached steps max |onnx − reference| = ${diff.toExponential(2)}`,
    );
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
    // The positions matter: the last token fed at another position gives other logits.
    const before = await run(IDS.slice(0, -1), undefined, 0);
    const shifted = await run([IDS.at(-1)!], before, IDS.length - 1, 5);
    expect(maxAbsDiff(row(shifted, 0), reference.at(-1)!)).toBeGreaterThan(1e-2);
  });
});

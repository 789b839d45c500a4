/**
 * Checks the ONNX GPT-2 writer against the float64 reference pass, with plain onnxruntime-node
 * calls (no engine code), and checks that the tiny model decodes non-degenerately.
 */
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_GPT2, headDim } from '../modelShape';
import { referenceLogits } from '../reference/gpt2Reference';
import { RECIPES } from '../../../scripts/makeModel';
import { buildGpt2Model } from './gpt2Graph';
import { decodeModel, readInitializers } from './onnxSchema';
import { makeWeights } from './tinyWeights';

const shape = TINY_GPT2;
const { seed, scales } = RECIPES['tiny-gpt2'];
const ONCE_UPON_A_TIME = [7454, 2402, 257, 640];
const TOLERANCE = 1e-3;

type Feeds = Record<string, ort.Tensor>;
type Outputs = ort.InferenceSession.OnnxValueMapType;

const int64 = (values: number[]): ort.Tensor =>
  new ort.Tensor(
    'int64',
    BigInt64Array.from(values, (v) => BigInt(v)),
    [1, values.length],
  );

const weights = makeWeights(shape, seed, scales);
let bytes: Uint8Array;
let session: ort.InferenceSession;

/** One call: `ids` after `pastLen` cached tokens (`past` = the previous call's outputs). */
async function step(
  ids: number[],
  past: Outputs | undefined,
  pastLen: number,
  mask: number[] = Array.from({ length: pastLen + ids.length }, () => 1),
): Promise<Outputs> {
  const feeds: Feeds = {
    input_ids: int64(ids),
    attention_mask: int64(mask),
    position_ids: int64(ids.map((_, k) => pastLen + k)),
  };
  // An empty past ([1, heads, 0, head_dim]) is how the first call (prefill) says "no cache".
  const empty = new ort.Tensor('float32', new Float32Array(0), [1, shape.heads, 0, headDim(shape)]);
  for (let i = 0; i < shape.layers; i++) {
    for (const kind of ['key', 'value']) {
      feeds[`past_key_values.${i}.${kind}`] = past ? past[`present.${i}.${kind}`] : empty;
    }
  }
  return session.run(feeds);
}

function logitsAt(outputs: Outputs, position: number): Float32Array {
  const data = outputs.logits.data;
  if (!(data instanceof Float32Array)) throw new Error('logits are not float32');
  return data.subarray(position * shape.vocab, (position + 1) * shape.vocab);
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let k = 0; k < a.length; k++) max = Math.max(max, Math.abs(a[k] - b[k]));
  return max;
}

function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
  return best;
}

/** Greedy decoding with the KV cache: prefill the prompt, then feed one token per call. */
async function greedy(prompt: number[], steps: number): Promise<number[]> {
  let outputs = await step(prompt, undefined, 0);
  let length = prompt.length;
  const tokens: number[] = [];
  for (let s = 0; s < steps; s++) {
    const next = argmax(logitsAt(outputs, outputs.logits.dims[1] - 1));
    tokens.push(next);
    outputs = await step([next], outputs, length);
    length += 1;
  }
  return tokens;
}

describe('GPT-2 ONNX writer (tiny-gpt2)', () => {
  beforeAll(async () => {
    bytes = buildGpt2Model(shape, weights);
    session = await ort.InferenceSession.create(bytes);
  });

  it('has the Hugging Face export interface', () => {
    const model = decodeModel(bytes);
    expect(model.irVersion).toBe(8);
    expect(model.opsets).toEqual([{ domain: '', version: 17 }]);
    const names = (list: { name: string }[]): string[] => list.map((v) => v.name);
    const perLayer = (prefix: string): string[] =>
      Array.from({ length: shape.layers }, (_, i) => [
        `${prefix}.${i}.key`,
        `${prefix}.${i}.value`,
      ]).flat();
    expect(names(model.inputs)).toEqual([
      'input_ids',
      'attention_mask',
      'position_ids',
      ...perLayer('past_key_values'),
    ]);
    expect(names(model.outputs)).toEqual(['logits', ...perLayer('present')]);
    expect(model.inputs[1].dims).toEqual(['batch_size', 'total_sequence_length']);
    const hd = headDim(shape);
    expect(model.inputs[3].dims).toEqual(['batch_size', shape.heads, 'past_sequence_length', hd]);
    expect(model.outputs[0].dims).toEqual(['batch_size', 'sequence_length', shape.vocab]);
    const ops = new Set(model.nodes.map((n) => n.opType));
    expect(ops.has('Gelu')).toBe(false);
    expect(ops.has('Gemm')).toBe(true);
    // Tied head: the only [vocab, d] initializer is wte itself.
    const big = model.initializers.filter((t) => t.dims[0] === shape.vocab);
    expect(big.map((t) => t.name)).toEqual(['transformer.wte.weight']);
  });

  it('stores the weights bit-exactly under their Hugging Face names', () => {
    const stored = readInitializers(bytes);
    // Byte comparison: toEqual on a 3.2M-element array takes tens of seconds.
    const bytesOf = (a: Float32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    const sameBits = (name: string, expected: Float32Array): boolean =>
      bytesOf(stored.get(name)?.data ?? new Float32Array(0)).equals(bytesOf(expected));
    expect(sameBits('transformer.wte.weight', weights.wte)).toBe(true);
    expect(sameBits('transformer.h.1.mlp.c_proj.weight', weights.layers[1].mlpProjW)).toBe(true);
    expect(sameBits('transformer.ln_f.weight', weights.lnFGamma)).toBe(true);
    const dims = stored.get('transformer.h.1.mlp.c_proj.weight')?.dims;
    expect(dims).toEqual([4 * shape.width, shape.width]);
  });

  it('matches the float64 reference at every position of a 6-token prompt', async () => {
    const ids = [...ONCE_UPON_A_TIME, 11, 612];
    const reference = referenceLogits(shape, readInitializers(bytes), ids);
    const outputs = await step(ids, undefined, 0);
    expect(outputs.logits.dims).toEqual([1, ids.length, shape.vocab]);
    expect(outputs['present.0.key'].dims).toEqual([1, shape.heads, ids.length, headDim(shape)]);
    const diff = Math.max(...ids.map((_, t) => maxAbsDiff(logitsAt(outputs, t), reference[t])));
    console.log(`full-sequence max |onnx - reference| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
  });

  it('matches the reference when decoding one token on a 4-token cache', async () => {
    const ids = [...ONCE_UPON_A_TIME, 11];
    const reference = referenceLogits(shape, readInitializers(bytes), ids);
    const prefill = await step(ids.slice(0, 4), undefined, 0);
    const decode = await step(ids.slice(4), prefill, 4);
    expect(decode.logits.dims).toEqual([1, 1, shape.vocab]);
    expect(decode['present.1.value'].dims).toEqual([1, shape.heads, 5, headDim(shape)]);
    const diff = maxAbsDiff(logitsAt(decode, 0), reference[4]);
    console.log(`cached-step max |onnx - reference| = ${diff.toExponential(2)}`);
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
  });

  it('honours attention_mask: a masked-out past token changes the logits', async () => {
    // Same tokens, but the mask hides the first one: the last position must see a difference.
    const ids = ONCE_UPON_A_TIME;
    const plain = await step(ids, undefined, 0);
    const masked = await step(ids, undefined, 0, [0, 1, 1, 1]);
    expect(maxAbsDiff(logitsAt(plain, 3), logitsAt(masked, 3))).toBeGreaterThan(1e-3);
  });

  it('decodes non-degenerately from "Once upon a time"', async () => {
    const tokens = await greedy(ONCE_UPON_A_TIME, 30);
    const distinct = new Set(tokens).size;
    console.log(`greedy: [${tokens.join(', ')}] (${distinct} distinct of 30)`);
    expect(distinct).toBeGreaterThanOrEqual(10);
    // The continuation depends on the context, not just on the last token and the position.
    const perturbed = await greedy([7454, 1110, 257, 640], 30);
    expect(perturbed).not.toEqual(tokens);
  });
});

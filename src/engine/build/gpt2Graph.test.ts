/**
 * Checks the ONNX GPT-2 writer against the float64 reference pass, with plain onnxruntime-node
 * calls (no engine code), and checks that the tiny model decodes non-degenerately.
 */
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { TINY_GPT2, headDim } from '../modelShape';
import { referenceLogits } from '../reference/gpt2Reference';
import { RECIPES } from '../../../scripts/makeModel';
import { sequenceBias } from '../kvCache/slotBias';
import { buildGpt2Model } from './gpt2Graph';
import { ATTENTION_BIAS } from './layout';
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

describe('the slots files’ argmax_all (tiny-gpt2)', () => {
  const IDS = [...ONCE_UPON_A_TIME, 11, 612, 373, 257, 1110, 13, 383, 286];
  const hd = headDim(shape);
  let reference: Float64Array[];
  let slots: Uint8Array;
  let fp32: ort.InferenceSession;
  let q8: ort.InferenceSession;

  beforeAll(async () => {
    slots = buildGpt2Model(shape, weights, 'slots');
    reference = referenceLogits(shape, readInitializers(slots), IDS);
    fp32 = await ort.InferenceSession.create(slots);
    q8 = await ort.InferenceSession.create(buildGpt2Model(shape, weights, 'slots', 'q8'));
  });

  /**
   * Feeds `ids` after `cached` (each layer's key and value rows, without the blank row), asking
   * for logits at the last `rows` positions.
   */
  function slotFeeds(ids: number[], past: number, rows: number, cached?: Outputs): Feeds {
    const feeds: Feeds = {
      input_ids: int64(ids),
      position_ids: int64(ids.map((_, k) => past + k)),
      logit_rows: new ort.Tensor('int64', BigInt64Array.of(BigInt(rows)), [1]),
      // The causal mask over the blank row, the cached rows and the fed tokens, as the engine feeds it.
      [ATTENTION_BIAS]: new ort.Tensor('float32', sequenceBias(ids.length, 1 + past), [
        ids.length,
        1 + past + ids.length,
      ]),
    };
    const rowSize = shape.heads * hd;
    for (let i = 0; i < shape.layers; i++) {
      for (const kind of ['key', 'value']) {
        const data = new Float32Array((1 + past) * rowSize); // row 0: the blank
        if (cached) data.set(cached[`fresh.${i}.${kind}`].data as Float32Array, rowSize);
        feeds[`cache.${i}.${kind}`] = new ort.Tensor('float32', data, [1 + past, shape.heads, hd]);
      }
    }
    return feeds;
  }

  const argmaxAll = (outputs: Outputs): number[] =>
    Array.from(outputs.argmax_all.data as BigInt64Array, Number);

  it('takes logit_rows and returns argmax_all [1, logit_rows] last, in the float32 and the 8-bit file', () => {
    const model = decodeModel(slots);
    const rows = model.inputs.find((v) => v.name === 'logit_rows');
    expect(rows?.dims).toEqual([1]);
    const last = model.outputs[model.outputs.length - 1];
    expect(last.name).toBe('argmax_all');
    expect(last.dims).toEqual([1, 'logit_rows']);
    expect(model.outputs[0].dims).toEqual([1, 'logit_rows', shape.vocab]);
    for (const session of [fp32, q8]) {
      expect(session.inputNames).toContain('logit_rows');
      expect(session.outputNames.at(-1)).toBe('argmax_all');
    }
  });

  it('equals the argmax of the float64 reference logits at every fed position, with and without a cache', async () => {
    const expected = reference.map(argmax);
    // Each reference argmax leads its runner-up by more than the file's error, so it is the answer.
    for (const row of reference) {
      const sorted = [...row].sort((a, b) => b - a);
      expect(sorted[0] - sorted[1]).toBeGreaterThan(2 * TOLERANCE);
    }
    const whole = await fp32.run(slotFeeds(IDS, 0, IDS.length));
    expect(whole.argmax_all.dims).toEqual([1, IDS.length]);
    expect(whole.logits.dims).toEqual([1, IDS.length, shape.vocab]);
    expect(argmaxAll(whole)).toEqual(expected);
    // Seven tokens on a cache of five: the positions after the cached ones.
    const prefill = await fp32.run(slotFeeds(IDS.slice(0, 5), 0, 1));
    expect(argmaxAll(prefill)).toEqual([expected[4]]);
    const decode = await fp32.run(slotFeeds(IDS.slice(5), 5, IDS.length - 5, prefill));
    expect(argmaxAll(decode)).toEqual(expected.slice(5));
    // Each row's logits are the reference's, and their summary is per row.
    const logits = decode.logits.data as Float32Array;
    expect(decode.top_ids.dims).toEqual([1, IDS.length - 5, 64]);
    let diff = 0;
    for (let t = 5; t < IDS.length; t++) {
      const row = logits.subarray((t - 5) * shape.vocab, (t - 4) * shape.vocab);
      diff = Math.max(diff, maxAbsDiff(row, reference[t]));
    }
    expect(diff).toBeLessThanOrEqual(TOLERANCE);
    // More rows than fed means every fed row.
    const over = await fp32.run(slotFeeds(IDS.slice(5), 5, 100, prefill));
    expect(argmaxAll(over)).toEqual(expected.slice(5));
  });

  it('in the 8-bit file picks tokens the reference ranks at or near the top', async () => {
    const rows = reference;
    const picked = argmaxAll(await q8.run(slotFeeds(IDS, 0, IDS.length)));
    expect(picked).toHaveLength(IDS.length);
    const agree = picked.filter((id, t) => id === argmax(rows[t])).length;
    const worst = Math.max(...picked.map((id, t) => rows[t][argmax(rows[t])] - rows[t][id]));
    console.log(
      `q8 argmax_all: ${agree}/${IDS.length} equal the reference's, worst shortfall ${worst.toFixed(3)}`,
    );
    expect(agree).toBeGreaterThanOrEqual(IDS.length - 2);
    expect(worst).toBeLessThan(1);
    // One row: the same quantized head as a step's, and the same token as its logits' argmax.
    const one = await q8.run(slotFeeds(IDS, 0, 1));
    expect(one.logits.dims).toEqual([1, 1, shape.vocab]);
    expect(argmaxAll(one)).toEqual([argmax(one.logits.data as Float32Array)]);
  });
});

/**
 * The GroupQueryAttention file (gqaGraph.ts) against the plain Hugging Face-interface file on
 * tiny-gpt2's shape and weights: the same logits over a prefill and several decode steps, with
 * its cache shared in place (onnxruntime-node's pre-allocated outputs) and with the fed rows
 * appended by the caller (what onnxruntime-web's WASM needs, checked on it too), and after a
 * rollback; the float16 cache within float16's precision.
 */
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InferenceSession as WebSession } from 'onnxruntime-web';
import { RECIPES } from '../../../scripts/makeModel';
import { headDim, TINY_GPT2 } from '../modelShape';
import { buildGpt2Model } from './gpt2Graph';
import { GqaRunner, type GqaMode } from './gqaDriver';
import { buildGpt2GqaModel } from './gqaGraph';
import { decodeModel } from './onnxSchema';
import { makeWeights } from './tinyWeights';

const shape = TINY_GPT2;
const { seed, scales } = RECIPES['tiny-gpt2'];
const PROMPT = [7454, 2402, 257, 640];
const STEPS = [11, 318, 1110, 13, 50256, 2];
const TOLERANCE = 1e-4;
/** Float16 keeps 11 significant bits: logits of a few units move by up to ~1e-2. */
const HALF_TOLERANCE = 5e-2;
const CAPACITY = 24;

const weights = makeWeights(shape, seed, scales);
let plain: ort.InferenceSession;
let gqa: ort.InferenceSession;
let gqaBytes: Uint8Array;

const int64 = (values: number[]): ort.Tensor =>
  new ort.Tensor('int64', BigInt64Array.from(values, BigInt), [1, values.length]);

/** The plain file's logits for every call: the prompt, then one token per call. */
async function plainLogits(calls: number[][]): Promise<Float32Array[]> {
  const hd = headDim(shape);
  let past: Record<string, ort.Tensor> = {};
  for (let i = 0; i < shape.layers; i++) {
    for (const kind of ['key', 'value']) {
      const empty = new ort.Tensor('float32', new Float32Array(0), [1, shape.heads, 0, hd]);
      past[`past_key_values.${i}.${kind}`] = empty;
    }
  }
  let length = 0;
  const out: Float32Array[] = [];
  for (const ids of calls) {
    const outputs = await plain.run({
      input_ids: int64(ids),
      attention_mask: int64(Array.from({ length: length + ids.length }, () => 1)),
      position_ids: int64(ids.map((_, k) => length + k)),
      ...past,
    });
    past = {};
    for (const [name, value] of Object.entries(outputs)) {
      if (name.startsWith('present.')) past[name.replace('present.', 'past_key_values.')] = value;
    }
    length += ids.length;
    out.push(outputs.logits.data as Float32Array);
  }
  return out;
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let k = 0; k < a.length; k++) max = Math.max(max, Math.abs(a[k] - b[k]));
  return max;
}

function argmax(values: Float32Array): number {
  let best = 0;
  for (let k = 1; k < values.length; k++) if (values[k] > values[best]) best = k;
  return best;
}

// onnxruntime-node's session satisfies the web one's type where the runner uses it.
const runner = (mode: GqaMode, session = gqa): GqaRunner =>
  new GqaRunner(session as unknown as WebSession, shape, ort.Tensor, CAPACITY, mode);

describe('GPT-2 with GroupQueryAttention (tiny-gpt2)', () => {
  beforeAll(async () => {
    plain = await ort.InferenceSession.create(buildGpt2Model(shape, weights, 'hf'));
    gqaBytes = buildGpt2GqaModel(shape, weights);
    gqa = await ort.InferenceSession.create(gqaBytes);
  });

  it('declares a full-capacity cache, the valid length and the fed rows', () => {
    const model = decodeModel(gqaBytes);
    const names = model.inputs.map((v) => v.name);
    expect(names.slice(0, 3)).toEqual(['input_ids', 'position_ids', 'past_key_values.0.key']);
    expect(names.slice(-2)).toEqual(['seqlens_k', 'total_sequence_length']);
    expect(model.inputs[2].dims).toEqual([1, shape.heads, 'cache_capacity', headDim(shape)]);
    const outputs = model.outputs.map((v) => v.name);
    expect(outputs).toContain('present.0.key');
    expect(outputs).toContain('fresh.0.value');
    const attention = model.nodes.filter((n) => n.opType === 'GroupQueryAttention');
    expect(attention).toHaveLength(shape.layers);
  });

  it('can leave out the fed rows and any shape computed at run time (graph capture)', async () => {
    const bytes = buildGpt2GqaModel(shape, weights, { fresh: false });
    const model = decodeModel(bytes);
    expect(model.outputs.map((v) => v.name).filter((name) => name.startsWith('fresh.'))).toEqual(
      [],
    );
    // A Shape op runs on the CPU; the logits are the head's own output, not a Reshape's copy.
    expect(model.nodes.filter((n) => n.opType === 'Shape')).toEqual([]);
    expect(model.outputs[0]).toMatchObject({
      name: 'logits',
      dims: ['sequence_length', shape.vocab],
    });
    const producer = model.nodes.find((n) => n.outputs.includes('logits'));
    expect(producer?.opType).toBe('Gemm');
    // The same logits as the file with the fed rows, through the same driver.
    const lean = runner('shared', await ort.InferenceSession.create(bytes));
    const full = runner('shared');
    for (const ids of [PROMPT, [STEPS[0]]]) {
      expect(maxAbsDiff(await lean.run(ids), await full.run(ids))).toBeLessThan(TOLERANCE);
    }
  });

  it('gives the same logits with the MLP as one FastGelu node', async () => {
    const bytes = buildGpt2GqaModel(shape, weights, { fresh: false, fastGelu: true });
    const model = decodeModel(bytes);
    expect(model.nodes.filter((n) => n.opType === 'FastGelu')).toHaveLength(shape.layers);
    expect(model.nodes.filter((n) => n.opType === 'Tanh')).toEqual([]);
    const fused = runner('shared', await ort.InferenceSession.create(bytes));
    const plainRun = runner('shared');
    for (const ids of [PROMPT, [STEPS[0]], [STEPS[1]]]) {
      expect(maxAbsDiff(await fused.run(ids), await plainRun.run(ids))).toBeLessThan(TOLERANCE);
    }
  });

  for (const mode of ['shared', 'fresh'] as const) {
    it(`gives the plain file's logits over a prefill and ${STEPS.length} steps (${mode})`, async () => {
      const calls = [PROMPT, ...STEPS.map((id) => [id])];
      const expected = await plainLogits(calls);
      const run = runner(mode);
      for (const [k, ids] of calls.entries()) {
        expect(maxAbsDiff(await run.run(ids), expected[k])).toBeLessThan(TOLERANCE);
      }
      expect(run.length).toBe(PROMPT.length + STEPS.length);
    });
  }

  it("gives the plain file's logits on onnxruntime-web's WASM (fresh rows)", async () => {
    const web = await import('onnxruntime-web');
    web.env.wasm.numThreads = 1;
    const session = await web.InferenceSession.create(gqaBytes, { executionProviders: ['wasm'] });
    const calls = [PROMPT, ...STEPS.map((id) => [id])];
    const expected = await plainLogits(calls);
    const run = new GqaRunner(session, shape, web.Tensor, CAPACITY, 'fresh');
    for (const [k, ids] of calls.entries()) {
      expect(maxAbsDiff(await run.run(ids), expected[k])).toBeLessThan(TOLERANCE);
    }
    await session.release();
  });

  it('keeps the greedy tokens with a float16 cache, logits within its precision', async () => {
    const half = await ort.InferenceSession.create(
      buildGpt2GqaModel(shape, weights, { cache: 'float16' }),
    );
    const calls = [PROMPT, ...STEPS.map((id) => [id])];
    const expected = await plainLogits(calls);
    for (const mode of ['shared', 'fresh'] as const) {
      const session = half as unknown as WebSession;
      const run = new GqaRunner(session, shape, ort.Tensor, CAPACITY, mode, 'float16');
      for (const [k, ids] of calls.entries()) {
        const logits = await run.run(ids);
        expect(maxAbsDiff(logits, expected[k])).toBeLessThan(HALF_TOLERANCE);
        const last = (data: Float32Array) => data.subarray(data.length - shape.vocab);
        expect(argmax(last(logits))).toBe(argmax(last(expected[k])));
      }
    }
  });

  it('rolls back by lowering the length: the rows past it are overwritten', async () => {
    const kept = [PROMPT, [STEPS[0]], [STEPS[1]]];
    const expected = await plainLogits([...kept, [STEPS[3]], [STEPS[4]]]);
    for (const mode of ['shared', 'fresh'] as const) {
      const run = runner(mode);
      for (const ids of [...kept, [STEPS[2]], [STEPS[5]]]) await run.run(ids);
      run.length = PROMPT.length + 2;
      expect(maxAbsDiff(await run.run([STEPS[3]]), expected[3])).toBeLessThan(TOLERANCE);
      expect(maxAbsDiff(await run.run([STEPS[4]]), expected[4])).toBeLessThan(TOLERANCE);
    }
  });
});

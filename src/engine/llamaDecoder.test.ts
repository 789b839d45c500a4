/**
 * The engine's decoder on Llama-family models in the Hugging Face interface (grouped-query cache,
 * rotary positions from `position_ids`): a tiny Llama and a tiny Qwen2 written to a temporary
 * folder and loaded as the CLI loads a model (config.json, then the ONNX file). Every cached
 * answer must equal a full recompute of the same tokens, and the float64 reference.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeModel, type NodeModel } from '../../scripts/nodeModel';
import { buildLlamaModel } from './build/llamaGraph';
import { makeLlamaWeights } from './build/llamaWeights';
import { KvCacheDecoder, type ForwardResult } from './decoder';
import { llamaConfigJson, parseLlamaConfig, TINY_LLAMA, TINY_QWEN2 } from './llamaShape';
import { HF_MODEL_FILE } from './modelCatalog';
import { cacheInterfaceOf } from './modelInterface';
import { arraySource, readOnnxInputNames } from './onnxInputs';
import { referenceLlamaLogits } from './reference/llamaReference';
import { walkDecoder } from './testing/decoderWalk';
import { topIndices } from './topK';

const TOLERANCE = 1e-4;
const PROMPT = [1, 87, 311, 4, 250, 99];

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe.each([TINY_LLAMA, TINY_QWEN2])('KvCacheDecoder on a tiny $modelType', (shape) => {
  const weights = makeLlamaWeights(shape, 1234);
  const bytes = buildLlamaModel(shape, weights);
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-llama-'));
  let model: NodeModel;
  /** A second decoder on the same session: the full recompute every check compares against. */
  let full: KvCacheDecoder;

  beforeAll(async () => {
    mkdirSync(join(dir, 'onnx'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify(llamaConfigJson(shape)));
    writeFileSync(join(dir, HF_MODEL_FILE), bytes);
    model = await loadNodeModel(dir, HF_MODEL_FILE);
    full = new KvCacheDecoder(model.session, model.shape, ort.Tensor);
  });

  afterAll(async () => {
    await model?.session.release();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The last row of `result` against one pass over all of `tokens` from an empty cache. */
  async function recomputeDiff(result: ForwardResult, tokens: readonly number[]): Promise<number> {
    full.reset();
    const recomputed = await full.append(tokens);
    return maxAbsDiff(result.logits, recomputed.logits);
  }

  it('reads the grouped-query shape from config.json and the Hub interface from the file', async () => {
    expect(model.shape.kvHeads).toBe(shape.kvHeads);
    expect(parseLlamaConfig(llamaConfigJson(shape))).toEqual(shape);
    expect(cacheInterfaceOf(await readOnnxInputNames(arraySource(bytes)))).toBe('present');
    expect(model.decoder.layout).toBe('hf');
  });

  it('decodes 24 greedy steps on the cache exactly as recomputing the whole sequence, and as the reference', async () => {
    const decoder = model.decoder;
    await decoder.warmUp();
    let result = await decoder.append(PROMPT);
    const tokens = [...PROMPT];
    let worst = 0;
    for (let step = 0; step < 24; step++) {
      const next = topIndices(result.logits, 1)[0];
      tokens.push(next);
      result = await decoder.append([next]);
      worst = Math.max(worst, await recomputeDiff(result, tokens));
    }
    const generated = tokens.slice(PROMPT.length);
    const reference = referenceLlamaLogits(shape, weights, tokens).at(-1)!;
    const refDiff = maxAbsDiff(result.logits, reference);
    console.log(
      `${shape.modelType}: greedy [${generated.join(', ')}] (${new Set(generated).size} distinct): ` +
        `cache vs recompute ${worst.toExponential(2)}, vs float64 reference ${refDiff.toExponential(2)}`,
    );
    expect(worst).toBeLessThanOrEqual(TOLERANCE);
    expect(refDiff).toBeLessThanOrEqual(1e-3);
    // The comparison can fail: the same tokens without the first one give other logits.
    expect(await recomputeDiff(result, tokens.slice(1))).toBeGreaterThan(1e-2);
    // The steps are worth checking: the model does not settle on one token.
    expect(new Set(generated).size).toBeGreaterThanOrEqual(8);
  });

  it('equals a full recompute after each of 60 seeded appends, rollbacks, saves and restores', async () => {
    const walk = await walkDecoder(model.decoder, PROMPT, {
      seed: 2024,
      ops: 60,
      maxLength: 100,
      vocab: shape.vocab,
      check: recomputeDiff,
    });
    const { saved, counts } = walk;
    let { worst } = walk;
    // Every saved state still holds its tokens, restored into a decoder of its own.
    const other = new KvCacheDecoder(model.session, model.shape, ort.Tensor);
    for (const { state, tokens } of saved) {
      other.restore(state);
      worst = Math.max(worst, await recomputeDiff(await other.append([13]), [...tokens, 13]));
    }
    console.log(
      `${shape.modelType}: ${JSON.stringify(counts)}: max |Δlogit| = ${worst.toExponential(2)}`,
    );
    expect(worst).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.min(...Object.values(counts))).toBeGreaterThan(3);
  });
});

/**
 * The CLI's runtime and the browser's agree on a Llama-family model: the same decoder over the
 * same tiny Llama and Qwen2 files on onnxruntime-node (the CLI, the tests) and on
 * onnxruntime-web's WASM build (what the page's worker runs), here in Node, one thread.
 */
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLlamaModel } from './build/llamaGraph';
import { makeLlamaWeights } from './build/llamaWeights';
import { KvCacheDecoder } from './decoder';
import { TINY_LLAMA, TINY_QWEN2 } from './llamaShape';
import { topIndices } from './topK';

const PROMPT = [1, 87, 311, 4, 250, 99];
const STEPS = 20;

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** Greedy decoding on the cache: the tokens chosen and the logits of every step. */
async function greedy(
  decoder: KvCacheDecoder,
): Promise<{ tokens: number[]; rows: Float32Array[] }> {
  let result = await decoder.append(PROMPT);
  const tokens: number[] = [];
  const rows = [result.logits];
  for (let step = 0; step < STEPS; step++) {
    const next = topIndices(result.logits, 1)[0];
    tokens.push(next);
    result = await decoder.append([next]);
    rows.push(result.logits);
  }
  return { tokens, rows };
}

describe.each([TINY_LLAMA, TINY_QWEN2])('a tiny $modelType on both runtimes', (shape) => {
  const bytes = buildLlamaModel(shape, makeLlamaWeights(shape, 1234));
  let node: ortNode.InferenceSession;
  let web: ortWeb.InferenceSession;

  beforeAll(async () => {
    ortWeb.env.wasm.numThreads = 1;
    node = await ortNode.InferenceSession.create(bytes);
    web = await ortWeb.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  });

  afterAll(async () => {
    await node?.release();
    await web?.release();
  });

  it(`chooses the same ${STEPS} greedy tokens with the same logits`, async () => {
    const cli = await greedy(new KvCacheDecoder(node, shape, ortNode.Tensor));
    const page = await greedy(new KvCacheDecoder(web, shape, ortWeb.Tensor));
    const worst = Math.max(...cli.rows.map((row, i) => maxAbsDiff(row, page.rows[i])));
    console.log(
      `${shape.modelType}: onnxruntime-node vs -web (WASM), ${STEPS} steps: max |Δlogit| = ${worst.toExponential(2)}`,
    );
    expect(page.tokens).toEqual(cli.tokens);
    expect(worst).toBeLessThanOrEqual(1e-4);
  });
});

/**
 * The Llama-family q8 file follows the float32 one made from the same weights: the same top token
 * at most steps, close logits, on onnxruntime-node and on onnxruntime-web's WASM build (the page's
 * runtime), in well under half the bytes.
 */
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { KvCacheDecoder } from '../decoder';
import { TINY_LLAMA, TINY_QWEN2, type LlamaShape } from '../llamaShape';
import { followFloat32 } from '../testing/followFloat32';
import { buildLlamaModel } from './llamaGraph';
import { makeLlamaWeights, TINY_LLAMA_SCALES } from './llamaWeights';

const PROMPT = [1, 87, 311, 4, 250, 99];
const STEPS = 20;

const shapes: LlamaShape[] = [TINY_LLAMA, TINY_QWEN2];
/**
 * Block weights a third as spread as the tiny models' usual ones. With those, every block
 * multiplies a perturbation several times over (random weights, no training to tame them), so
 * 8-bit rounding alone moved the top token at 4–6 of 20 steps (mean |Δlogit| ≈ 1.3 over a
 * spread of ~30); at a third the same graph agreed at 19–20 of 20 (mean |Δ| 0.09–0.14), which
 * is what tells a correct graph from a wrong one.
 */
const SCALES = { ...TINY_LLAMA_SCALES, attn: 0.09, mlp: 0.09, normSpread: 0.09 };

describe.each(shapes)('a tiny $modelType in 8 bits', (shape) => {
  const weights = makeLlamaWeights(shape, 99, SCALES);
  const fp32Bytes = buildLlamaModel(shape, weights);
  const q8Bytes = buildLlamaModel(shape, weights, 'q8');

  it('is well under half the float32 file', () => {
    // int8 matrices (a quarter), the token table twice in int8 (rows for the embedding, a
    // transposed copy for the head), float32 scales and norms: 0.35–0.37 here, 0.32 for
    // Qwen2.5-0.5B's shape, whose blocks outweigh its table.
    expect(q8Bytes.length / fp32Bytes.length).toBeLessThan(0.4);
  });

  it.each([
    ['onnxruntime-node', ortNode],
    ['onnxruntime-web (WASM)', ortWeb],
  ] as const)('follows the float32 model on %s', async (_name, ort) => {
    ortWeb.env.wasm.numThreads = 1;
    const options = ort === ortWeb ? { executionProviders: ['wasm'] } : {};
    const fp32 = await ort.InferenceSession.create(fp32Bytes, options);
    const q8 = await ort.InferenceSession.create(q8Bytes, options);
    const result = await followFloat32(
      new KvCacheDecoder(fp32, shape, ort.Tensor),
      new KvCacheDecoder(q8, shape, ort.Tensor),
      PROMPT,
      STEPS,
    );
    await fp32.release();
    await q8.release();
    expect(result.agree).toBeGreaterThanOrEqual(18);
    expect(result.meanAbs).toBeLessThan(0.5);
    expect(result.meanAbs).toBeGreaterThan(0); // other weights: the test can tell them apart
  });
});

/**
 * appendRows and appendAll refuse a run whose logits are the wrong size (a file that returns the
 * last position only) and leave the cache as they found it: the rows that run fed are rolled
 * back, so the next append goes on from the same tokens and gives the same logits.
 */
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import type { InferenceSession } from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeModel, type NodeModel } from '../../scripts/nodeModel';
import { KvCacheDecoder } from './decoder';
import { HF_MODEL_FILE } from './modelCatalog';

const TINY_DIR = fileURLToPath(new URL('../../public/models/tiny-gpt2', import.meta.url));

/** The real session, but its logits cut to the last position's row. */
function lastRowOnly(session: ort.InferenceSession, vocab: number): InferenceSession {
  const wrapper = {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    inputMetadata: session.inputMetadata,
    run: async (feeds: Record<string, ort.Tensor>) => {
      const outputs = await session.run(feeds);
      const logits = outputs.logits;
      const data = logits.data as Float32Array;
      const last = data.slice(data.length - vocab);
      return { ...outputs, logits: new ort.Tensor('float32', last, [1, 1, vocab]) };
    },
  };
  return wrapper as unknown as InferenceSession;
}

describe('KvCacheDecoder refusing logits of the wrong size', () => {
  let tiny: NodeModel;

  beforeAll(async () => {
    tiny = await loadNodeModel(TINY_DIR, HF_MODEL_FILE);
  });

  afterAll(async () => {
    await tiny?.session.release();
  });

  it.each(['appendRows', 'appendAll'] as const)('%s rolls the cache back', async (method) => {
    const { shape } = tiny;
    const decoder = new KvCacheDecoder(lastRowOnly(tiny.session, shape.vocab), shape, ort.Tensor);
    const prompt = [464, 2068, 7586];
    await decoder.append(prompt);
    await expect(decoder[method]([318, 257, 1332])).rejects.toThrow(/last fed position only/);
    expect(decoder.tokens).toEqual(prompt);
    // The cache holds the prompt's rows only: the next token's logits are a plain step's.
    const after = (await decoder.append([318])).logits;
    const plain = tiny.decoder;
    plain.reset();
    await plain.append(prompt);
    const expected = (await plain.append([318])).logits;
    let worst = 0;
    for (let i = 0; i < shape.vocab; i++) worst = Math.max(worst, Math.abs(after[i] - expected[i]));
    expect(worst).toBeLessThan(1e-4);
    decoder.dispose();
  });
});

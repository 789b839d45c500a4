import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeModel, type NodeModel } from '../../../scripts/nodeModel';
import { HF_MODEL_FILE, SLOTS_MODEL_FILE } from '../modelCatalog';
import { topIndices } from '../topK';
import { createKvCache } from './createKvCache';
import { SlotCache } from './slotCache';

const TINY_DIR = fileURLToPath(new URL('../../../public/models/tiny-gpt2', import.meta.url));

describe('the slots interface against the Hugging Face one (same weights)', () => {
  let hf: NodeModel;
  let slots: NodeModel;

  beforeAll(async () => {
    hf = await loadNodeModel(TINY_DIR, HF_MODEL_FILE);
    slots = await loadNodeModel(TINY_DIR, SLOTS_MODEL_FILE);
  });

  afterAll(async () => {
    await hf?.session.release();
    await slots?.session.release();
  });

  it('gives the same logits step by step, each run reading exactly the rows cached (60-token prompt, 80 steps)', async () => {
    const prompt = Array.from({ length: 60 }, (_, i) => (i * 977) % 50000);
    hf.decoder.reset();
    slots.decoder.reset();
    let worst = 0;
    const rowsRead = watchCacheRows(slots);
    try {
      let a = await hf.decoder.append(prompt);
      let b = await slots.decoder.append(prompt);
      for (let step = 0; step < 80; step++) {
        worst = Math.max(worst, maxDifference(a.logits, b.logits));
        const next = topIndices(a.logits, 1)[0];
        expect(topIndices(b.logits, 1)[0]).toBe(next);
        a = await hf.decoder.append([next]);
        b = await slots.decoder.append([next]);
      }
    } finally {
      rowsRead.stop();
    }
    console.log(`slots vs hf over 80 steps: max |Δlogit| = ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
    // The prefill reads the blank row alone; then the blank row and every token read so far
    // (60, 61, …): nothing masked, nothing spare.
    expect(rowsRead.rows).toEqual([1, ...Array.from({ length: 80 }, (_, i) => 1 + 60 + i)]);
  });

  it('matches up to the last token of the context, fed in chunks, and refuses one more', async () => {
    const { context } = slots.shape;
    const ids = Array.from({ length: context }, (_, i) => (i * 7919 + 13) % 50257);
    hf.decoder.reset();
    slots.decoder.reset();
    let worst = 0;
    for (let at = 0, k = 0; at < context; k++) {
      const n = Math.min([1, 5, 17, 64][k % 4], context - at);
      const a = await hf.decoder.append(ids.slice(at, at + n));
      const b = await slots.decoder.append(ids.slice(at, at + n));
      worst = Math.max(worst, maxDifference(a.logits, b.logits));
      at += n;
    }
    expect(slots.decoder.length).toBe(context);
    expect(worst).toBeLessThan(1e-4);
    await expect(slots.decoder.append([1])).rejects.toThrow(/context limit/);
  });

  it('reuses its storage after reset: the rows of the earlier run are never read', async () => {
    const ids = [7454, 2402, 257, 640];
    slots.decoder.reset();
    await slots.decoder.append(Array.from({ length: 100 }, (_, i) => i + 300));
    slots.decoder.reset();
    const reused = await slots.decoder.append(ids);
    hf.decoder.reset();
    const fresh = await hf.decoder.append(ids);
    let worst = 0;
    for (let j = 0; j < fresh.logits.length; j++) {
      worst = Math.max(worst, Math.abs(fresh.logits[j] - reused.logits[j]));
    }
    expect(worst).toBeLessThan(1e-4);
  });

  it('warms up reading the whole context, then reads only what a prompt holds, with the right logits', async () => {
    // Fill the buffers first: the warm-up reads whatever they hold, and nothing of it may leak.
    slots.decoder.reset();
    await slots.decoder.append(Array.from({ length: 200 }, (_, i) => i + 900));
    const rowsRead = watchCacheRows(slots);
    const got: Float32Array[] = [];
    try {
      await slots.decoder.warmUp();
      got.push((await slots.decoder.append([7454, 2402])).logits);
      got.push((await slots.decoder.append([257])).logits);
    } finally {
      rowsRead.stop();
    }
    expect(rowsRead.rows).toEqual([slots.shape.context, 1, 3]);
    hf.decoder.reset();
    expect(maxDifference((await hf.decoder.append([7454, 2402])).logits, got[0])).toBeLessThan(
      1e-4,
    );
    expect(maxDifference((await hf.decoder.append([257])).logits, got[1])).toBeLessThan(1e-4);
  });

  it('refuses a warm-up on a cache that holds tokens', async () => {
    const cache = new SlotCache({ session: slots.session, shape: slots.shape, Tensor: ort.Tensor });
    cache.prepareWarmUp(slots.shape.context);
    expect(() => cache.feeds(3)).toThrow(/reset before prepareWarmUp/);
  });

  it('fails clearly when the model does not return the fed keys', () => {
    const cache = new SlotCache({ session: slots.session, shape: slots.shape, Tensor: ort.Tensor });
    cache.feeds(0);
    expect(() => cache.absorb({}, 0, 1)).toThrow(/fresh\.0\.key/);
  });

  it('refuses a file of the older slots interface (a mask over head-major slots) with what to do', () => {
    const session = { ...slots.session, inputNames: [...slots.session.inputNames, 'cache_mask'] };
    expect(() => createKvCache({ session, shape: slots.shape, Tensor: ort.Tensor })).toThrow(
      /older Stepwise cache interface.*models:export/,
    );
  });

  it('refuses a float16 cache, which it has no storage for, instead of misreading it', () => {
    const session = {
      ...slots.session,
      inputNames: slots.session.inputNames,
      inputMetadata: [
        { name: 'cache.0.key', isTensor: true as const, type: 'float16' as const, shape: [] },
      ],
    };
    expect(() => createKvCache({ session, shape: slots.shape, Tensor: ort.Tensor })).toThrow(
      /float16 cache/,
    );
  });
});

const maxDifference = (a: Float32Array, b: Float32Array): number => {
  let worst = 0;
  for (let j = 0; j < a.length; j++) worst = Math.max(worst, Math.abs(a[j] - b[j]));
  return worst;
};

/** Records how many cache rows each run of `model` is handed (the `cache.0.key` input's first dimension). */
function watchCacheRows(model: NodeModel): { rows: number[]; stop: () => void } {
  const { session } = model;
  const run = session.run.bind(session);
  const rows: number[] = [];
  session.run = ((feeds: ort.InferenceSession.FeedsType, ...rest: []) => {
    rows.push(feeds['cache.0.key'].dims[0]);
    return run(feeds, ...rest);
  }) as typeof session.run;
  return { rows, stop: () => void Reflect.deleteProperty(session, 'run') };
}

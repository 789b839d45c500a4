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
    let a = await hf.decoder.append(prompt);
    let b = await slots.decoder.append(prompt);
    let worst = 0;
    const rowsRead = watchCacheRows(slots);
    for (let step = 0; step < 80; step++) {
      for (let j = 0; j < a.logits.length; j++) {
        worst = Math.max(worst, Math.abs(a.logits[j] - b.logits[j]));
      }
      const next = topIndices(a.logits, 1)[0];
      expect(topIndices(b.logits, 1)[0]).toBe(next);
      a = await hf.decoder.append([next]);
      b = await slots.decoder.append([next]);
    }
    rowsRead.stop();
    console.log(`slots vs hf over 80 steps: max |Δlogit| = ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
    // The blank row, then every token read so far: 60 + 0, 60 + 1, … — nothing masked, nothing spare.
    expect(rowsRead.rows).toEqual(Array.from({ length: 80 }, (_, i) => 1 + 60 + i));
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

  it('warms up reading the whole context, then reads only what a prompt holds', async () => {
    const rowsRead = watchCacheRows(slots);
    try {
      await slots.decoder.warmUp();
      await slots.decoder.append([7454, 2402]);
      await slots.decoder.append([257]);
    } finally {
      rowsRead.stop();
    }
    expect(rowsRead.rows).toEqual([slots.shape.context, 1, 3]);
  });

  it('fails clearly when the model does not return the fed keys', () => {
    const cache = new SlotCache({ session: slots.session, shape: slots.shape, Tensor: ort.Tensor });
    cache.feeds(0, 1);
    expect(() => cache.absorb({}, 0, 1)).toThrow(/fresh\.0\.key/);
  });

  it('refuses a file of the older slots interface (a mask over head-major slots) with what to do', () => {
    const session = { ...slots.session, inputNames: [...slots.session.inputNames, 'cache_mask'] };
    expect(() => createKvCache({ session, shape: slots.shape, Tensor: ort.Tensor })).toThrow(
      /older Stepwise cache interface.*models:export/,
    );
  });
});

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

import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeModel, type NodeModel } from '../../../scripts/nodeModel';
import { HF_MODEL_FILE, SLOTS_MODEL_FILE } from '../modelCatalog';
import { topIndices } from '../topK';
import { nextCapacity, SlotCache } from './slotCache';

const TINY_DIR = fileURLToPath(new URL('../../../public/models/tiny-gpt2', import.meta.url));

describe('nextCapacity', () => {
  it('grows by at least half, in steps of 64, never past the limit, never below the need', () => {
    expect(nextCapacity(4, 0, 1024)).toBe(64);
    expect(nextCapacity(64, 64, 1024)).toBe(64);
    expect(nextCapacity(65, 64, 1024)).toBe(128);
    expect(nextCapacity(129, 128, 1024)).toBe(192);
    expect(nextCapacity(700, 192, 1024)).toBe(704);
    expect(nextCapacity(1000, 768, 1024)).toBe(1024);
    expect(nextCapacity(250, 192, 256)).toBe(256);
    expect(nextCapacity(300, 0, 256)).toBe(300); // the decoder refuses this before it gets here
  });
});

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

  it('gives the same logits step by step while its storage grows (60-token prompt, 80 steps)', async () => {
    const prompt = Array.from({ length: 60 }, (_, i) => (i * 977) % 50000);
    hf.decoder.reset();
    slots.decoder.reset();
    let a = await hf.decoder.append(prompt);
    let b = await slots.decoder.append(prompt);
    let worst = 0;
    const capacities: number[] = [];
    for (let step = 0; step < 80; step++) {
      for (let j = 0; j < a.logits.length; j++) {
        worst = Math.max(worst, Math.abs(a.logits[j] - b.logits[j]));
      }
      const next = topIndices(a.logits, 1)[0];
      expect(topIndices(b.logits, 1)[0]).toBe(next);
      a = await hf.decoder.append([next]);
      b = await slots.decoder.append([next]);
      capacities.push(slotCapacity(slots));
    }
    console.log(`slots vs hf over 80 steps: max |Δlogit| = ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
    expect(capacities[0]).toBe(64);
    // It grew twice on the way (64 → 128 → 192; the second move overlaps itself) and kept what it held.
    expect([...new Set(capacities)]).toEqual([64, 128, 192]);
  });

  it('reuses its storage after reset: stale slots are masked, not read', async () => {
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

  it('warms up with the whole context laid out, then lays out only what a prompt needs', async () => {
    const cache = (slots.decoder as unknown as { cache: SlotCache }).cache;
    const reserve = cache.reserve.bind(cache);
    const reserved: number[] = [];
    cache.reserve = (tokens: number) => {
      reserve(tokens);
      reserved.push(cache.capacity);
    };
    try {
      await slots.decoder.warmUp();
    } finally {
      cache.reserve = reserve;
    }
    expect(reserved).toEqual([slots.shape.context]);
    expect(slotCapacity(slots)).toBe(0);
    await slots.decoder.append([7454, 2402]);
    expect(slotCapacity(slots)).toBe(64);
  });

  it('fails clearly when the model does not return the fed keys', () => {
    const cache = new SlotCache({ session: slots.session, shape: slots.shape, Tensor: ort.Tensor });
    cache.feeds(0, 1);
    expect(() => cache.absorb({}, 0, 1)).toThrow(/fresh\.0\.key/);
  });
});

/** The storage size of a loaded slots decoder, read through its cache. */
function slotCapacity(model: NodeModel): number {
  const cache = (model.decoder as unknown as { cache: SlotCache }).cache;
  return cache.capacity;
}

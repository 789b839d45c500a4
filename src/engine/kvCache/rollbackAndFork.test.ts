/**
 * Rolling a decoder's cache back, and saving, restoring and forking it, on both cache interfaces
 * with tiny-gpt2: after every kind of operation the logits must equal one full pass over the same
 * tokens from an empty cache (and, once, the float64 reference).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeModel, type NodeModel } from '../../../scripts/nodeModel';
import { readInitializers } from '../build/onnxSchema';
import { KvCacheDecoder, type ForwardResult } from '../decoder';
import { HF_MODEL_FILE, SLOTS_MODEL_FILE } from '../modelCatalog';
import { referenceLogits } from '../reference/gpt2Reference';
import { walkDecoder } from '../testing/decoderWalk';
import { encodeText } from '../tokenizer';
import type { SlotCacheState } from './slotStates';

const TINY_DIR = fileURLToPath(new URL('../../../public/models/tiny-gpt2', import.meta.url));
const TOLERANCE = 1e-4;
const PROMPT = encodeText('The quick brown fox jumps over the lazy dog');

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe.each([
  { layout: 'hf', file: HF_MODEL_FILE },
  { layout: 'slots', file: SLOTS_MODEL_FILE },
])('cache rollback, save and restore on tiny-gpt2, $layout interface', ({ layout, file }) => {
  let tiny: NodeModel;
  /** A second decoder on the same session: the full recompute every check compares against. */
  let full: KvCacheDecoder;

  beforeAll(async () => {
    tiny = await loadNodeModel(TINY_DIR, file);
    expect(tiny.decoder.layout).toBe(layout);
    full = new KvCacheDecoder(tiny.session, tiny.shape, ort.Tensor);
  });

  afterAll(async () => {
    await tiny?.session.release();
  });

  /**
   * Checks `result`, the answer to appending the last `fed` of `tokens`, against one pass over
   * all of `tokens` from an empty cache: the last row always, every fed row where the interface
   * returns them (hf). Returns the largest difference.
   */
  async function expectRecomputed(
    result: ForwardResult,
    tokens: readonly number[],
    fed: number,
  ): Promise<number> {
    full.reset();
    const recomputed = await full.append(tokens);
    let worst = maxAbsDiff(result.logits, recomputed.logits);
    const { vocab } = tiny.shape;
    if (recomputed.allLogits.length === tokens.length * vocab) {
      expect(result.allLogits).toHaveLength(fed * vocab);
      const rows = recomputed.allLogits.subarray((tokens.length - fed) * vocab);
      worst = Math.max(worst, maxAbsDiff(result.allLogits, rows));
    }
    expect(worst).toBeLessThanOrEqual(TOLERANCE);
    return worst;
  }

  it('after append → rollback → append, every answer equals a full recompute of the kept tokens', async () => {
    const decoder = tiny.decoder;
    decoder.reset();
    await decoder.append(PROMPT);
    let expected = [...PROMPT];
    let worst = 0;
    // Guesses of several lengths, of which a varying number is kept: every row count is rolled
    // back at least once, down to keeping none of them.
    const rounds = [
      { fed: [11, 612, 373, 257], keep: 1 },
      { fed: [1110, 13], keep: 0 },
      { fed: [290, 339, 531, 11, 366], keep: 3 },
      { fed: [40], keep: 1 },
      { fed: [262, 3290, 318], keep: 2 },
    ];
    for (const { fed, keep } of rounds) {
      const result = await decoder.append(fed);
      expected = [...expected, ...fed];
      worst = Math.max(worst, await expectRecomputed(result, expected, fed.length));
      const kept = expected.length - fed.length + keep;
      await decoder.rollback(kept);
      expected = expected.slice(0, kept);
      expect(decoder.tokens).toEqual(expected);
      expect(decoder.length).toBe(kept);
    }
    const after = await decoder.append([1049]);
    expected.push(1049);
    worst = Math.max(worst, await expectRecomputed(after, expected, 1));
    console.log(`${layout}: rollback vs full recompute: max |Δlogit| = ${worst.toExponential(2)}`);
  });

  it('rolls back to an empty cache (a fresh prefill) and refuses lengths it does not hold', async () => {
    const decoder = tiny.decoder;
    decoder.reset();
    await decoder.append(PROMPT);
    await expect(decoder.rollback(PROMPT.length + 1)).rejects.toThrow(/cannot roll back to/);
    await expect(decoder.rollback(-1)).rejects.toThrow(/cannot roll back to/);
    await decoder.rollback(PROMPT.length);
    expect(decoder.length).toBe(PROMPT.length);
    await decoder.rollback(0);
    expect(decoder.length).toBe(0);
    const again = await decoder.append([464, 2068]);
    await expectRecomputed(again, [464, 2068], 2);
  });

  it('restores a saved state any number of times, also into another decoder: a fork', async () => {
    const decoder = tiny.decoder;
    decoder.reset();
    await decoder.append(PROMPT);
    await decoder.append([11]);
    const parent = await decoder.save();
    await decoder.append([612, 373]);
    const deeper = await decoder.save();

    // Three children of one parent, continued one after the other on the same decoder.
    let worst = 0;
    for (const child of [[257], [1110, 13], [290]]) {
      decoder.restore(parent);
      expect(decoder.tokens).toEqual([...PROMPT, 11]);
      const result = await decoder.append(child);
      worst = Math.max(
        worst,
        await expectRecomputed(result, [...PROMPT, 11, ...child], child.length),
      );
    }
    // The later state survived its parent's restores; the parent went on into a second decoder.
    decoder.restore(deeper);
    const fromDeeper = await decoder.append([318]);
    worst = Math.max(worst, await expectRecomputed(fromDeeper, [...PROMPT, 11, 612, 373, 318], 1));
    const other = new KvCacheDecoder(tiny.session, tiny.shape, ort.Tensor);
    other.restore(parent);
    const forked = await other.append([531]);
    worst = Math.max(worst, await expectRecomputed(forked, [...PROMPT, 11, 531], 1));
    // A state saved, then rolled back past, then restored: the rollback did not touch it.
    await other.rollback(2);
    other.restore(parent);
    expect(other.length).toBe(PROMPT.length + 1);
    const reread = await other.append([531]);
    expect(maxAbsDiff(reread.logits, forked.logits)).toBeLessThanOrEqual(TOLERANCE);
    console.log(
      `${layout}: restore/fork vs full recompute: max |Δlogit| = ${worst.toExponential(2)}`,
    );
  });

  it('equals a full recompute after each of 80 seeded random appends, rollbacks, saves and restores', async () => {
    const decoder = tiny.decoder;
    const walk = await walkDecoder(decoder, PROMPT, {
      seed: 2024,
      ops: 80,
      maxLength: 120,
      vocab: 50257,
      check: expectRecomputed,
    });
    const { saved, counts } = walk;
    let { worst } = walk;
    // Every saved state still holds its tokens, in a decoder of its own too.
    const other = new KvCacheDecoder(tiny.session, tiny.shape, ort.Tensor);
    for (const [i, { state, tokens }] of saved.entries()) {
      const into = i % 2 === 0 ? decoder : other;
      into.restore(state);
      worst = Math.max(worst, await expectRecomputed(await into.append([13]), [...tokens, 13], 1));
    }
    console.log(`${layout}: ${JSON.stringify(counts)}: max |Δlogit| = ${worst.toExponential(2)}`);
    expect(Math.min(...Object.values(counts))).toBeGreaterThan(5);
  });

  it('agrees with the float64 reference after a rollback and a restore', async () => {
    const decoder = tiny.decoder;
    decoder.reset();
    await decoder.append(PROMPT);
    const saved = await decoder.save();
    await decoder.append([11, 612, 373]);
    await decoder.rollback(PROMPT.length + 1);
    await decoder.append([257]);
    decoder.restore(saved);
    const result = await decoder.append([13, 198]);
    const weights = readInitializers(readFileSync(`${TINY_DIR}/${HF_MODEL_FILE}`));
    const reference = referenceLogits(tiny.shape, weights, [...PROMPT, 13, 198]).at(-1)!;
    const diff = maxAbsDiff(result.logits, reference);
    console.log(
      `${layout}: after rollback and restore vs float64 reference: ${diff.toExponential(2)}`,
    );
    expect(diff).toBeLessThanOrEqual(1e-3);
  });

  it('a dropped or restored-away token really leaves the context (the check can fail)', async () => {
    const decoder = tiny.decoder;
    decoder.reset();
    await decoder.append(PROMPT);
    const saved = await decoder.save();
    const kept = await decoder.append([11, 612]);
    await decoder.rollback(PROMPT.length + 1);
    const rolledBack = await decoder.append([612]);
    decoder.restore(saved);
    const restored = await decoder.append([612]);
    // [prompt, 11, 612] then [prompt, 11, 612] again, and [prompt, 612]: the first two agree,
    // the last lost a token, and its logits show it.
    expect(maxAbsDiff(kept.logits, rolledBack.logits)).toBeLessThanOrEqual(TOLERANCE);
    expect(maxAbsDiff(kept.logits, restored.logits)).toBeGreaterThan(1e-2);
  });
});

describe('saved states of the slots interface', () => {
  it('hold only the rows written since the state the cache came from', async () => {
    const slots = await loadNodeModel(TINY_DIR, SLOTS_MODEL_FILE);
    const rowSize = slots.shape.width;
    const rowsOf = (state: { cache: unknown }): number =>
      (state.cache as SlotCacheState).rows.get('0.key')!.length / rowSize;
    try {
      const decoder = slots.decoder;
      await decoder.append(PROMPT);
      const parent = await decoder.save();
      expect(rowsOf(parent)).toBe(PROMPT.length);
      await decoder.append([11]);
      const child = await decoder.save();
      decoder.restore(parent);
      await decoder.append([13, 198]);
      const sibling = await decoder.save();
      await decoder.rollback(PROMPT.length + 1);
      const shorter = await decoder.save();
      // The shorter state is the sibling's first rows: it holds none of its own.
      expect([rowsOf(child), rowsOf(sibling), rowsOf(shorter)]).toEqual([1, 2, 0]);
      // A chain of states reads back right: the tokens of each, then one more.
      const full = new KvCacheDecoder(slots.session, slots.shape, ort.Tensor);
      for (const state of [child, sibling, shorter, parent]) {
        decoder.restore(state);
        const result = await decoder.append([40]);
        full.reset();
        const recomputed = await full.append([...state.tokens, 40]);
        expect(maxAbsDiff(result.logits, recomputed.logits)).toBeLessThanOrEqual(TOLERANCE);
      }
    } finally {
      await slots.session.release();
    }
  });
});

describe('a saved state between the two interfaces', () => {
  it('is refused with the interface it came from', async () => {
    const hf = await loadNodeModel(TINY_DIR, HF_MODEL_FILE);
    const slots = await loadNodeModel(TINY_DIR, SLOTS_MODEL_FILE);
    try {
      await hf.decoder.append([464]);
      await slots.decoder.append([464]);
      const fromHf = await hf.decoder.save();
      const fromSlots = await slots.decoder.save();
      expect(() => slots.decoder.restore(fromHf)).toThrow(/saved from the hf interface/);
      expect(() => hf.decoder.restore(fromSlots)).toThrow(/saved from the slots interface/);
    } finally {
      await hf.session.release();
      await slots.session.release();
    }
  });
});

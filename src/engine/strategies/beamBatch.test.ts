/**
 * The batched beam step on tiny-gpt2's slots file: each beam's answer equals a full recompute of
 * its tokens (and, once, the float64 reference), also after the tree of caches was compacted and
 * grown; and a whole batched search is the per-beam search: same beams, candidates, fates and
 * tree, same ranking and scores, one model run per step instead of one per beam.
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeModel, type NodeModel } from '../../../scripts/nodeModel';
import { ATTENTION_BIAS } from '../build/layout';
import { readInitializers } from '../build/onnxSchema';
import { KvCacheDecoder } from '../decoder';
import { sequenceBias } from '../kvCache/slotBias';
import { HF_MODEL_FILE, SLOTS_MODEL_FILE } from '../modelCatalog';
import { referenceLogits } from '../reference/gpt2Reference';
import { BEAM_TOLERANCE, expectSameSearch, maxAbsDiff } from '../testing/beamCompare';
import { expectBatchedIsPerBeam, expectEndsAsPerBeam, walkPlan } from '../testing/beamBatchChecks';
import { TINY_DIR } from '../testing/tinyGeneration';
import { encodeText } from '../tokenizer';
import { BeamBatch, canBatch, type BeamRows } from './beamBatch';
import { beamSearch } from './beamSearch';

const TOLERANCE = BEAM_TOLERANCE;
const PROMPT = encodeText('The old lighthouse keeper said');

describe('batched beam step on tiny-gpt2, slots interface', () => {
  let tiny: NodeModel;
  /** A second decoder on the same session: the full recompute each beam is checked against. */
  let full: KvCacheDecoder;

  beforeAll(async () => {
    tiny = await loadNodeModel(TINY_DIR, SLOTS_MODEL_FILE);
    full = new KvCacheDecoder(tiny.session, tiny.shape, ort.Tensor);
  });

  afterAll(async () => {
    await tiny?.session.release();
  });

  it('gives each beam the logits of a full recompute of its own tokens, across a tree', async () => {
    expect(canBatch(tiny.decoder)).toBe(true);
    tiny.decoder.reset();
    await tiny.decoder.append(PROMPT);
    // Room for 2 rows only: the steps below compact the tree (dropping rows no beam reads) and
    // grow it.
    const batch = new BeamBatch(tiny.decoder, await tiny.decoder.save(), 2);
    // Each step: which beams continue (by index) with which token (PlanWalk's plan).
    const plan = [
      [
        [0, 464],
        [0, 3290],
        [0, 11],
      ],
      [
        [0, 318],
        [2, 257],
        [2, 1110],
        [1, 13],
      ],
      [
        [3, 290],
        [3, 262],
      ],
      [
        [1, 50256],
        [0, 40],
        [1, 7],
      ],
    ];
    const { worst, beams } = await walkPlan<BeamRows>({
      plan,
      start: [],
      step: async (items) => {
        const result = await batch.step(
          items.map(({ parent, tokenId }) => ({ rows: parent, tokenId })),
        );
        return { beams: result.rows, forwards: result.forwards };
      },
      full,
      prompt: PROMPT,
      sameTop: true,
    });
    expect(worst).toBeLessThan(TOLERANCE);
    console.log(`batched step against full recompute: largest logit difference ${worst}`);

    // Once against the float64 reference, for the last beam.
    const weights = readInitializers(readFileSync(`${TINY_DIR}/${HF_MODEL_FILE}`));
    const last = beams.at(-1)!;
    const result = await batch.step([{ rows: last.beam, tokenId: 262 }]);
    const tokens = [...PROMPT, ...last.tokens, 262];
    const expected = referenceLogits(tiny.shape, weights, tokens).at(-1)!;
    expect(maxAbsDiff(result.forwards[0].logits, expected)).toBeLessThan(1e-3);
  });

  it('refuses beams of different lengths in one step', async () => {
    tiny.decoder.reset();
    await tiny.decoder.append(PROMPT);
    const batch = new BeamBatch(tiny.decoder, await tiny.decoder.save(), 4);
    const { rows } = await batch.step([{ rows: [], tokenId: 11 }]);
    await expect(
      batch.step([
        { rows: rows[0], tokenId: 13 },
        { rows: [], tokenId: 13 },
      ]),
    ).rejects.toThrow(/one length/);
  });

  it.each([2, 3, 4])(
    'with %i beams makes the per-beam search, in one run per step (12 steps)',
    (beams) => expectBatchedIsPerBeam(tiny.decoder, PROMPT, beams),
  );

  it('ends sequences at end-of-text as the per-beam search does', async () => {
    await expectEndsAsPerBeam(tiny, PROMPT);
  });
});

describe('batched beam search where the file cannot batch', () => {
  it('runs one beam per run on a slots file without attention_bias', async () => {
    const slots = await loadNodeModel(TINY_DIR, SLOTS_MODEL_FILE);
    try {
      // A file written before the input existed: the graph built the causal mask itself.
      const older = Object.create(slots.session) as ort.InferenceSession;
      Object.defineProperties(older, {
        inputNames: { value: slots.session.inputNames.filter((n) => n !== ATTENTION_BIAS) },
        run: {
          value: (feeds: Record<string, ort.Tensor>) => {
            const fed = feeds.input_ids.dims[1];
            const rows = feeds['cache.0.key'].dims[0];
            const bias = new ort.Tensor('float32', sequenceBias(fed, rows), [fed, rows + fed]);
            return slots.session.run({ ...feeds, [ATTENTION_BIAS]: bias });
          },
        },
      });
      const decoder = new KvCacheDecoder(older, slots.shape, ort.Tensor);
      expect(canBatch(decoder)).toBe(false);
      const result = await beamSearch(decoder, PROMPT, { beams: 3, maxSteps: 4 });
      expect(result.batched).toBe(false);
      expect(result.modelRuns).toBe(1 + 3 * 3);
      const batched = await beamSearch(slots.decoder, PROMPT, { beams: 3, maxSteps: 4 });
      expectSameSearch(batched, result);
    } finally {
      await slots.session.release();
    }
  });
});

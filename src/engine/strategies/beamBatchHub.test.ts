/**
 * The batched beam step on Hub-interface files (past_key_values → present), on tiny-gpt2's Hub
 * file and on a tiny Qwen2 (grouped-query cache, rotary positions from position_ids): each
 * beam's answer equals a full recompute of its own tokens; a whole batched search is the per-beam
 * search (same tree and fates, log-probabilities within float tolerance) in one run per step;
 * one beam is greedy decoding; a file whose batch dimension is fixed runs one beam per run.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadNodeModel, type NodeModel } from '../../../scripts/nodeModel';
import { buildLlamaModel } from '../build/llamaGraph';
import { makeLlamaWeights } from '../build/llamaWeights';
import { KvCacheDecoder } from '../decoder';
import { llamaConfigJson, TINY_QWEN2 } from '../llamaShape';
import { HF_MODEL_FILE } from '../modelCatalog';
import { BEAM_TOLERANCE, expectSameSearch } from '../testing/beamCompare';
import { expectBatchedIsPerBeam, expectEndsAsPerBeam, walkPlan } from '../testing/beamBatchChecks';
import { generateAll, greedy, TINY_DIR } from '../testing/tinyGeneration';
import { encodeText } from '../tokenizer';
import { canBatchPresent, PresentBatch, type PresentItem } from './beamBatchHub';
import { beamSearch } from './beamSearch';

/** Writes the tiny Qwen2 as a Hub folder (config.json, onnx/model.onnx); returns the folder. */
function writeTinyQwen2(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stepwise-beam-qwen2-'));
  mkdirSync(join(dir, 'onnx'));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(llamaConfigJson(TINY_QWEN2)));
  writeFileSync(
    join(dir, HF_MODEL_FILE),
    buildLlamaModel(TINY_QWEN2, makeLlamaWeights(TINY_QWEN2, 1234)),
  );
  return dir;
}

const MODELS = [
  { name: 'tiny-gpt2', prompt: encodeText('The old lighthouse keeper said'), qwen: false },
  { name: 'tiny Qwen2', prompt: [1, 87, 311, 4, 250, 99], qwen: true },
];

describe.each(MODELS)('batched beam search on $name, Hub interface', ({ prompt, qwen }) => {
  let model: NodeModel;
  /** A second decoder on the same session: the full recompute each beam is checked against. */
  let full: KvCacheDecoder;
  let dir: string | undefined;

  beforeAll(async () => {
    dir = qwen ? writeTinyQwen2() : undefined;
    model = await loadNodeModel(dir ?? TINY_DIR, HF_MODEL_FILE);
    full = new KvCacheDecoder(model.session, model.shape, ort.Tensor);
  });

  afterAll(async () => {
    await model?.session.release();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('gives each beam the logits of a full recompute of its own tokens, across a tree', async () => {
    expect(model.decoder.layout).toBe('hf');
    expect(canBatchPresent(model.decoder)).toBe(true);
    model.decoder.reset();
    await model.decoder.append(prompt);
    const batch = new PresentBatch(model.decoder, await model.decoder.save());
    // Each step: which beams continue (by index) with which token (PlanWalk's plan).
    const plan = [
      [
        [0, 64],
        [0, 290],
        [0, 11],
      ],
      [
        [0, 318],
        [2, 257],
        [2, 110],
        [1, 13],
      ],
      [
        [3, 290],
        [3, 262],
      ],
      [[1, 40]],
    ];
    const step = (items: PresentItem[]) => batch.step(items);
    const { worst } = await walkPlan({ plan, start: batch.start, step, full, prompt });
    expect(worst).toBeLessThan(BEAM_TOLERANCE);
    console.log(`Hub batched step against full recompute: largest logit difference ${worst}`);
  });

  it('refuses beams of different lengths in one step', async () => {
    model.decoder.reset();
    await model.decoder.append(prompt);
    const batch = new PresentBatch(model.decoder, await model.decoder.save());
    const { beams } = await batch.step([{ parent: batch.start, tokenId: 11 }]);
    await expect(
      batch.step([
        { parent: beams[0], tokenId: 13 },
        { parent: batch.start, tokenId: 13 },
      ]),
    ).rejects.toThrow(/one length/);
  });

  it.each([2, 3, 4])(
    'with %i beams makes the per-beam search, in one run per step (12 steps)',
    (beams) => expectBatchedIsPerBeam(model.decoder, prompt, beams),
  );

  it('with one beam gives exactly the greedy tokens of a Generation (20 steps)', async () => {
    const { steps } = await generateAll(model, prompt, { maxSteps: 20, sampling: greedy });
    const result = await beamSearch(model.decoder, prompt, { beams: 1, maxSteps: 20 });
    expect(result.batched).toBe(true);
    expect(result.final[0].tokens).toEqual(steps.map((s) => s.tokenId));
    expect(result.modelRuns).toBe(steps.length);
  });

  it('ends sequences at end-of-text as the per-beam search does', async () => {
    const batched = await expectEndsAsPerBeam(model, prompt);
    expect(batched.batched).toBe(true);
  });

  it('runs one beam per run where the file fixes the batch dimension at 1', async () => {
    // The same session, its inputs declared as an export with batch 1 fixed would declare them.
    const fixed = Object.create(model.session) as ort.InferenceSession;
    Object.defineProperty(fixed, 'inputMetadata', {
      value: model.session.inputMetadata.map((meta) =>
        meta.isTensor ? { ...meta, shape: [1, ...meta.shape.slice(1)] } : meta,
      ),
    });
    const decoder = new KvCacheDecoder(fixed, model.shape, ort.Tensor);
    expect(canBatchPresent(decoder)).toBe(false);
    const result = await beamSearch(decoder, prompt, { beams: 3, maxSteps: 4 });
    expect(result.batched).toBe(false);
    expect(result.modelRuns).toBe(1 + 3 * 3);
    expectSameSearch(await beamSearch(model.decoder, prompt, { beams: 3, maxSteps: 4 }), result);
  });
});

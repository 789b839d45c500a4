/**
 * The checks the batched beam step tests run on either cache interface (slots files, Hub files):
 * a plan of steps over a tree of beams, each beam's logits against a full recompute of its own
 * tokens; a whole batched search against the per-beam one; and both ending at end-of-text alike.
 */
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import type { NodeModel } from '../../../scripts/nodeModel';
import { KvCacheDecoder, type ForwardResult } from '../decoder';
import { beamSearch, type BeamSearchResult } from '../strategies/beamSearch';
import { expectSameSearch, maxAbsDiff } from './beamCompare';

/** A beam to extend in one batched step: its cache (rows, or a Hub cache) and its next token. */
export interface PlanItem<Beam> {
  parent: Beam;
  tokenId: number;
}

/** One batched step's answer: each item's new beam and its forward, in the order given. */
export interface PlanStep<Beam> {
  beams: Beam[];
  forwards: ForwardResult[];
}

/** A beam of the plan: its cache, and the tokens it added to the prompt. */
export interface PlannedBeam<Beam> {
  beam: Beam;
  tokens: number[];
}

export interface PlanWalk<Beam> {
  /**
   * Each step: which beams continue (by index into the step before) with which token. Siblings
   * read different tokens in one run: a beam that saw a sibling's cache would not match its
   * recompute.
   */
  plan: number[][][];
  /** The beam the plan starts from: the prompt's cache. */
  start: Beam;
  step: (items: PlanItem<Beam>[]) => Promise<PlanStep<Beam>>;
  /** A second decoder on the same session: the full recompute each beam is checked against. */
  full: KvCacheDecoder;
  prompt: readonly number[];
  /** Whether each beam's most likely token must also be its recompute's. */
  sameTop?: boolean;
}

/**
 * Runs the plan, one batched step a step, checking every beam against a full recompute of the
 * prompt and its tokens; returns the largest logit difference and the last step's beams.
 */
export async function walkPlan<Beam>(
  walk: PlanWalk<Beam>,
): Promise<{ worst: number; beams: PlannedBeam<Beam>[] }> {
  const { full, prompt } = walk;
  let beams: PlannedBeam<Beam>[] = [{ beam: walk.start, tokens: [] }];
  let worst = 0;
  for (const step of walk.plan) {
    const items = step.map(([parent, tokenId]) => ({ parent: beams[parent].beam, tokenId }));
    const result = await walk.step(items);
    beams = step.map(([parent, tokenId], b) => ({
      beam: result.beams[b],
      tokens: [...beams[parent].tokens, tokenId],
    }));
    for (const [b, beam] of beams.entries()) {
      full.reset();
      const recomputed = await full.append([...prompt, ...beam.tokens]);
      worst = Math.max(worst, maxAbsDiff(result.forwards[b].logits, recomputed.logits));
      if (walk.sameTop) {
        expect(result.forwards[b].summary?.topIds[0]).toBe(recomputed.summary?.topIds[0]);
      }
    }
  }
  return { worst, beams };
}

/**
 * A batched search of `beams` beams over 12 steps makes the per-beam search, in one model run per
 * step where the per-beam one runs once per beam.
 */
export async function expectBatchedIsPerBeam(
  decoder: KvCacheDecoder,
  prompt: readonly number[],
  beams: number,
): Promise<void> {
  const batched = await beamSearch(decoder, prompt, { beams, maxSteps: 12 });
  const perBeam = await beamSearch(decoder, prompt, { beams, maxSteps: 12, batched: false });
  expect(batched.batched).toBe(true);
  expect(perBeam.batched).toBe(false);
  expectSameSearch(batched, perBeam);
  expect(batched.modelRuns).toBe(1 + 11);
  expect(perBeam.modelRuns).toBe(1 + 11 * beams);
}

/**
 * Both searches (3 beams, 10 steps, length penalty 2) end sequences at end-of-text alike: a
 * frequent token stands in for end-of-text so that sequences end (see beamSearch.test.ts).
 * Returns the batched search.
 */
export async function expectEndsAsPerBeam(
  model: NodeModel,
  prompt: readonly number[],
): Promise<BeamSearchResult> {
  const probe = await beamSearch(model.decoder, prompt, { beams: 1, maxSteps: 4 });
  const eosTokenId = probe.final[0].tokens[3];
  const decoder = new KvCacheDecoder(model.session, { ...model.shape, eosTokenId }, ort.Tensor);
  const config = { beams: 3, maxSteps: 10, lengthPenalty: 2 };
  const batched = await beamSearch(decoder, prompt, config);
  const perBeam = await beamSearch(decoder, prompt, { ...config, batched: false });
  expect(batched.steps.flatMap((s) => s.ended).length).toBeGreaterThan(0);
  expectSameSearch(batched, perBeam);
  return batched;
}

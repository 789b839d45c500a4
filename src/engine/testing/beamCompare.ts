/**
 * What the beam search tests compare between two searches of one prompt (batched against one run
 * per beam): the tree with every fate, and every log-probability and score within a tolerance.
 */
import { expect } from 'vitest';
import type { BeamSearchResult } from '../strategies/beamSearch';

/** Log-probabilities of the two searches agree this closely (float32 sums in another order). */
export const BEAM_TOLERANCE = 1e-4;

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** A search's records without its timings and log-probabilities: the tree and every fate. */
export function treeOf(result: BeamSearchResult) {
  return {
    steps: result.steps.map((step) => ({
      expansions: step.expansions.map((e) => ({
        beamId: e.beamId,
        candidates: e.candidates.map(({ tokenId, fate, childId }) => ({ tokenId, fate, childId })),
      })),
      kept: step.kept.map(({ id, parentId, tokenId }) => ({ id, parentId, tokenId })),
      ended: step.ended.map(({ id, parentId, tokenId }) => ({ id, parentId, tokenId })),
      pruned: step.pruned,
    })),
    final: result.final.map(({ id, tokens, ended }) => ({ id, tokens, ended })),
    stopReason: result.stopReason,
  };
}

/** Every log-probability and score a search recorded, in order. */
export function numbersOf(result: BeamSearchResult): number[] {
  return [
    ...result.steps.flatMap((step) => [
      ...step.expansions.flatMap((e) => e.candidates.flatMap((c) => [c.logProb, c.cumulative])),
      ...step.kept.map((n) => n.logProb),
      ...step.ended.flatMap((n) => [n.logProb, n.score]),
    ]),
    ...result.final.flatMap((b) => [b.logProb, b.score]),
  ];
}

/** The two searches made the same tree, with the same numbers; the largest difference. */
export function expectSameSearch(batched: BeamSearchResult, perBeam: BeamSearchResult): number {
  expect(treeOf(batched)).toEqual(treeOf(perBeam));
  const worst = maxAbsDiff(numbersOf(batched), numbersOf(perBeam));
  expect(worst).toBeLessThan(BEAM_TOLERANCE);
  return worst;
}

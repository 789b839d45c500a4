import { describe, expect, it } from 'vitest';
import type { CandidateView, StepRecord } from '../engine/generation';
import type { TokenView } from '../engine/tokenizer';
import {
  addToScore,
  checkedScore,
  EMPTY_SCORE,
  rankedCandidates,
  readGuess,
  topRowCount,
  type GuessResult,
} from './teachGuess';

const view = (label: string): TokenView => ({ label, complete: true, hex: '' });

/** A step whose candidates are `labels` in this order, probabilities halving down the list. */
function stepOf(labels: string[], chosen = 0, extra?: { label: string; prob: number }): StepRecord {
  let cumulative = 0;
  const candidates: CandidateView[] = labels.map((label, i) => {
    const prob = 0.5 ** (i + 1);
    cumulative += prob;
    return {
      id: 100 + i,
      token: view(label),
      prob,
      probAtT1: prob,
      logit: -i,
      cumulative,
      eligible: true,
    };
  });
  let tokenId = 100 + chosen;
  if (extra) {
    tokenId = 999;
    candidates.push({
      id: 999,
      token: view(extra.label),
      prob: extra.prob,
      probAtT1: extra.prob,
      logit: -50,
      cumulative: Number.NaN,
      eligible: true,
    });
  }
  return {
    step: 3,
    tokenId,
    token: view(extra ? extra.label : labels[chosen]),
    contextLength: 6,
    candidates,
    entropy: 2,
    eligibleCount: 50257,
    chosenProb: extra ? extra.prob : candidates[chosen].prob,
    chosenRank: extra ? 73 : chosen + 1,
    temperature: 1,
    forced: Boolean(extra),
    modelMs: 1,
    totalMs: 1,
  };
}

const labels = [' time', ' day', ' year', 'time', ' moment', ',', ' Time'];

describe('guess the next token', () => {
  it('ranks a guess among the step top rows and gives its probability', () => {
    const r = readGuess(' day', stepOf(labels));
    expect(r).toMatchObject({ step: 3, tokenId: 101, rank: 2, prob: 0.25, topCount: 7 });
    expect(r.chosenId).toBe(100);
  });

  it('lets "time" name " time": spaces at the ends do not count', () => {
    expect(readGuess('time', stepOf(labels))).toMatchObject({ tokenId: 100, rank: 1 });
    expect(readGuess('  day ', stepOf(labels))).toMatchObject({ tokenId: 101, rank: 2 });
    expect(readGuess('moment', stepOf(labels)).rank).toBe(5);
  });

  it('takes a guess with a space at an end as that exact text first', () => {
    // No token is "time " exactly: then the most likely one it names without the spaces.
    expect(readGuess('time ', stepOf(labels))).toMatchObject({ tokenId: 100, rank: 1 });
    expect(readGuess(' time', stepOf(labels.slice(3)))).toMatchObject({ tokenId: 100 });
    const flipped = ['time', ' time'];
    expect(readGuess(' time', stepOf(flipped))).toMatchObject({ tokenId: 101, rank: 2 });
    expect(readGuess('time', stepOf(flipped))).toMatchObject({ tokenId: 100, rank: 1 });
  });

  it('keeps case: "Time" is not " time"', () => {
    expect(readGuess('Time', stepOf(labels))).toMatchObject({ tokenId: 106, rank: 7 });
    expect(readGuess('TIME', stepOf(labels))).toMatchObject({ tokenId: null, rank: null });
  });

  it('says when a guess is not among the recorded candidates', () => {
    const r = readGuess('dragon', stepOf(labels));
    expect(r).toMatchObject({ tokenId: null, rank: null, prob: null, topCount: 7 });
    expect(readGuess('   ', stepOf(labels)).tokenId).toBeNull();
    expect(readGuess('', stepOf(labels)).tokenId).toBeNull();
  });

  it('gives the chosen token listed after the top rows its true rank', () => {
    const step = stepOf(labels, 0, { label: ' dragon', prob: 0.0001 });
    expect(topRowCount(step)).toBe(7);
    expect(rankedCandidates(step).map((c) => c.rank)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(readGuess('dragon', step)).toMatchObject({ tokenId: 999, rank: 73, prob: 0.0001 });
    expect(readGuess('dragon', { ...step, chosenRank: undefined }).rank).toBeNull();
  });

  it('keeps the score: guesses, hits at rank 1, hits in the top 5', () => {
    const result = (rank: number | null): GuessResult => ({
      step: 1,
      guess: 'x',
      tokenId: rank === null ? null : 1,
      rank,
      prob: null,
      topCount: 20,
      chosenId: 1,
    });
    const score = [1, 3, 5, 6, null, 1].reduce(
      (s, rank) => addToScore(s, result(rank)),
      EMPTY_SCORE,
    );
    expect(score).toEqual({ guesses: 6, top1: 2, top5: 4 });
  });

  it('reads a saved score back only when it is a possible one', () => {
    expect(checkedScore({ guesses: 4, top1: 1, top5: 3 })).toEqual({
      guesses: 4,
      top1: 1,
      top5: 3,
    });
    expect(checkedScore({ guesses: 1, top1: 2, top5: 2 })).toEqual(EMPTY_SCORE);
    expect(checkedScore({ guesses: 2, top1: 0, top5: 3 })).toEqual(EMPTY_SCORE);
    expect(checkedScore({ guesses: -1, top1: 0, top5: 0 })).toEqual(EMPTY_SCORE);
    expect(checkedScore({ guesses: 1.5, top1: 0, top5: 0 })).toEqual(EMPTY_SCORE);
    expect(checkedScore('3')).toEqual(EMPTY_SCORE);
    expect(checkedScore(null)).toEqual(EMPTY_SCORE);
  });
});

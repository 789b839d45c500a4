/**
 * "Guess the next token": a student's guess read against one step's recorded candidates, and the
 * running score. Pure functions over plain data; teachStore.ts calls them when a step arrives.
 */
import type { CandidateView, StepRecord } from '../engine/generation';

/** The candidates a step lists in order of probability (its top rows), each with its rank. */
export interface RankedCandidate {
  candidate: CandidateView;
  /** From 1 within the step's top rows. */
  rank: number;
}

/**
 * How many of the step's candidates are its top rows. The engine appends the chosen token after
 * them when it was not among them, with its running total left undefined (NaN); no other row has
 * that.
 */
export function topRowCount(step: StepRecord): number {
  const last = step.candidates.length - 1;
  if (last < 0) return 0;
  const row = step.candidates[last];
  return row.id === step.tokenId && Number.isNaN(row.cumulative) ? last : last + 1;
}

/** The step's top rows, most likely first, ranked from 1. */
export function rankedCandidates(step: StepRecord): RankedCandidate[] {
  return step.candidates
    .slice(0, topRowCount(step))
    .map((candidate, i) => ({ candidate, rank: i + 1 }));
}

export interface GuessResult {
  /** The step the guess was read against (1-based). */
  step: number;
  guess: string;
  /** The candidate the guess names; null when none of the recorded ones does. */
  tokenId: number | null;
  /** Its rank in the whole vocabulary (1 = most likely); null when not known. */
  rank: number | null;
  /** Its probability at that step; null when not among the recorded candidates. */
  prob: number | null;
  /** How many top rows the step recorded: "not in the top N". */
  topCount: number;
  /** The token the step chose, to show beside the guess. */
  chosenId: number;
}

/**
 * Whether a guess names a token's text. Exact, or with the spaces at either end not counting, so
 * that "time" names " time" (GPT-2 writes most words with their leading space). Case counts:
 * "Time" and "time" are different tokens.
 */
function names(guess: string, label: string, exact: boolean): boolean {
  if (exact) return guess === label;
  const trimmed = guess.trim();
  return trimmed !== '' && trimmed === label.trim();
}

/**
 * Reads `guess` against `step`: the most likely candidate whose text the guess names without the
 * spaces at the ends. A guess typed with a space at an end names that exact text first, so " time"
 * means " time" even where "time" is more likely. A guess of only spaces names no token.
 */
export function readGuess(guess: string, step: StepRecord): GuessResult {
  const top = topRowCount(step);
  const rows = step.candidates.map((c, i) => ({ c, i }));
  const deliberate = guess !== guess.trim() && guess.trim() !== '';
  const found =
    (deliberate ? rows.find(({ c }) => names(guess, c.token.label, true)) : undefined) ??
    rows.find(({ c }) => names(guess, c.token.label, false));
  const base = { step: step.step, guess, topCount: top, chosenId: step.tokenId };
  if (!found) return { ...base, tokenId: null, rank: null, prob: null };
  // A row after the top rows is the chosen token: its rank is the engine's, where recorded.
  const rank = found.i < top ? found.i + 1 : (step.chosenRank ?? null);
  return { ...base, tokenId: found.c.id, rank, prob: found.c.prob };
}

export interface GuessScore {
  guesses: number;
  /** Guesses that named the most likely token. */
  top1: number;
  /** Guesses among the five most likely tokens (rank 1 included). */
  top5: number;
}

export const EMPTY_SCORE: GuessScore = { guesses: 0, top1: 0, top5: 0 };

export function addToScore(score: GuessScore, result: GuessResult): GuessScore {
  const rank = result.rank;
  return {
    guesses: score.guesses + 1,
    top1: score.top1 + (rank === 1 ? 1 : 0),
    top5: score.top5 + (rank !== null && rank <= 5 ? 1 : 0),
  };
}

/** A saved score read back: whole numbers, none negative, hits never above guesses. */
export function checkedScore(value: unknown): GuessScore {
  if (typeof value !== 'object' || value === null) return EMPTY_SCORE;
  const v = value as Record<string, unknown>;
  const count = (x: unknown): number | null =>
    typeof x === 'number' && Number.isSafeInteger(x) && x >= 0 ? x : null;
  const guesses = count(v.guesses);
  const top1 = count(v.top1);
  const top5 = count(v.top5);
  if (guesses === null || top1 === null || top5 === null) return EMPTY_SCORE;
  if (top1 > top5 || top5 > guesses) return EMPTY_SCORE;
  return { guesses, top1, top5 };
}

/**
 * The teaching aids' own state: how the coloured text shades its tokens, and the "guess the next
 * token" game (the guess typed, the last result, the running score). A small store of its own,
 * saved in localStorage beside the app's settings, so that a reload keeps the mode and the score.
 *
 * A guess is read when the step it was typed for arrives: the guess in the field when the model
 * starts computing (Step, or the Enter key in the field) is locked in, and the first step that
 * then arrives on that run is read against it. Nothing here talks to the worker: Step is the
 * app's own action.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { activeRun, useAppStore, type AppState } from './appStore';
import { stepOnce } from './engineActions';
import { pageStorage } from './pageStorage';
import {
  addToScore,
  checkedScore,
  EMPTY_SCORE,
  readGuess,
  type GuessResult,
  type GuessScore,
} from './teachGuess';

/** What the coloured text shades by: the chosen token's probability, or the step's entropy. */
export type ShadeBy = 'prob' | 'entropy';

export const TEACH_KEY = 'stepwise-teach';

export interface LockedGuess {
  text: string;
  runId: string;
  /** The run's step count when the model started: the guess is for the step after it. */
  count: number;
}

export interface TeachState {
  shadeBy: ShadeBy;
  guessOn: boolean;
  /** What the field holds now. */
  guess: string;
  locked: LockedGuess | null;
  /** The last guess read. */
  last: GuessResult | null;
  score: GuessScore;
}

type Saved = Pick<TeachState, 'shadeBy' | 'guessOn' | 'score'>;

const initial = (): TeachState => ({
  shadeBy: 'prob',
  guessOn: false,
  guess: '',
  locked: null,
  last: null,
  score: EMPTY_SCORE,
});

export const useTeachStore = create<TeachState>()(
  persist(initial, {
    name: TEACH_KEY,
    version: 1,
    storage: createJSONStorage(pageStorage),
    partialize: (s): Saved => ({ shadeBy: s.shadeBy, guessOn: s.guessOn, score: s.score }),
    // Saved data is read like any outside input: anything unexpected falls back on the defaults.
    merge: (saved, current) => {
      const v = (typeof saved === 'object' && saved !== null ? saved : {}) as Partial<Saved>;
      return {
        ...current,
        shadeBy: v.shadeBy === 'entropy' ? 'entropy' : 'prob',
        guessOn: v.guessOn === true,
        score: checkedScore(v.score),
      };
    },
  }),
);

const { getState, setState } = useTeachStore;

export function setShadeBy(shadeBy: ShadeBy): void {
  setState({ shadeBy });
}

export function setGuessOn(guessOn: boolean): void {
  setState(guessOn ? { guessOn } : { guessOn, guess: '', locked: null });
}

export function setGuess(guess: string): void {
  setState({ guess });
}

export function resetScore(): void {
  setState({ score: EMPTY_SCORE, last: null });
}

/** Enter in the guess field: Step, as the Step button does; the guess is read when it arrives. */
export function stepWithGuess(): void {
  void stepOnce();
}

/** What a change of the app's state means for the game; exported for the tests. */
export function followApp(state: AppState, prev: AppState): void {
  const teach = getState();
  if (!teach.guessOn) return;
  const run = activeRun(state);
  let locked = teach.locked;
  // The model starts computing: the guess typed so far is the guess for the next step.
  if (!prev.live.busy && state.live.busy && run && teach.guess.trim() !== '') {
    locked = { text: teach.guess, runId: run.id, count: run.steps.length };
    setState({ locked });
  }
  if (!locked) return;
  if (run && run.id === locked.runId && run.steps.length > locked.count) {
    const result = readGuess(locked.text, run.steps[locked.count]);
    setState((s) => ({
      locked: null,
      guess: '',
      last: result,
      score: addToScore(s.score, result),
    }));
    return;
  }
  // No step came (a Stop, an error) or another run is shown: the guess stays typed, unread.
  if (!state.live.busy || !run || run.id !== locked.runId) setState({ locked: null });
}

useAppStore.subscribe(followApp);

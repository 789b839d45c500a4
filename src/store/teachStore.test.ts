import { beforeEach, describe, expect, it } from 'vitest';
import type { CandidateView, StepRecord } from '../engine/generation';
import { viewToken } from '../engine/tokenizer';
import { initialState, useAppStore } from './appStore';
import { runRecord } from './testing/fixtures';
import { setGuess, setGuessOn, useTeachStore } from './teachStore';
import { EMPTY_SCORE } from './teachGuess';
import type { Run } from './run';

// " time" 640, " day" 1110, " year" 614: the step's candidates, most likely first.
const IDS = [640, 1110, 614];

function step(n: number): StepRecord {
  const candidates: CandidateView[] = IDS.map((id, i) => ({
    id,
    token: viewToken(id),
    prob: [0.6, 0.3, 0.1][i],
    probAtT1: [0.6, 0.3, 0.1][i],
    logit: -i,
    cumulative: [0.6, 0.9, 1][i],
    eligible: true,
  }));
  return {
    step: n,
    tokenId: 640,
    token: viewToken(640),
    contextLength: 3 + n,
    candidates,
    entropy: 1.3,
    eligibleCount: 50257,
    chosenProb: 0.6,
    chosenRank: 1,
    temperature: 1,
    forced: false,
    modelMs: 1,
    totalMs: 1,
  };
}

const app = useAppStore;
const teach = () => useTeachStore.getState();

function show(run: Run, busy: boolean): void {
  app.setState((s) => ({
    runs: [run],
    activeRunId: run.id,
    live: { ...s.live, runId: run.id, busy },
  }));
}

/** Step: the model starts on `run`, then its next step arrives, then it is idle. */
function stepOn(run: Run): Run {
  show(run, true);
  const next = { ...run, steps: [...run.steps, step(run.steps.length + 1)] };
  show(next, true);
  show(next, false);
  return next;
}

describe('the guess game follows the steps', () => {
  beforeEach(() => {
    app.setState(initialState());
    useTeachStore.setState({
      guessOn: true,
      guess: '',
      locked: null,
      last: null,
      score: EMPTY_SCORE,
    });
  });

  it('reads the guess typed before Step against the step that arrives, and keeps score', () => {
    let run = runRecord();
    show(run, false);
    setGuess('time');
    run = stepOn(run);
    expect(teach().last).toMatchObject({ step: 1, rank: 1, prob: 0.6, tokenId: 640 });
    expect(teach().score).toEqual({ guesses: 1, top1: 1, top5: 1 });
    expect(teach().guess).toBe('');
    setGuess(' year');
    run = stepOn(run);
    expect(teach().last).toMatchObject({ step: 2, rank: 3 });
    setGuess('dragon');
    stepOn(run);
    expect(teach().last).toMatchObject({ step: 3, rank: null, prob: null });
    expect(teach().score).toEqual({ guesses: 3, top1: 1, top5: 2 });
  });

  it('reads nothing without a guess, with the game off, or for a guess typed mid-step', () => {
    let run = runRecord();
    run = stepOn(run);
    expect(teach().score.guesses).toBe(0);
    setGuessOn(false);
    setGuess('time');
    run = stepOn(run);
    expect(teach().score.guesses).toBe(0);
    setGuess('');
    setGuessOn(true);
    show(run, true);
    setGuess('time'); // typed while the model computes: not for this step
    const next = { ...run, steps: [...run.steps, step(3)] };
    show(next, true);
    show(next, false);
    expect(teach().score.guesses).toBe(0);
    expect(teach().guess).toBe('time');
  });

  it('drops a locked guess when no step comes (Stop), keeping it typed', () => {
    const run = runRecord();
    show(run, false);
    setGuess('time');
    show(run, true);
    expect(teach().locked).toMatchObject({ text: 'time', count: 0 });
    show(run, false);
    expect(teach().locked).toBeNull();
    expect(teach().guess).toBe('time');
    expect(teach().score.guesses).toBe(0);
  });
});

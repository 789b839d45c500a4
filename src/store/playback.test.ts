import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SAMPLING } from '../engine/sampling';
import { activeRun, appStatus, initialState, shownStep, useAppStore } from './appStore';
import { setEngineClient } from './engineConnection';
import { play } from './playback';
import {
  installFakeWorker,
  runRecord,
  stepRecord,
  withRun,
  type FakeWorker,
} from './testing/fixtures';
import { goBack, goForward, goToFirst, goToLast, selectStep } from './viewActions';
import { WAIT } from '../engine/testing/waitOptions';

const state = () => useAppStore.getState();

/** A document whose visibility the test sets, as a switch of browser tabs would. */
class FakeDocument extends EventTarget {
  hidden = false;
  setHidden(hidden: boolean): void {
    this.hidden = hidden;
    this.dispatchEvent(new Event('visibilitychange'));
  }
}

afterEach(() => vi.unstubAllGlobals());

describe('Play while the tab is hidden', () => {
  it('holds its place, stays on, and goes on from the same step when shown', async () => {
    const doc = new FakeDocument();
    vi.stubGlobal('document', doc);
    const run = runRecord({
      prompt: 'abc',
      promptIds: [1, 2, 3],
      config: { maxSteps: 6, sampling: DEFAULT_SAMPLING, candidateCount: 20 },
      steps: [1, 2, 3, 4, 5, 6].map((n) => stepRecord(n)),
      stopReason: 'max_steps',
      prefillMs: 1,
    });
    useAppStore.setState({
      ...initialState(),
      runs: [run],
      activeRunId: run.id,
      settings: { ...initialState().settings, speed: 50 },
    });
    const playing = play(); // a finished run replays from step 1
    await vi.waitFor(() => expect(shownStep(state())).toBeGreaterThanOrEqual(2), {
      ...WAIT,
      interval: 5,
    });
    doc.setHidden(true);
    await new Promise((r) => setTimeout(r, 60)); // the tick in flight lands
    const held = shownStep(state());
    await new Promise((r) => setTimeout(r, 300)); // 15 ticks at 50 steps/s
    expect(shownStep(state())).toBe(held);
    expect(held).toBeLessThan(6);
    expect(state().playback.playing).toBe(true);
    doc.setHidden(false);
    await playing;
    expect(shownStep(state())).toBe(6);
    expect(state().playback.playing).toBe(false);
  });
});

describe('Play and the steps the user picks', () => {
  const finished = () =>
    runRecord({
      steps: [1, 2, 3, 4, 5, 6].map((n) => stepRecord(n)),
      config: { maxSteps: 6, sampling: DEFAULT_SAMPLING, candidateCount: 20 },
      stopReason: 'max_steps',
    });

  beforeEach(() => {
    const run = finished();
    useAppStore.setState({
      ...initialState(),
      runs: [run],
      activeRunId: run.id,
      settings: { ...initialState().settings, speed: 50 },
    });
  });

  it('says "playing" while Play runs, and what the run is once it stops', async () => {
    const playing = play();
    expect(appStatus(state())).toBe('playing');
    await playing;
    expect(appStatus(state())).toBe('done');
  });

  it('a step picked on the timeline stops Play there: the step stays shown', async () => {
    const playing = play();
    await vi.waitFor(() => expect(shownStep(state())).toBeGreaterThanOrEqual(2), {
      ...WAIT,
      interval: 5,
    });
    selectStep(3);
    expect(state().playback.playing).toBe(false);
    await playing;
    await new Promise((r) => setTimeout(r, 100)); // 5 ticks at 50 steps/s
    expect(shownStep(state())).toBe(3);
    expect(state().playback.playing).toBe(false);
  });

  it.each([
    ['Back', goBack, 1],
    ['Forward', goForward, 3],
    ['Home', goToFirst, 1],
    ['End', goToLast, 6],
  ] as const)('%s stops Play', async (_, action, expected) => {
    const playing = play();
    await vi.waitFor(() => expect(shownStep(state())).toBe(2), { ...WAIT, interval: 1 });
    action();
    expect(state().playback.playing).toBe(false);
    await playing;
    await new Promise((r) => setTimeout(r, 100));
    expect(shownStep(state())).toBe(expected);
    expect(state().playback.playing).toBe(false);
  });
});

describe('Play at the newest step of a run that can go on', () => {
  let worker: FakeWorker;

  beforeEach(() => {
    useAppStore.setState({
      ...initialState(),
      settings: { ...initialState().settings, speed: 50 },
    });
    worker = installFakeWorker();
  });

  afterEach(() => setEngineClient(null));

  it('a step picked while the model computes the next one stays shown', async () => {
    withRun({ steps: [stepRecord(1), stepRecord(2)] });
    const playing = play();
    await vi.waitFor(() => expect(worker.sent.map((r) => r.kind)).toEqual(['step']), WAIT);
    expect(appStatus(state())).toBe('playing');
    selectStep(1);
    worker.answer((id) => ({ kind: 'step', id, record: stepRecord(3) }));
    worker.answer((id) => ({ kind: 'paused', id, steps: 3 }));
    await playing;
    await vi.waitFor(() => expect(activeRun(state())?.steps).toHaveLength(3), WAIT);
    expect(shownStep(state())).toBe(1);
    expect(worker.sent).toHaveLength(1); // no further step asked for
    expect(appStatus(state())).toBe('paused');
  }, 5000);
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SAMPLING } from '../engine/sampling';
import { initialState, shownStep, useAppStore } from './appStore';
import { play } from './playback';
import { runRecord, stepRecord } from './testing/fixtures';

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
    await vi.waitFor(() => expect(shownStep(state())).toBeGreaterThanOrEqual(2), { interval: 5 });
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

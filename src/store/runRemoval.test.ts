import { describe, expect, it } from 'vitest';
import { initialState } from './appStore';
import { afterRemoval } from './runRemoval';
import { runRecord } from './testing/fixtures';

const a = runRecord({ id: 'a' });
const b = runRecord({ id: 'b' });
const c = runRecord({ id: 'c' });

describe('afterRemoval', () => {
  it('gives a removed active run’s place to the newest run left, and ends a comparison with it', () => {
    const state = { ...initialState(), runs: [a, b, c], activeRunId: 'c', compareRunId: 'b' };
    const left = afterRemoval(state, [a, b], (id) => id === 'c');
    // b becomes the active run: comparing it with itself would mean nothing.
    expect(left).toMatchObject({ activeRunId: 'b', compareRunId: null });
  });

  it('keeps the active run and a comparison of runs still there', () => {
    const state = { ...initialState(), runs: [a, b, c], activeRunId: 'a', compareRunId: 'b' };
    expect(afterRemoval(state, [a, b], (id) => id === 'c')).toMatchObject({
      activeRunId: 'a',
      compareRunId: 'b',
    });
  });

  it('ends a comparison with a removed run, and the live request forgets it', () => {
    const base = initialState();
    const state = {
      ...base,
      runs: [a, b],
      activeRunId: 'a',
      compareRunId: 'b',
      live: { ...base.live, runId: 'b' },
    };
    const left = afterRemoval(state, [a], (id) => id === 'b');
    expect(left.compareRunId).toBeNull();
    expect(left.live.runId).toBeNull();
    expect(afterRemoval({ ...state, runs: [a] }, [], (id) => id === 'a').activeRunId).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { initialState } from './appStore';
import { withRemoteRuns } from './remoteRuns';
import { createRun, type Run } from './run';
import type { AppState } from './stateTypes';

const run = (id: string, createdAt = 0): Run =>
  createRun({
    id,
    createdAt,
    prompt: id,
    promptIds: [1],
    modelId: 'tiny-gpt2',
    config: { maxSteps: 3, sampling: initialState().settings.sampling },
  });

const withRuns = (runs: Run[], change: Partial<AppState> = {}): AppState => ({
  ...initialState(),
  runs,
  activeRunId: runs.at(-1)?.id ?? null,
  ...change,
});

const ids = (runs: Run[] | undefined) => runs?.map((r) => r.id);

describe('runs from another tab', () => {
  it('joins new runs in the saved order and replaces this tab’s copy of a run saved anew', () => {
    const a1 = run('a1');
    const b1 = run('b1');
    const state = withRuns([a1, b1]);
    const newerA1 = { ...a1, stopReason: 'max_steps' as const };
    const next = withRemoteRuns(state, {
      runs: [newerA1, run('c1')],
      deleted: [],
      order: ['a1', 'c1', 'b1'],
    });
    expect(ids(next.runs)).toEqual(['a1', 'c1', 'b1']);
    expect(next.runs?.[0]).toBe(newerA1);
    expect(next.activeRunId).toBe('b1'); // what the user looks at stays
  });

  it('keeps runs not saved yet last, in their order', () => {
    const state = withRuns([run('new-1'), run('a1'), run('new-2')]);
    const next = withRemoteRuns(state, { runs: [run('c1')], deleted: [], order: ['a1', 'c1'] });
    expect(ids(next.runs)).toEqual(['a1', 'c1', 'new-1', 'new-2']);
  });

  it('removes deleted runs as deleteRun does: active, compared and live runs let go', () => {
    const state = withRuns([run('a1'), run('a2'), run('b1')], {
      activeRunId: 'a2',
      compareRunId: 'a1',
      live: { runId: 'a2', requestId: 4, busy: true },
      playback: { step: 2, playing: true },
    });
    const next = withRemoteRuns(state, { runs: [], deleted: ['a1', 'a2'], order: ['b1'] });
    expect(ids(next.runs)).toEqual(['b1']);
    expect(next.activeRunId).toBe('b1');
    expect(next.compareRunId).toBeNull();
    expect(next.live).toEqual({ runId: null, requestId: 4, busy: true });
    expect(next.playback).toEqual({ step: null, playing: false });
  });

  it('never adds a run that the same change deletes', () => {
    const next = withRemoteRuns(withRuns([]), { runs: [run('x')], deleted: ['x'], order: [] });
    expect(next.runs).toEqual([]);
    expect(next.activeRunId).toBeNull();
  });
});

/** Inspection requests from the store: which tokens are sent, answers recorded, older ones dropped. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Inspection } from '../engine/inspect';
import { initialState, useAppStore } from './appStore';
import { lookInside, wantAttentionMap } from './inspectActions';
import { inspectKey, stepContext, useInspectStore } from './inspections';
import { FakeWorker, installFakeWorker, runRecord, stepRecord, withRun } from './testing/fixtures';
import { stubPage, unstubPage } from './testing/pageStubs';

const inspection = (grids: Inspection['grids']): Inspection => ({
  length: 6,
  layers: 2,
  heads: 1,
  newest: [[[0.5, 0.5]], [[0.25, 0.75]]],
  grids,
  lens: [[{ id: 1, prob: 0.5 }], [{ id: 2, prob: 0.6 }]],
  after: [],
});
const grid = (layer: number): Inspection['grids'][number] => ({
  layer,
  head: 0,
  values: new Float32Array([1]),
});

let worker: FakeWorker;
beforeEach(() => {
  useAppStore.setState(initialState());
  useInspectStore.setState({ open: null, entries: {}, pending: null });
  stubPage();
  worker = installFakeWorker();
});
afterEach(unstubPage);

describe('inspections', () => {
  it('reads a step’s context: the prompt and the tokens chosen before it', () => {
    const run = runRecord({ steps: [stepRecord(1, 11), stepRecord(2, 12), stepRecord(3, 13)] });
    expect(stepContext(run, 3)).toEqual([7454, 2402, 257, 640, 11, 12]);
    expect(stepContext(run, 1)).toEqual([7454, 2402, 257, 640]);
    expect(stepContext(run, 0)).toEqual([7454, 2402, 257, 640]);
  });

  it('sends the shown step’s context once and caches the answer by run and step', () => {
    withRun({ steps: [stepRecord(1, 11), stepRecord(2, 12), stepRecord(3, 13)] });
    useAppStore.setState((s) => ({ playback: { ...s.playback, step: 3 } }));
    lookInside();
    expect(worker.sent.at(-1)).toMatchObject({
      kind: 'inspect',
      ids: [7454, 2402, 257, 640, 11, 12],
    });
    const key = inspectKey('run-a', 3);
    expect(useInspectStore.getState()).toMatchObject({
      open: key,
      entries: { [key]: { status: 'loading' } },
    });
    worker.answer((id) => ({
      kind: 'inspected',
      id,
      outcome: { kind: 'done', inspection: inspection([grid(0)]), ms: 4 },
    }));
    expect(useInspectStore.getState().entries[key]).toMatchObject({ status: 'done', ms: 4 });
    const sent = worker.sent.length;
    lookInside();
    expect(worker.sent).toHaveLength(sent);
    // A head whose map was not sent asks again; the maps already there are kept.
    wantAttentionMap({ layer: 1, head: 0 });
    expect(worker.sent.at(-1)).toMatchObject({ kind: 'inspect', focus: { layer: 1, head: 0 } });
    worker.answer((id) => ({
      kind: 'inspected',
      id,
      outcome: { kind: 'done', inspection: inspection([grid(1)]), ms: 5 },
    }));
    const entry = useInspectStore.getState().entries[key];
    expect(entry.status === 'done' && entry.inspection.grids.map((g) => g.layer)).toEqual([1, 0]);
  });

  it('drops an answer to a request a newer one replaced, and records `missing`', () => {
    withRun({ steps: [stepRecord(1, 11), stepRecord(2, 12)] });
    useAppStore.setState((s) => ({ playback: { ...s.playback, step: 1 } }));
    lookInside();
    const older = worker.sent.at(-1)!.id;
    useAppStore.setState((s) => ({ playback: { ...s.playback, step: 2 } }));
    lookInside();
    worker.emit({
      kind: 'inspected',
      id: older,
      outcome: { kind: 'done', inspection: inspection([]), ms: 1 },
    });
    expect(useInspectStore.getState().entries[inspectKey('run-a', 1)]).toEqual({
      status: 'loading',
    });
    worker.answer((id) => ({ kind: 'inspected', id, outcome: { kind: 'missing' } }));
    expect(useInspectStore.getState().entries[inspectKey('run-a', 2)]).toEqual({
      status: 'missing',
    });
    expect(useAppStore.getState().error).toBeNull();
  });

  it('records the reason the worker gave for a failure, whatever its words say', () => {
    withRun({ steps: [stepRecord(1, 11)] });
    lookInside();
    // Words that read as "not a model", with the worker's reason: the reason is what is kept.
    worker.answer((id) => ({
      kind: 'inspected',
      id,
      outcome: { kind: 'failed', reason: 'out_of_memory', message: 'failed to load model' },
    }));
    expect(useInspectStore.getState().entries[inspectKey('run-a', 1)]).toEqual({
      status: 'failed',
      reason: 'out_of_memory',
      message: 'failed to load model',
    });
    expect(useAppStore.getState().error).toBeNull();
  });

  it('reads the reason from the browser’s words when the worker crashed without an answer', async () => {
    withRun({ steps: [stepRecord(1, 11)] });
    lookInside();
    worker.crash('Uncaught RangeError: Array buffer allocation failed');
    await new Promise((r) => setTimeout(r, 0));
    expect(useInspectStore.getState().entries[inspectKey('run-a', 1)]).toMatchObject({
      status: 'failed',
      reason: 'out_of_memory',
    });
  });
});

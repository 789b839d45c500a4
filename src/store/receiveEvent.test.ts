/**
 * Worker events into the store: which requests' events count, how steps arrive (batched per frame,
 * never duplicated, before the event that ends a request) and the status the page shows.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { TINY_GPT2 } from '../engine/modelShape';
import type { WorkerEvent } from '../worker/protocol';
import { activeRun, appStatus, initialState, useAppStore, type AppState } from './appStore';
import { flushArrivedSteps, receiveEvent } from './receiveEvent';
import { REDRAW_MS } from './redrawInterval';
import type { Run } from './run';
import { readyEvent, runRecord, stepRecord, withRun } from './testing/fixtures';

const state = (): AppState => useAppStore.getState();
const active = (): Run => activeRun(state())!;

beforeEach(() => {
  useAppStore.setState(initialState());
});

describe('receiveEvent', () => {
  it('shows load progress only while a model is loading, and fills the model on ready', () => {
    const progress: WorkerEvent = {
      kind: 'progress',
      id: 1,
      phase: 'download',
      loaded: 5,
      total: 9,
    };
    receiveEvent(progress);
    expect(state().model.progress).toBeNull();
    useAppStore.setState((s) => ({ model: { ...s.model, status: 'loading' } }));
    receiveEvent(progress);
    expect(state().model.progress).toEqual(progress);
    expect(appStatus(state())).toBe('loading');
    receiveEvent({ ...readyEvent(1), fromCache: true } as WorkerEvent);
    expect(state().model).toMatchObject({
      status: 'ready',
      id: 'tiny-gpt2',
      backend: 'wasm',
      threads: 2,
      shape: TINY_GPT2,
      progress: null,
      loadMs: 12,
      fromCache: true,
    });
    expect(appStatus(state())).toBe('ready');
  });

  it('records prefill, steps, paused and done into the live run', () => {
    withRun({ backend: null }, { busy: true });
    expect(appStatus(state())).toBe('generating');
    receiveEvent({ kind: 'prefill', id: 7, promptLength: 4, ms: 8 });
    receiveEvent({ kind: 'prefill', id: 7, promptLength: 4, ms: 99 });
    expect(active().prefillMs).toBe(8);
    receiveEvent({ kind: 'step', id: 7, record: stepRecord(1) });
    receiveEvent({ kind: 'step', id: 7, record: stepRecord(1) });
    receiveEvent({ kind: 'step', id: 7, record: stepRecord(2, 13) });
    flushArrivedSteps(); // steps reach the store once per frame
    expect(active().steps.map((s) => s.tokenId)).toEqual([262, 13]);
    expect(active().backend).toBe('wasm');
    receiveEvent({ kind: 'paused', id: 7, steps: 2 });
    expect(state().live.busy).toBe(false);
    expect(appStatus(state())).toBe('paused');
    receiveEvent({ kind: 'done', id: 7, reason: 'max_steps', steps: 2 });
    expect(active().stopReason).toBe('max_steps');
    expect(appStatus(state())).toBe('done');
  });

  it('ignores run events of a superseded request', () => {
    withRun({}, { busy: true });
    const before = state();
    receiveEvent({ kind: 'prefill', id: 6, promptLength: 4, ms: 8 });
    receiveEvent({ kind: 'step', id: 6, record: stepRecord(1) });
    receiveEvent({ kind: 'paused', id: 6, steps: 1 });
    receiveEvent({ kind: 'done', id: 6, reason: 'eos', steps: 1 });
    expect(state().runs).toBe(before.runs);
    expect(state().live).toBe(before.live);
  });

  it("shows the current request's error and frees the live run; a superseded one says nothing", () => {
    withRun({ steps: [stepRecord(1)] }, { busy: true });
    const before = state();
    // Request 5 was superseded by 7: its failure is no longer the user's concern.
    receiveEvent({ kind: 'error', id: 5, code: 'bad_request', message: 'not now' });
    expect(state()).toBe(before);
    receiveEvent({ kind: 'error', id: 7, code: 'internal', message: 'boom' });
    expect(state().error).toEqual({
      code: 'internal',
      message: { key: 'error_internal' },
      detail: 'boom',
    });
    expect(state().live.busy).toBe(false);
    expect(appStatus(state())).toBe('error');
  });

  it('ends the load it follows in error, or quietly when it was cancelled', () => {
    const loading = () =>
      useAppStore.setState((s) => ({
        error: null,
        model: { ...s.model, status: 'loading', id: 'tiny-gpt2', progress: null },
        live: { runId: null, requestId: 3, busy: true },
      }));
    loading();
    receiveEvent({ kind: 'progress', id: 3, phase: 'download', loaded: 1, total: 9 });
    receiveEvent({ kind: 'error', id: 3, code: 'network', message: 'offline' });
    expect(state().model).toMatchObject({ status: 'error', progress: null });
    expect(state().error?.code).toBe('network');
    expect(state().live.busy).toBe(false);

    loading();
    receiveEvent({ kind: 'progress', id: 3, phase: 'download', loaded: 1, total: 9 });
    receiveEvent({ kind: 'cancelled', id: 4 }); // not the load the page follows
    expect(state().model.status).toBe('loading');
    receiveEvent({ kind: 'cancelled', id: 3 });
    // No banner; nothing is loaded, so the next Generate loads again.
    expect(state().error).toBeNull();
    expect(state().model).toMatchObject({ status: 'none', id: null, progress: null });
    expect(state().live.busy).toBe(false);
    expect(appStatus(state())).toBe('idle');
  });
});

describe('appStatus', () => {
  it('maps the store to one word', () => {
    expect(appStatus(initialState())).toBe('idle');
    withRun({}, { busy: true });
    expect(appStatus(state())).toBe('generating');
    useAppStore.setState((s) => ({ live: { ...s.live, runId: 'another' } }));
    expect(appStatus(state())).toBe('ready');
    withRun({ steps: [stepRecord(1)] });
    expect(appStatus(state())).toBe('paused');
    withRun({ steps: [stepRecord(1)], stopReason: 'eos' });
    expect(appStatus(state())).toBe('done');
    useAppStore.setState({ error: { code: 'internal', message: { key: 'error_internal' } } });
    expect(appStatus(state())).toBe('error');
  });
});

describe('step events from the worker', () => {
  beforeEach(() => {
    const run = runRecord({
      backend: null,
      config: { maxSteps: 100, sampling: initialState().settings.sampling },
    });
    useAppStore.setState({
      ...initialState(),
      runs: [run],
      activeRunId: run.id,
      live: { runId: run.id, requestId: 7, busy: true },
    });
  });

  it('reach the store in one update per batch, and before the event that ends the request', () => {
    let updates = 0;
    const off = useAppStore.subscribe(() => updates++);
    for (let step = 1; step <= 50; step++)
      receiveEvent({ kind: 'step', id: 7, record: stepRecord(step) });
    expect(useAppStore.getState().runs[0].steps).toHaveLength(0);
    expect(updates).toBe(0);
    flushArrivedSteps();
    expect(useAppStore.getState().runs[0].steps).toHaveLength(50);
    expect(updates).toBe(1);
    receiveEvent({ kind: 'step', id: 7, record: stepRecord(51) });
    receiveEvent({ kind: 'step', id: 7, record: stepRecord(51) }); // a duplicate is dropped
    receiveEvent({ kind: 'done', id: 7, reason: 'max_steps', steps: 51 });
    off();
    const run = useAppStore.getState().runs[0];
    expect(run.steps.map((s) => s.step)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    expect(run.stopReason).toBe('max_steps');
  });

  it("stream in at most one batch every REDRAW_MS, the throttled views' interval", () => {
    vi.useFakeTimers();
    try {
      flushArrivedSteps(); // nothing left queued by the tests before
      const applied: number[] = [];
      const off = useAppStore.subscribe(() => applied.push(performance.now()));
      // A fast model: a step every 10 ms for 2 s.
      for (let step = 1; step <= 200; step++) {
        receiveEvent({ kind: 'step', id: 7, record: stepRecord(step) });
        vi.advanceTimersByTime(10);
      }
      vi.advanceTimersByTime(REDRAW_MS + 100);
      off();
      expect(useAppStore.getState().runs[0].steps).toHaveLength(200);
      const gaps = applied.slice(1).map((t, i) => t - applied[i]);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(REDRAW_MS);
      expect(applied.length).toBeLessThanOrEqual(Math.ceil(2000 / REDRAW_MS) + 1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('of a superseded request are never queued', () => {
    receiveEvent({ kind: 'step', id: 6, record: stepRecord(1) });
    flushArrivedSteps();
    expect(useAppStore.getState().runs[0].steps).toHaveLength(0);
  });
});

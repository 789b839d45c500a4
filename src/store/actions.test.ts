import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TINY_GPT2 } from '../engine/modelShape';
import { encodeText } from '../engine/tokenizer';
import { translateMessage } from '../i18n';
import type { WorkerEvent } from '../worker/protocol';
import { appStatus, initialState, useAppStore, type AppState } from './appStore';
import {
  branchAt,
  flushArrivedSteps,
  generate,
  receiveEvent,
  resume,
  setEngineClient,
  stepOnce,
  stop,
} from './engineActions';
import type { Run } from './run';
import { applyUrl, chooseModel } from './viewActions';
import {
  FakeWorker,
  flush,
  readyEvent,
  runRecord,
  stepRecord,
  useFakeWorker,
} from './testing/fixtures';

const state = (): AppState => useAppStore.getState();
const active = (): Run => state().runs.find((r) => r.id === state().activeRunId)!;
const PROMPT_IDS = encodeText('Once upon a time');

/** A run of the default prompt, active, with the model ready; `live` says what the worker holds. */
function withRun(fields: Partial<Run> = {}, live: Partial<AppState['live']> = {}): Run {
  const run = runRecord({ promptIds: PROMPT_IDS, ...fields });
  useAppStore.setState((s) => ({
    runs: [run],
    activeRunId: run.id,
    model: { ...s.model, status: 'ready', id: 'tiny-gpt2', ep: 'auto', backend: 'wasm' },
    live: { runId: run.id, requestId: 7, busy: false, ...live },
  }));
  return run;
}

beforeEach(() => {
  useAppStore.setState(initialState());
  // baseHref() resolves the app's base against the page; Node has no page. Vitest serves from
  // '/', the build uses './', which is what a deployed page resolves.
  vi.stubGlobal('location', { href: 'http://127.0.0.1:4173/stepwise/index.html' });
  vi.stubEnv('BASE_URL', './');
});

afterEach(() => {
  setEngineClient(null);
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
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

  it('shows an error; it ends a load in error and frees the live run', () => {
    withRun({ steps: [stepRecord(1)] }, { busy: true });
    receiveEvent({ kind: 'error', id: 5, code: 'bad_request', message: 'not now' });
    expect(state().error).toEqual({
      code: 'bad_request',
      message: { key: 'error_bad_request' },
      detail: 'not now',
    });
    expect(state().live.busy).toBe(true);
    receiveEvent({ kind: 'error', id: 7, code: 'internal', message: 'boom' });
    expect(state().live.busy).toBe(false);
    expect(appStatus(state())).toBe('error');
    useAppStore.setState((s) => ({ error: null, model: { ...s.model, status: 'loading' } }));
    receiveEvent({ kind: 'error', id: 3, code: 'network', message: 'offline' });
    expect(state().model).toMatchObject({ status: 'error', progress: null });
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

describe('engine actions over a worker client', () => {
  let worker: FakeWorker;

  beforeEach(() => {
    worker = useFakeWorker();
  });

  it('generate() loads the model, then asks for a whole run of a new active run', async () => {
    const pending = generate();
    expect(state().model.status).toBe('loading');
    expect(worker.sent).toEqual([
      expect.objectContaining({
        kind: 'load',
        ep: 'auto',
        model: expect.objectContaining({ id: 'tiny-gpt2' }),
      }),
    ]);
    // Vite's base is './': the app's folder, against which models/<name>/ resolves.
    expect(worker.sent[0]).toMatchObject({ baseHref: 'http://127.0.0.1:4173/stepwise/' });
    worker.answer((id) => readyEvent(id));
    await flush();
    expect(worker.sent[1]).toMatchObject({
      kind: 'generate',
      promptIds: PROMPT_IDS,
      history: [],
      run: 'all',
      config: { maxSteps: 20, candidateCount: 20 },
    });
    expect(state().runs).toHaveLength(1);
    expect(state().live).toEqual({ runId: active().id, requestId: worker.sent[1].id, busy: true });
    worker.answer((id) => ({ kind: 'step', id, record: stepRecord(1) }));
    worker.answer((id) => ({ kind: 'done', id, reason: 'max_steps', steps: 1 }));
    await pending;
    expect(appStatus(state())).toBe('done');
    expect(active().steps).toHaveLength(1);
  });

  it('generate() skips the load when the model is ready, and does nothing while busy', async () => {
    withRun();
    const pending = generate();
    // The second press comes while the first is busy: it is ignored.
    await generate();
    await flush();
    expect(worker.sent.map((r) => r.kind)).toEqual(['generate']);
    worker.answer((id) => ({ kind: 'paused', id, steps: 0 }));
    await pending;
  });

  it('a failed load sends no generate and frees the live run', async () => {
    chooseModel('Xenova/gpt2@hub');
    const pending = generate();
    expect(worker.sent[0]).toMatchObject({ kind: 'load', model: { origin: 'hub' } });
    worker.answer((id) => ({ kind: 'error', id, code: 'network', message: 'offline' }));
    await pending;
    expect(worker.sent).toHaveLength(1);
    expect(state().live.busy).toBe(false);
    expect(state().model.status).toBe('error');
    expect(appStatus(state())).toBe('error');
  });

  it('stepOnce() continues the run the worker holds with one `step`', async () => {
    withRun({ steps: [stepRecord(1)] });
    const pending = stepOnce();
    expect(worker.sent).toEqual([{ kind: 'step', run: 1, maxSteps: 4, id: 1 }]);
    expect(state().live).toMatchObject({ requestId: 1, busy: true });
    worker.answer((id) => ({ kind: 'step', id, record: stepRecord(2) }));
    worker.answer((id) => ({ kind: 'paused', id, steps: 2 }));
    await pending;
    expect(appStatus(state())).toBe('paused');
  });

  it('stepOnce() past the end of a finished run raises its step budget', async () => {
    withRun({
      steps: [stepRecord(1), stepRecord(2)],
      stopReason: 'max_steps',
      config: { ...withRun().config, maxSteps: 2 },
    });
    const pending = stepOnce();
    expect(worker.sent[0]).toMatchObject({ kind: 'step', run: 1, maxSteps: 3 });
    expect(active()).toMatchObject({ stopReason: null, config: { maxSteps: 3 } });
    worker.answer((id) => ({ kind: 'done', id, reason: 'max_steps', steps: 3 }));
    await pending;
  });

  it('stepOnce() rebuilds a run the worker does not hold from its recorded steps', async () => {
    withRun({ steps: [stepRecord(1), stepRecord(2, 13)] }, { runId: null });
    const pending = stepOnce();
    await flush();
    expect(worker.sent[0]).toMatchObject({
      kind: 'generate',
      promptIds: PROMPT_IDS,
      history: [262, 13],
      run: 1,
    });
    worker.answer((id) => ({ kind: 'paused', id, steps: 3 }));
    await pending;
  });

  it('stepOnce() without a run starts a one-step run', async () => {
    useAppStore.setState((s) => ({
      model: { ...s.model, status: 'ready', id: 'tiny-gpt2', ep: 'auto' },
    }));
    const pending = stepOnce();
    await flush();
    expect(worker.sent[0]).toMatchObject({ kind: 'generate', run: 1, history: [] });
    worker.answer((id) => ({ kind: 'paused', id, steps: 1 }));
    await pending;
    expect(state().runs).toHaveLength(1);
  });

  it('resume() runs a paused run to its end; stop() sends a cancel', async () => {
    withRun({ steps: [stepRecord(1)] });
    const pending = resume();
    expect(worker.sent).toEqual([{ kind: 'step', run: 'all', maxSteps: 4, id: 1 }]);
    stop();
    expect(worker.sent[1]).toEqual({ kind: 'cancel', id: 2 });
    worker.answer(() => ({ kind: 'paused', id: 1, steps: 1 }));
    await pending;
    expect(state().live.busy).toBe(false);
  });

  it('branchAt() starts a new run that keeps earlier steps and forces the token', async () => {
    const parent = withRun({ steps: [stepRecord(1), stepRecord(2), stepRecord(3)] });
    const pending = branchAt(2, 1000);
    expect(state().runs).toHaveLength(2);
    expect(active()).toMatchObject({ parent: { runId: parent.id, step: 2, tokenId: 1000 } });
    expect(active().steps).toHaveLength(1);
    expect(state().compareRunId).toBe(parent.id);
    await flush();
    expect(worker.sent[0]).toMatchObject({
      kind: 'generate',
      history: [262],
      forcedTokenId: 1000,
      run: 'all',
    });
    worker.answer((id) => ({ kind: 'done', id, reason: 'max_steps', steps: 4 }));
    await pending;
  });

  it('applyUrl() applies valid parameters, lists ignored ones and autoplays', async () => {
    applyUrl('?model=Xenova%2Fgpt2%40hub&ep=wasm&steps=5&temperature=-1&autoplay=1');
    expect(state().settings).toMatchObject({ modelId: 'Xenova/gpt2@hub', ep: 'wasm', steps: 5 });
    expect(state().notices.map((n) => translateMessage('en', n))).toEqual([
      'Ignored URL parameter temperature="-1": expected a number from 0 to 10.',
    ]);
    expect(state().notices.map((n) => translateMessage('zh-CN', n))).toEqual([
      '已忽略 URL 参数 temperature="-1"（应为：0 到 10 之间的数）。',
    ]);
    expect(worker.sent[0]).toMatchObject({
      kind: 'load',
      ep: 'wasm',
      model: { id: 'Xenova/gpt2@hub', baseUrl: 'https://huggingface.co/Xenova/gpt2/resolve/main/' },
    });
    worker.answer((id) => readyEvent(id, 'Xenova/gpt2@hub'));
    await flush();
    expect(worker.sent[1]).toMatchObject({ kind: 'generate', config: { maxSteps: 5 } });
  });
});

describe('the default worker client', () => {
  it('reports a crash as worker_crashed, forgets the model, keeps the runs', async () => {
    const spawned: FakeWorker[] = [];
    // createEngineWorker() calls `new Worker(url, options)`: Node has none, so this stands in.
    vi.stubGlobal(
      'Worker',
      class extends FakeWorker {
        constructor() {
          super();
          spawned.push(this);
        }
      },
    );
    withRun();
    const pending = generate();
    await flush();
    spawned[0].answer((id) => ({ kind: 'step', id, record: stepRecord(1) }));
    spawned[0].onerror?.({ message: 'worker died' } as ErrorEvent);
    await pending;
    expect(state().error).toEqual({
      code: 'worker_crashed',
      message: { key: 'error_worker_crashed' },
      detail: 'worker died',
    });
    expect(state().model).toMatchObject({ status: 'none', id: null });
    expect(state().live).toEqual({ runId: null, requestId: null, busy: false });
    expect(active().steps).toHaveLength(1);
  });
});

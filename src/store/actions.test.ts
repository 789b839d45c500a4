import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StepRecord } from '../engine/generation';
import { TINY_GPT2 } from '../engine/modelShape';
import { encodeText, viewToken } from '../engine/tokenizer';
import type { WorkerEvent, WorkerRequest } from '../worker/protocol';
import {
  applyUrl,
  chooseModel,
  generate,
  receiveEvent,
  resume,
  setEngineClient,
  stepOnce,
  stop,
} from './actions';
import { appStatus, initialState, useAppStore, type AppState } from './appStore';
import { EngineClient, type WorkerLike } from './workerClient';

const state = (): AppState => useAppStore.getState();

function record(step: number, tokenId = 262): StepRecord {
  return {
    step,
    tokenId,
    token: viewToken(tokenId),
    contextLength: 3 + step,
    candidates: [],
    entropy: 1,
    eligibleCount: 1,
    chosenProb: 0.5,
    temperature: 1,
    forced: false,
    modelMs: 1,
    totalMs: 2,
  };
}

const ready = (id: number, modelId = 'tiny-gpt2'): WorkerEvent => ({
  kind: 'ready',
  id,
  modelId,
  shape: TINY_GPT2,
  backend: 'wasm',
  threads: 2,
  adapter: null,
  backendNote: 'WASM requested',
  fromCache: false,
  loadMs: 12,
});

/** Puts the store in the middle of a run whose events carry `requestId`. */
function running(requestId: number, patch: Partial<AppState['run']> = {}): void {
  useAppStore.setState((s) => ({
    model: { ...s.model, status: 'ready', id: 'tiny-gpt2', ep: 'auto' },
    run: { ...s.run, status: 'generating', requestId, modelId: 'tiny-gpt2', ...patch },
  }));
}

class FakeWorker implements WorkerLike {
  readonly sent: WorkerRequest[] = [];
  onmessage: ((event: MessageEvent<WorkerEvent>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(message: WorkerRequest): void {
    this.sent.push(message);
  }
  terminate(): void {}
  emit(event: WorkerEvent): void {
    this.onmessage?.({ data: event } as MessageEvent<WorkerEvent>);
  }
}

/** Lets the awaited `finished` promises and the code after them run. */
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  useAppStore.setState(initialState());
  // baseHref() resolves the app's base against the page; Node has no page.
  vi.stubGlobal('location', { href: 'http://127.0.0.1:4173/stepwise/index.html' });
  // Vitest serves from '/'; the build uses base './', which is what deployed pages resolve.
  vi.stubEnv('BASE_URL', './');
});

afterEach(() => {
  setEngineClient(null);
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

describe('receiveEvent', () => {
  it('shows load progress only while a model is loading', () => {
    const progress: WorkerEvent = {
      kind: 'progress',
      id: 1,
      phase: 'download',
      file: 'onnx/model.onnx',
      loaded: 5,
      total: 10,
    };
    receiveEvent(progress);
    expect(state().model.progress).toBeNull();
    useAppStore.setState((s) => ({ model: { ...s.model, status: 'loading' } }));
    receiveEvent(progress);
    expect(state().model.progress).toEqual(progress);
    expect(appStatus(state())).toBe('loading');
  });

  it('fills the model slice on ready and clears the progress', () => {
    useAppStore.setState((s) => ({
      model: {
        ...s.model,
        status: 'loading',
        progress: { phase: 'warmup', loaded: 0, total: null },
      },
    }));
    receiveEvent({ ...ready(1), fromCache: true } as WorkerEvent);
    expect(state().model).toMatchObject({
      status: 'ready',
      id: 'tiny-gpt2',
      backend: 'wasm',
      threads: 2,
      backendNote: 'WASM requested',
      shape: TINY_GPT2,
      progress: null,
      loadMs: 12,
      fromCache: true,
    });
    expect(appStatus(state())).toBe('ready');
  });

  it('moves the run through prefill, steps, paused and done', () => {
    running(7, { status: 'prefilling' });
    expect(appStatus(state())).toBe('generating');
    receiveEvent({ kind: 'prefill', id: 7, promptLength: 4, ms: 8 });
    expect(state().run).toMatchObject({ status: 'generating', prefillMs: 8 });
    receiveEvent({ kind: 'step', id: 7, record: record(1) });
    receiveEvent({ kind: 'step', id: 7, record: record(2, 13) });
    expect(state().run.steps.map((s) => s.tokenId)).toEqual([262, 13]);
    receiveEvent({ kind: 'paused', id: 7, steps: 2 });
    expect(state().run.status).toBe('paused');
    expect(appStatus(state())).toBe('paused');
    receiveEvent({ kind: 'done', id: 7, reason: 'max_steps', steps: 2 });
    expect(state().run).toMatchObject({ status: 'done', stopReason: 'max_steps' });
    expect(appStatus(state())).toBe('done');
  });

  it('ignores run events of a superseded request', () => {
    running(7);
    const before = state().run;
    receiveEvent({ kind: 'prefill', id: 6, promptLength: 4, ms: 8 });
    receiveEvent({ kind: 'step', id: 6, record: record(1) });
    receiveEvent({ kind: 'paused', id: 6, steps: 1 });
    receiveEvent({ kind: 'done', id: 6, reason: 'eos', steps: 1 });
    expect(state().run).toBe(before);
  });

  it('shows an error, ends a load in error and pauses a run that has steps', () => {
    running(7, { steps: [record(1)] });
    receiveEvent({ kind: 'error', id: 7, code: 'internal', message: 'boom' });
    expect(state().error).toEqual({ code: 'internal', message: 'boom' });
    expect(state().run.status).toBe('paused');
    expect(appStatus(state())).toBe('error');

    useAppStore.setState(initialState());
    useAppStore.setState((s) => ({
      model: {
        ...s.model,
        status: 'loading',
        progress: { phase: 'download', loaded: 1, total: 2 },
      },
      run: { ...s.run, status: 'prefilling', requestId: 3 },
    }));
    receiveEvent({ kind: 'error', id: 3, code: 'network', message: 'offline' });
    expect(state().model).toMatchObject({ status: 'error', progress: null });
    expect(state().run.status).toBe('idle');
  });

  it('shows the error of another request but leaves the run alone', () => {
    running(7, { steps: [record(1)] });
    receiveEvent({ kind: 'error', id: 5, code: 'bad_request', message: 'nothing to continue' });
    expect(state().error?.code).toBe('bad_request');
    expect(state().run.status).toBe('generating');
  });
});

describe('appStatus', () => {
  it.each<[string, Partial<AppState>, string]>([
    ['idle', {}, 'idle'],
    ['an error wins', { error: { code: 'internal', message: 'x' } }, 'error'],
  ])('%s', (_, patch, expected) => {
    expect(appStatus({ ...initialState(), ...patch })).toBe(expected);
  });

  it('maps loading, ready and each run status', () => {
    const base = initialState();
    const withModel = (status: AppState['model']['status']): AppState => ({
      ...base,
      model: { ...base.model, status },
    });
    expect(appStatus(withModel('loading'))).toBe('loading');
    expect(appStatus(withModel('ready'))).toBe('ready');
    expect(appStatus(withModel('error'))).toBe('idle');
    const ready = withModel('ready');
    const runs = ['idle', 'prefilling', 'generating', 'paused', 'done'] as const;
    expect(runs.map((status) => appStatus({ ...ready, run: { ...ready.run, status } }))).toEqual([
      'ready',
      'generating',
      'generating',
      'paused',
      'done',
    ]);
  });
});

describe('actions over a worker client', () => {
  let worker: FakeWorker;
  let crashes: string[];

  beforeEach(() => {
    worker = new FakeWorker();
    crashes = [];
    setEngineClient(
      new EngineClient(
        receiveEvent,
        (m) => crashes.push(m),
        () => worker,
      ),
    );
  });

  it('generate() loads the model, then asks for a whole run', async () => {
    const pending = generate();
    expect(state().run.status).toBe('prefilling');
    expect(state().model.status).toBe('loading');
    expect(worker.sent).toHaveLength(1);
    const load = worker.sent[0];
    expect(load).toMatchObject({
      kind: 'load',
      ep: 'auto',
      model: { id: 'tiny-gpt2', origin: 'local', baseUrl: 'models/tiny-gpt2/' },
    });
    // Vite's base is './': the app's folder, against which models/<name>/ resolves.
    expect(load.kind === 'load' && load.baseHref).toBe('http://127.0.0.1:4173/stepwise/');

    worker.emit(ready(load.id));
    await pending;
    expect(state().model).toMatchObject({ status: 'ready', id: 'tiny-gpt2', ep: 'auto' });
    expect(worker.sent).toHaveLength(2);
    const request = worker.sent[1];
    expect(request).toMatchObject({
      kind: 'generate',
      promptIds: encodeText('Once upon a time'),
      run: 'all',
      config: { maxSteps: 20, candidateCount: 20 },
    });
    expect(state().run).toMatchObject({ requestId: request.id, modelId: 'tiny-gpt2' });

    worker.emit({ kind: 'prefill', id: request.id, promptLength: 4, ms: 1 });
    worker.emit({ kind: 'step', id: request.id, record: record(1) });
    worker.emit({ kind: 'done', id: request.id, reason: 'max_steps', steps: 1 });
    expect(appStatus(state())).toBe('done');
  });

  it('generate() skips the load when the same model and backend are ready', async () => {
    useAppStore.setState((s) => ({
      model: { ...s.model, status: 'ready', id: 'tiny-gpt2', ep: 'auto' },
    }));
    await generate();
    expect(worker.sent.map((r) => r.kind)).toEqual(['generate']);
  });

  it('a failed load leaves the run idle and sends no generate', async () => {
    chooseModel('Xenova/gpt2@hub');
    const pending = generate();
    const load = worker.sent[0];
    expect(load).toMatchObject({ kind: 'load', model: { origin: 'hub' } });
    worker.emit({ kind: 'error', id: load.id, code: 'network', message: 'offline' });
    await pending;
    expect(worker.sent).toHaveLength(1);
    expect(state().run.status).toBe('idle');
    expect(state().model.status).toBe('error');
    expect(appStatus(state())).toBe('error');
  });

  it('stepOnce() continues a paused run with one step; otherwise starts a one-step run', async () => {
    running(4, { status: 'paused', steps: [record(1)] });
    await stepOnce();
    expect(worker.sent).toEqual([{ kind: 'step', run: 1, id: 1 }]);
    expect(state().run).toMatchObject({ requestId: 1, status: 'generating' });

    // Another model chosen since: the paused run cannot continue, so a new one starts.
    useAppStore.setState((s) => ({ run: { ...s.run, status: 'paused' } }));
    chooseModel('gpt2');
    const pending = stepOnce();
    expect(worker.sent[1]).toMatchObject({ kind: 'load', model: { id: 'gpt2' } });
    worker.emit(ready(worker.sent[1].id, 'gpt2'));
    await pending;
    expect(worker.sent[2]).toMatchObject({ kind: 'generate', run: 1 });
  });

  it('resume() runs a paused run to its end, and does nothing otherwise', () => {
    resume();
    expect(worker.sent).toEqual([]);
    running(4, { status: 'paused' });
    resume();
    expect(worker.sent).toEqual([{ kind: 'step', run: 'all', id: 1 }]);
    expect(state().run).toMatchObject({ requestId: 1, status: 'generating' });
  });

  it('stop() sends a cancel and leaves the run to the worker', () => {
    running(4);
    stop();
    expect(worker.sent).toEqual([{ kind: 'cancel', id: 1 }]);
    expect(state().run.requestId).toBe(4);
  });

  it('an empty prompt is refused before anything is sent', async () => {
    useAppStore.setState((s) => ({ settings: { ...s.settings, prompt: '' } }));
    await generate();
    expect(worker.sent).toEqual([]);
    expect(state().error?.code).toBe('bad_request');
  });

  it('applyUrl() applies valid parameters, lists ignored ones and autoplays', async () => {
    applyUrl('?model=Xenova%2Fgpt2%40hub&ep=wasm&steps=5&temperature=-1&autoplay=1');
    expect(state().settings).toMatchObject({ modelId: 'Xenova/gpt2@hub', ep: 'wasm', steps: 5 });
    expect(state().settings.sampling.temperature).toBe(1);
    expect(state().notices).toEqual([
      'Ignored URL parameter temperature="-1": expected a number from 0 to 10.',
    ]);
    expect(worker.sent[0]).toMatchObject({
      kind: 'load',
      ep: 'wasm',
      model: { id: 'Xenova/gpt2@hub', baseUrl: 'https://huggingface.co/Xenova/gpt2/resolve/main/' },
    });
    worker.emit(ready(worker.sent[0].id, 'Xenova/gpt2@hub'));
    await flush();
    expect(worker.sent[1]).toMatchObject({ kind: 'generate', config: { maxSteps: 5 } });
  });

  it('a worker crash ends the pending load with an error and leaves the run idle', async () => {
    const pending = generate();
    worker.onerror?.({ message: 'worker died' } as ErrorEvent);
    await pending;
    expect(crashes).toEqual(['worker died']);
    // The client's own onCrash (here the test's) decides the final wording; the store got the
    // request's error event first.
    expect(state().error).toEqual({ code: 'internal', message: 'worker died' });
    expect(state().model.status).toBe('error');
    expect(state().run.status).toBe('idle');
    expect(worker.sent.map((r) => r.kind)).toEqual(['load']);
  });
});

describe('the default worker client', () => {
  it('reports a crash as worker_crashed and forgets the model, keeping the steps', async () => {
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
    setEngineClient(null);
    useAppStore.setState((s) => ({
      model: { ...s.model, status: 'ready', id: 'tiny-gpt2', ep: 'auto' },
    }));
    await generate();
    const request = spawned[0].sent[0];
    spawned[0].emit({ kind: 'prefill', id: request.id, promptLength: 4, ms: 1 });
    spawned[0].emit({ kind: 'step', id: request.id, record: record(1) });
    spawned[0].onerror?.({ message: 'worker died' } as ErrorEvent);
    expect(state().error).toEqual({ code: 'worker_crashed', message: 'worker died' });
    expect(state().model).toMatchObject({ status: 'none', id: null, progress: null });
    expect(state().run).toMatchObject({ status: 'paused' });
    expect(state().run.steps).toHaveLength(1);
  });
});

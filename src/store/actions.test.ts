import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeText } from '../engine/tokenizer';
import { translateMessage } from '../i18n';
import {
  activeRun,
  appStatus,
  initialState,
  selectedStep,
  useAppStore,
  type AppState,
} from './appStore';
import { branchAt, generate, resume, stepOnce, stop } from './engineActions';
import type { Run } from './run';
import { applyUrl, chooseModel } from './viewActions';
import { acceptLinkedDownload, useLinkDownloadStore } from './linkDownload';
import {
  FakeWorker,
  flush,
  readyEvent,
  stepRecord,
  installFakeWorker,
  withRun,
} from './testing/fixtures';
import { stubPage, unstubPage } from './testing/pageStubs';

const state = (): AppState => useAppStore.getState();
const active = (): Run => activeRun(state())!;
const PROMPT_IDS = encodeText('Once upon a time');

beforeEach(() => {
  useAppStore.setState(initialState());
  stubPage();
});

afterEach(unstubPage);

describe('engine actions over a worker client', () => {
  let worker: FakeWorker;

  beforeEach(() => {
    worker = installFakeWorker();
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

  it('stop() during the download ends the load quietly; the next generate() loads again', async () => {
    const pending = generate();
    expect(worker.sent[0]).toMatchObject({ kind: 'load' });
    worker.answer((id) => ({ kind: 'progress', id, phase: 'download', loaded: 1, total: 9 }));
    stop();
    worker.answer((id) => ({ kind: 'cancelled', id }), 'load');
    await pending;
    expect(worker.sent.map((r) => r.kind)).toEqual(['load', 'cancel']);
    expect(state().error).toBeNull();
    expect(state().model).toMatchObject({ status: 'none', progress: null });
    expect(state().live.busy).toBe(false);
    const again = generate();
    expect(worker.sent.at(-1)).toMatchObject({ kind: 'load' });
    worker.answer((id) => readyEvent(id), 'load');
    await flush();
    expect(worker.sent.at(-1)).toMatchObject({ kind: 'generate' });
    worker.answer((id) => ({ kind: 'done', id, reason: 'max_steps', steps: 0 }), 'generate');
    await again;
  });

  it('stop() while the model loads: a load that still ends ready starts no run', async () => {
    const pending = generate();
    expect(worker.sent[0]).toMatchObject({ kind: 'load' });
    worker.answer((id) => ({ kind: 'progress', id, phase: 'session', loaded: 0, total: 0 }));
    stop();
    // Past its download the load cannot be cut short: the worker finishes it.
    worker.answer((id) => readyEvent(id), 'load');
    await pending;
    expect(worker.sent.map((r) => r.kind)).toEqual(['load', 'cancel']);
    expect(state().model.status).toBe('ready');
    expect(state().live.busy).toBe(false);
    expect(state().runs).toHaveLength(0);
    // The next Generate starts as usual.
    const again = generate();
    await flush();
    expect(worker.sent.at(-1)).toMatchObject({ kind: 'generate' });
    worker.answer((id) => ({ kind: 'done', id, reason: 'max_steps', steps: 0 }), 'generate');
    await again;
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

  it('branchAt() shows the forced step, not the last, while the branch runs', async () => {
    withRun({ steps: [stepRecord(1), stepRecord(2), stepRecord(3)] });
    const pending = branchAt(2, 1000);
    await flush();
    for (const n of [2, 3, 4]) {
      worker.answer((id) => ({ kind: 'step', id, record: stepRecord(n, n === 2 ? 1000 : 262) }));
    }
    worker.answer((id) => ({ kind: 'done', id, reason: 'max_steps', steps: 4 }));
    await pending;
    expect(active().steps).toHaveLength(4);
    expect(selectedStep(state())).toMatchObject({ step: 2, tokenId: 1000 });
  });

  it('branchAt() with the token already chosen there makes no run', async () => {
    withRun({ steps: [stepRecord(1), stepRecord(2, 13), stepRecord(3)] });
    await branchAt(2, 13);
    expect(state().runs).toHaveLength(1);
    expect(worker.sent).toEqual([]);
  });

  it('applyUrl() applies valid parameters, lists ignored ones and autoplays', async () => {
    applyUrl('?model=gpt2&ep=wasm&steps=5&temperature=-1&autoplay=1');
    expect(state().settings).toMatchObject({ modelId: 'gpt2', ep: 'wasm', steps: 5 });
    expect(state().notices.map((n) => translateMessage('en', n))).toEqual([
      'Ignored URL parameter temperature="-1": expected a number from 0 to 10.',
    ]);
    expect(state().notices.map((n) => translateMessage('zh-CN', n))).toEqual([
      '已忽略 URL 参数 temperature="-1"（应为：0 到 10 之间的数）。',
    ]);
    expect(worker.sent[0]).toMatchObject({
      kind: 'load',
      ep: 'wasm',
      model: { id: 'gpt2', baseUrl: 'models/gpt2/' },
    });
    worker.answer((id) => readyEvent(id, 'gpt2'));
    await flush();
    expect(worker.sent[1]).toMatchObject({ kind: 'generate', config: { maxSteps: 5 } });
  });

  it('applyUrl() waits for a click before a link downloads a model, then autoplays', async () => {
    applyUrl('?model=Xenova%2Fgpt2%40hub&ep=wasm&steps=5&autoplay=1');
    await flush();
    expect(state().settings.modelId).toBe('Xenova/gpt2@hub');
    expect(useLinkDownloadStore.getState().offer).toMatchObject({
      modelId: 'Xenova/gpt2@hub',
      autoplay: true,
    });
    expect(worker.sent).toEqual([]);
    const accepted = acceptLinkedDownload();
    await flush();
    expect(worker.sent[0]).toMatchObject({
      kind: 'load',
      model: { id: 'Xenova/gpt2@hub', baseUrl: 'https://huggingface.co/Xenova/gpt2/resolve/main/' },
    });
    worker.answer((id) => readyEvent(id, 'Xenova/gpt2@hub'));
    await flush();
    expect(worker.sent[1]).toMatchObject({ kind: 'generate', config: { maxSteps: 5 } });
    expect(useLinkDownloadStore.getState().offer).toBeNull();
    worker.answer((id) => ({ kind: 'done', id, reason: 'max_steps', steps: 0 }));
    await accepted;
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

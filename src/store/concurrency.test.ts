/** Presses that come while a run is going: a second Generate, another model, Step, Branch. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StepRecord } from '../engine/generation';
import { TINY_GPT2 } from '../engine/modelShape';
import { viewToken } from '../engine/tokenizer';
import type { WorkerEvent, WorkerRequest } from '../worker/protocol';
import { activeRun, appStatus, initialState, useAppStore } from './appStore';
import {
  branchAt,
  flushArrivedSteps,
  generate,
  receiveEvent,
  setEngineClient,
  stepOnce,
} from './engineActions';
import { chooseModel } from './viewActions';
import { EngineClient, type WorkerLike } from './workerClient';

const state = () => useAppStore.getState();
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

const record = (step: number): StepRecord => ({
  step,
  tokenId: 262,
  token: viewToken(262),
  contextLength: 3 + step,
  candidates: [],
  entropy: 1,
  eligibleCount: 1,
  chosenProb: 0.5,
  temperature: 1,
  forced: false,
  modelMs: 1,
  totalMs: 1,
});

class FakeWorker implements WorkerLike {
  readonly sent: WorkerRequest[] = [];
  onmessage: ((event: MessageEvent<WorkerEvent>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(message: WorkerRequest): void {
    this.sent.push(message);
  }
  terminate(): void {}
  /** Answers the newest request of `kind`. */
  answer(kind: WorkerRequest['kind'], event: (id: number) => WorkerEvent): void {
    const request = this.sent.filter((r) => r.kind === kind).at(-1)!;
    this.onmessage?.({ data: event(request.id) } as MessageEvent<WorkerEvent>);
  }
}

const ready =
  (modelId: string) =>
  (id: number): WorkerEvent => ({
    kind: 'ready',
    id,
    modelId,
    shape: TINY_GPT2,
    backend: 'wasm',
    threads: 2,
    adapter: null,
    backendNote: { key: 'backendWasmRequested' },
    fromCache: false,
    loadMs: 1,
  });

let worker: FakeWorker;
beforeEach(() => {
  useAppStore.setState(initialState());
  vi.stubGlobal('location', { href: 'http://127.0.0.1:4173/' });
  worker = new FakeWorker();
  setEngineClient(
    new EngineClient(
      receiveEvent,
      () => undefined,
      () => worker,
    ),
  );
});
afterEach(() => {
  setEngineClient(null);
  vi.unstubAllGlobals();
});

describe('while a run is going', () => {
  it('a second Generate, Step or branch and another model change nothing of the run', async () => {
    const first = generate();
    worker.answer('load', ready('tiny-gpt2'));
    await flush();
    const run = activeRun(state())!;
    worker.answer('generate', (id) => ({ kind: 'step', id, record: record(1) }));
    expect(appStatus(state())).toBe('generating');

    chooseModel('Xenova/gpt2@hub');
    await generate();
    await stepOnce();
    await branchAt(1, 13);
    // Nothing was sent, no run was added, the worker keeps its model and the live run.
    expect(worker.sent.map((r) => r.kind)).toEqual(['load', 'generate']);
    expect(state().runs.map((r) => r.id)).toEqual([run.id]);
    expect(state().model.id).toBe('tiny-gpt2');

    worker.answer('generate', (id) => ({ kind: 'step', id, record: record(2) }));
    worker.answer('generate', (id) => ({ kind: 'done', id, reason: 'max_steps', steps: 2 }));
    await first;
    flushArrivedSteps();
    expect(activeRun(state())).toMatchObject({ modelId: 'tiny-gpt2', stopReason: 'max_steps' });
    expect(activeRun(state())!.steps.map((s) => s.step)).toEqual([1, 2]);

    // Once it is done, Generate takes the newly chosen model for a new run; the old one stays.
    const second = generate();
    expect(worker.sent.at(-1)).toMatchObject({ kind: 'load', model: { id: 'Xenova/gpt2@hub' } });
    worker.answer('load', ready('Xenova/gpt2@hub'));
    await flush();
    expect(worker.sent.at(-1)).toMatchObject({ kind: 'generate' });
    expect(state().runs.map((r) => r.modelId)).toEqual(['tiny-gpt2', 'Xenova/gpt2@hub']);
    worker.answer('generate', (id) => ({ kind: 'done', id, reason: 'max_steps', steps: 0 }));
    await second;
  });
});

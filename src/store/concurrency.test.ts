/** Presses that come while a run is going: a second Generate, another model, Step, Branch. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { activeRun, appStatus, initialState, useAppStore } from './appStore';
import { branchAt, generate, stepOnce } from './engineActions';
import { setEngineClient } from './engineConnection';
import { flushArrivedSteps } from './receiveEvent';
import { chooseModel } from './viewActions';
import { FakeWorker, flush, readyEvent, stepRecord, installFakeWorker } from './testing/fixtures';

const state = () => useAppStore.getState();

let worker: FakeWorker;
beforeEach(() => {
  useAppStore.setState(initialState());
  vi.stubGlobal('location', { href: 'http://127.0.0.1:4173/' });
  worker = installFakeWorker();
});
afterEach(() => {
  setEngineClient(null);
  vi.unstubAllGlobals();
});

describe('while a run is going', () => {
  it('a second Generate, Step or branch and another model change nothing of the run', async () => {
    const first = generate();
    worker.answer((id) => readyEvent(id, 'tiny-gpt2'), 'load');
    await flush();
    const run = activeRun(state())!;
    worker.answer((id) => ({ kind: 'step', id, record: stepRecord(1) }), 'generate');
    expect(appStatus(state())).toBe('generating');

    chooseModel('Xenova/gpt2@hub');
    await generate();
    await stepOnce();
    await branchAt(1, 13);
    // Nothing was sent, no run was added, the worker keeps its model and the live run.
    expect(worker.sent.map((r) => r.kind)).toEqual(['load', 'generate']);
    expect(state().runs.map((r) => r.id)).toEqual([run.id]);
    expect(state().model.id).toBe('tiny-gpt2');

    worker.answer((id) => ({ kind: 'step', id, record: stepRecord(2) }), 'generate');
    worker.answer((id) => ({ kind: 'done', id, reason: 'max_steps', steps: 2 }), 'generate');
    await first;
    flushArrivedSteps();
    expect(activeRun(state())).toMatchObject({ modelId: 'tiny-gpt2', stopReason: 'max_steps' });
    expect(activeRun(state())!.steps.map((s) => s.step)).toEqual([1, 2]);

    // Once it is done, Generate takes the newly chosen model for a new run; the old one stays.
    const second = generate();
    expect(worker.sent.at(-1)).toMatchObject({ kind: 'load', model: { id: 'Xenova/gpt2@hub' } });
    worker.answer((id) => readyEvent(id, 'Xenova/gpt2@hub'), 'load');
    await flush();
    expect(worker.sent.at(-1)).toMatchObject({ kind: 'generate' });
    expect(state().runs.map((r) => r.modelId)).toEqual(['tiny-gpt2', 'Xenova/gpt2@hub']);
    worker.answer((id) => ({ kind: 'done', id, reason: 'max_steps', steps: 0 }), 'generate');
    await second;
  });
});

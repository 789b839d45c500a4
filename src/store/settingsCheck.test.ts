import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initialState, useAppStore } from './appStore';
import { generate, stepOnce } from './engineActions';
import { setEngineClient } from './engineConnection';
import { installFakeWorker, type FakeWorker } from './testing/fixtures';
import { setSampling, setSteps } from './viewActions';

const state = () => useAppStore.getState();

describe('starting a run with settings out of range', () => {
  let worker: FakeWorker;

  beforeEach(() => {
    useAppStore.setState(initialState());
    worker = installFakeWorker();
  });

  afterEach(() => setEngineClient(null));

  it.each([
    ['temperature 50', () => setSampling({ strategy: 'sample', temperature: 50 })],
    ['top-k −3', () => setSampling({ strategy: 'sample', topK: -3 })],
    ['top-p 1.5', () => setSampling({ strategy: 'sample', topP: 1.5 })],
    ['an empty top-p', () => setSampling({ topP: Number.NaN })],
    ['2000 steps', () => setSteps(2000)],
  ])('with %s: nothing is sent to the worker and the reason is given', async (_, change) => {
    change();
    await generate();
    await stepOnce();
    expect(worker.sent).toEqual([]);
    expect(state().runs).toEqual([]);
    expect(state().error).toEqual({ code: 'bad_request', message: { key: 'settingsInvalid' } });
  });

  it('keeps the value as typed, so that the form can show it', () => {
    setSteps(2000);
    setSampling({ temperature: 50 });
    expect(state().settings.steps).toBe(2000);
    expect(state().settings.sampling.temperature).toBe(50);
  });
});

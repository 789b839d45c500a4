import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLING } from '../engine/sampling';
import { encodeText } from '../engine/tokenizer';
import { activeRun, initialState, useAppStore, type AppState } from './appStore';
import { branchAt, resume, stepOnce } from './engineActions';
import type { Run } from './run';
import { importRunFile } from './runFileActions';
import { exportRun } from './runFile';
import { runSettings, settingsDiffer } from './shownSettings';
import { flush, installFakeWorker, runRecord, stepRecord, withRun } from './testing/fixtures';
import { deleteRun, editPrompt, openRun, setCache, setSampling, setSteps } from './viewActions';
import { stubPage, unstubPage } from './testing/pageStubs';

const state = (): AppState => useAppStore.getState();
const SAMPLED = {
  strategy: 'sample',
  temperature: 0.7,
  topK: 40,
  topP: 0.9,
  minP: 0.1,
  seed: 7,
} as const;

/** A finished sampled run of "The cat sat" (its own prompt and settings), not yet active. */
const sampledRun = (): Run =>
  runRecord({
    id: 'run-b',
    prompt: 'The cat sat',
    promptIds: encodeText('The cat sat'),
    config: { maxSteps: 3, sampling: SAMPLED, candidateCount: 20 },
    steps: [1, 2, 3].map((n) => {
      const step = stepRecord(n);
      const chosen = { id: step.tokenId, token: step.token, logit: 1, prob: 0.5, probAtT1: 0.5 };
      return {
        ...step,
        contextLength: 2 + n,
        candidates: [{ ...chosen, cumulative: 0.5, eligible: true }],
      };
    }),
    stopReason: 'max_steps',
  });

beforeEach(() => {
  useAppStore.setState(initialState());
  stubPage();
});

afterEach(unstubPage);

describe('settingsDiffer', () => {
  it('is false without a run, and while the panel shows the run', () => {
    expect(settingsDiffer(state())).toBe(false);
    withRun();
    expect(settingsDiffer(state())).toBe(false);
  });

  it('is true once the model, the prompt or the strategy changes', () => {
    withRun();
    editPrompt('Once upon a time there');
    expect(settingsDiffer(state())).toBe(true);
    editPrompt('Once upon a time');
    setSampling({ strategy: 'sample' });
    expect(settingsDiffer(state())).toBe(true);
    setSampling({ strategy: 'greedy' });
    useAppStore.setState((s) => ({ settings: { ...s.settings, modelId: 'gpt2' } }));
    expect(settingsDiffer(state())).toBe(true);
  });

  it('ignores what greedy ignores, and the step budget', () => {
    withRun();
    setSampling({ temperature: 2, topK: 3, topP: 0.5, seed: 9 });
    setSteps(50);
    expect(settingsDiffer(state())).toBe(false);
  });

  it('compares temperature, top-k, top-p, min-p and seed of a sampled run', () => {
    withRun({ config: { maxSteps: 4, sampling: SAMPLED } });
    setSampling(SAMPLED);
    expect(settingsDiffer(state())).toBe(false);
    const changes = [{ temperature: 1 }, { topK: 0 }, { topP: 1 }, { minP: 0 }, { seed: 8 }];
    for (const change of changes) {
      setSampling({ ...SAMPLED, ...change });
      expect(settingsDiffer(state()), JSON.stringify(change)).toBe(true);
    }
  });

  it('is true once the cache mode changes, and a cache-off run shows with the cache off', () => {
    withRun();
    setCache(false);
    expect(settingsDiffer(state())).toBe(true);
    setCache(true);
    expect(settingsDiffer(state())).toBe(false);
    const plain = { ...sampledRun(), config: { ...sampledRun().config, cache: false } };
    useAppStore.setState((s) => ({ runs: [...s.runs, plain] }));
    openRun(plain.id);
    expect(state().settings.cache).toBe(false);
    expect(settingsDiffer(state())).toBe(false);
  });

  it('takes a prompt cut to its most recent tokens as the run’s own', () => {
    withRun({ prompt: ' upon a time' });
    editPrompt('Once upon a time');
    expect(settingsDiffer(state())).toBe(true);
    useAppStore.setState((s) => ({ settings: { ...s.settings, keepRecent: true } }));
    expect(settingsDiffer(state())).toBe(false);
  });
});

describe('the panel shows the run on screen', () => {
  it('selecting a run loads its prompt, model, steps and sampling', () => {
    withRun();
    useAppStore.setState((s) => ({ runs: [...s.runs, sampledRun()] }));
    openRun('run-b');
    expect(state().settings).toMatchObject({
      prompt: 'The cat sat',
      modelId: 'tiny-gpt2',
      steps: 3,
      sampling: SAMPLED,
    });
    expect(settingsDiffer(state())).toBe(false);
    openRun('run-a');
    expect(state().settings).toMatchObject({ ...runSettings(runRecord()), steps: 4 });
  });

  it('importing a run loads its settings', async () => {
    const file = new File([exportRun(sampledRun(), '0.1.0')], 'cat.json');
    expect(state().settings.sampling).toEqual(DEFAULT_SAMPLING);
    expect(await importRunFile(file)).toBe(true);
    expect(state().settings).toMatchObject({ prompt: 'The cat sat', steps: 3, sampling: SAMPLED });
    expect(settingsDiffer(state())).toBe(false);
  });

  it('deleting the shown run shows the newest other one, with its settings', () => {
    withRun();
    useAppStore.setState((s) => ({ runs: [sampledRun(), ...s.runs] }));
    deleteRun('run-a');
    expect(state().activeRunId).toBe('run-b');
    expect(state().settings.sampling).toEqual(SAMPLED);
  });
});

describe('Step and Continue after a change of settings', () => {
  it('Step with the shown run’s settings continues it', async () => {
    const worker = installFakeWorker();
    withRun({ steps: [stepRecord(1)] });
    setSteps(30); // a budget only
    const pending = stepOnce();
    expect(worker.sent).toEqual([expect.objectContaining({ kind: 'step', run: 1 })]);
    worker.answer((id) => ({ kind: 'paused', id, steps: 2 }));
    await pending;
    expect(state().runs).toHaveLength(1);
  });

  it('Step after a change starts a new run of one step from the panel', async () => {
    const worker = installFakeWorker();
    const old = withRun({ steps: [stepRecord(1)] });
    setSampling(SAMPLED);
    const pending = stepOnce();
    await flush();
    expect(worker.sent).toEqual([
      expect.objectContaining({
        kind: 'generate',
        run: 1,
        history: [],
        config: expect.objectContaining({ sampling: SAMPLED }),
      }),
    ]);
    expect(state().runs.map((r) => r.id)).toEqual([old.id, state().activeRunId]);
    expect(activeRun(state())!.config.sampling).toEqual(SAMPLED);
    expect(settingsDiffer(state())).toBe(false);
    worker.answer((id) => ({ kind: 'paused', id, steps: 1 }));
    await pending;
    // The old run is kept as it was.
    expect(state().runs[0].steps).toHaveLength(1);
  });

  it('Continue after a change does nothing: it would go on with the old settings', async () => {
    const worker = installFakeWorker();
    withRun({ steps: [stepRecord(1)] });
    editPrompt('Another prompt');
    await resume();
    expect(worker.sent).toEqual([]);
    editPrompt('Once upon a time');
    const pending = resume();
    expect(worker.sent).toEqual([expect.objectContaining({ kind: 'step', run: 'all' })]);
    worker.answer((id) => ({ kind: 'done', id, reason: 'max_steps', steps: 4 }));
    await pending;
  });

  it('Step after turning the cache off starts a new cache-off run', async () => {
    const worker = installFakeWorker();
    withRun({ steps: [stepRecord(1)] });
    setCache(false);
    const pending = stepOnce();
    await flush();
    expect(worker.sent).toEqual([
      expect.objectContaining({
        kind: 'generate',
        config: expect.objectContaining({ cache: false }),
      }),
    ]);
    expect(activeRun(state())!.config.cache).toBe(false);
    worker.answer((id) => ({ kind: 'paused', id, steps: 1 }));
    await pending;
  });

  it('a branch of a cache-off run stays cache-off', async () => {
    const worker = installFakeWorker();
    withRun({
      steps: [stepRecord(1), stepRecord(2)],
      config: { ...runRecord().config, cache: false },
    });
    const pending = branchAt(2, 13);
    await flush();
    expect(worker.sent).toEqual([
      expect.objectContaining({
        kind: 'generate',
        config: expect.objectContaining({ cache: false }),
      }),
    ]);
    expect(state().settings.cache).toBe(false);
    worker.answer((id) => ({ kind: 'done', id, reason: 'max_steps', steps: 4 }), 'generate');
    await pending;
  });

  it('a branch is shown with its settings: its parent’s', async () => {
    const worker = installFakeWorker();
    withRun({ steps: [stepRecord(1), stepRecord(2)] });
    editPrompt('Edited but not run');
    const pending = branchAt(2, 13);
    expect(state().settings.prompt).toBe('Once upon a time');
    expect(settingsDiffer(state())).toBe(false);
    await flush();
    worker.answer((id) => ({ kind: 'done', id, reason: 'max_steps', steps: 4 }), 'generate');
    await pending;
  });
});

import { encodeText } from '../engine/tokenizer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activeRun, compareRun, initialState, useAppStore } from './appStore';
import { canRerunWithoutCache, rerunWithoutCache } from './cacheActions';
import { settingsDiffer } from './shownSettings';
import { flush, installFakeWorker, runRecord, stepRecord, withRun } from './testing/fixtures';
import { stubPage, unstubPage } from './testing/pageStubs';

const state = () => useAppStore.getState();
const SAMPLED = { strategy: 'sample', temperature: 0.8, topK: 0, topP: 1, seed: 5 } as const;

beforeEach(() => {
  useAppStore.setState(initialState());
  stubPage();
});

afterEach(unstubPage);

describe('Run the same without the cache', () => {
  it('makes the cache-off twin of the shown run, with its steps, and compares the two', async () => {
    const worker = installFakeWorker();
    const original = withRun({
      prompt: 'The cat',
      promptIds: encodeText('The cat'),
      config: { maxSteps: 30, sampling: SAMPLED, candidateCount: 20 },
      steps: [1, 2, 3].map(stepRecord),
    });
    // The form shows other settings: the twin still has the run's own.
    useAppStore.setState((s) => ({ settings: { ...s.settings, prompt: 'Else', steps: 9 } }));
    const pending = rerunWithoutCache();
    await flush();
    expect(worker.sent).toEqual([
      expect.objectContaining({
        kind: 'generate',
        promptIds: original.promptIds,
        history: [],
        config: { maxSteps: 3, sampling: SAMPLED, candidateCount: 20, cache: false },
      }),
    ]);
    const twin = activeRun(state())!;
    expect(twin.id).not.toBe(original.id);
    expect(compareRun(state())?.id).toBe(original.id);
    expect(state().settings).toMatchObject({ prompt: 'The cat', steps: 3, cache: false });
    expect(settingsDiffer(state())).toBe(false);
    worker.answer((id) => ({ kind: 'done', id, reason: 'max_steps', steps: 3 }), 'generate');
    await pending;
  });

  it('is not offered for a run without the cache, an empty run, or while busy', async () => {
    const worker = installFakeWorker();
    withRun({ steps: [stepRecord(1)], config: { ...runRecord().config, cache: false } });
    expect(canRerunWithoutCache()).toBe(false);
    withRun({ steps: [] });
    expect(canRerunWithoutCache()).toBe(false);
    withRun({ steps: [stepRecord(1)] }, { busy: true });
    expect(canRerunWithoutCache()).toBe(false);
    await rerunWithoutCache();
    expect(worker.sent).toEqual([]);
    withRun({ steps: [stepRecord(1)] });
    expect(canRerunWithoutCache()).toBe(true);
  });
});

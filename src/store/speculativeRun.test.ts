/**
 * Run on the page with speculative decoding chosen: the request the worker gets carries the
 * form's sampling (temperature and seed) or none, and the draft a run is allowed (pickDraft);
 * a draft found to have another vocabulary once the model is loaded is refused before any
 * strategy request, with the run's problem saying so.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initialState, useAppStore } from './appStore';
import { setEngineClient } from './engineConnection';
import { runStrategy } from './strategyActions';
import { initialStrategyState, useStrategyStore } from './strategyStore';
import { FakeWorker, flush, installFakeWorker, readyEvent } from './testing/fixtures';

let worker: FakeWorker;

/** The form on `modelId` with `sampling` changes, speculative decoding chosen with `draft`. */
function form(modelId: string, sampling: object, draft = ''): void {
  useAppStore.setState((s) => ({
    settings: { ...s.settings, modelId, sampling: { ...s.settings.sampling, ...sampling } },
  }));
  useStrategyStore.setState({ choice: 'speculative', k: 3, draft });
}

/** Runs, answering the model's load with `vocab` tokens; what the worker was sent. */
async function run(modelId: string, vocab: number) {
  // The run then waits for the worker's strategy events, which these tests do not need.
  void runStrategy();
  await flush();
  const ready = readyEvent(0, modelId);
  worker.answer((id) => ({ ...ready, id, shape: { ...ready.shape, vocab } }), 'load');
  await flush();
  return { strategy: worker.sent.find((r) => r.kind === 'strategy') };
}

beforeEach(() => {
  useAppStore.setState(initialState());
  useStrategyStore.setState(initialStrategyState(''));
  vi.stubGlobal('location', { href: 'http://127.0.0.1:4173/', search: '' });
  worker = installFakeWorker();
});
afterEach(() => {
  setEngineClient(null);
  vi.unstubAllGlobals();
});

describe('a speculative run from the page', () => {
  it('samples with the form’s temperature and seed', async () => {
    form('tiny-gpt2', { strategy: 'sample', temperature: 0.8, seed: 9, topK: 40 });
    const { strategy } = await run('tiny-gpt2', 50257);
    expect(strategy).toMatchObject({
      kind: 'strategy',
      settings: {
        strategy: 'speculative',
        k: 3,
        draft: { id: 'tiny-gpt2-draft' },
        sampling: { temperature: 0.8, seed: 9 },
      },
    });
  });

  it('is greedy when the form is, or samples at temperature 0', async () => {
    form('tiny-gpt2', { strategy: 'sample', temperature: 0 });
    const { strategy } = await run('tiny-gpt2', 50257);
    expect(strategy?.kind === 'strategy' && strategy.settings).toMatchObject({
      strategy: 'speculative',
    });
    expect(strategy?.kind === 'strategy' && 'sampling' in strategy.settings).toBe(false);
  });

  it('refuses a draft of another vocabulary once the model shows its own', async () => {
    // Not known before loading: the run starts, the loaded model tells 32 000 tokens.
    form('someone/llama@hub', {}, 'tiny-gpt2-draft');
    const { strategy } = await run('someone/llama@hub', 32000);
    expect(strategy).toBeUndefined();
    expect(useStrategyStore.getState().run).toMatchObject({
      status: 'failed',
      problem: { kind: 'draft_misfit', draft: 'tiny-gpt2-draft', vocab: 32000 },
    });
  });

  it('sends nothing for a model with no known draft and none chosen', async () => {
    form('someone/llama@hub', {});
    await runStrategy();
    expect(worker.sent).toEqual([]);
    expect(useStrategyStore.getState().run).toBeNull();
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { initialState, useAppStore, type AppState } from './appStore';
import { sharedSettings, shareUrl } from './shareLink';
import type { SavedStrategy } from './strategySaved';
import { runRecord, stepRecord } from './testing/fixtures';
import { parseUrlParams } from './urlParams';

const PAGE = 'https://example.org/stepwise/?model=gpt2#x';

/** The strategy settings with the chain chosen (the defaults). */
const CHAIN: SavedStrategy = {
  choice: 'chain',
  beams: 3,
  lengthPenalty: 1,
  window: 4,
  lookup: false,
  k: 4,
  draft: '',
};

/** The share link of `state` with the strategy settings `strategy`. */
const link = (state: AppState, strategy = CHAIN) => shareUrl(sharedSettings(state, strategy), PAGE);

/** The settings a share link of `state` carries, read back as the app reads a link. */
const linked = (state: AppState, strategy = CHAIN) =>
  parseUrlParams(new URL(link(state, strategy)).search).overrides;

describe('the share link', () => {
  beforeEach(() => useAppStore.setState(initialState()));

  it('carries the form’s settings when no run is shown', () => {
    const state = {
      ...initialState(),
      settings: { ...initialState().settings, prompt: 'The cat', steps: 7 },
    };
    expect(linked(state)).toMatchObject({ prompt: 'The cat', steps: 7, strategy: 'greedy' });
  });

  it('carries the shown run’s settings, not the form’s', () => {
    const sampling = {
      strategy: 'sample',
      temperature: 0.7,
      topK: 5,
      topP: 0.9,
      minP: 0.2,
      seed: 7,
    } as const;
    const run = runRecord({
      modelId: 'gpt2:q8',
      prompt: 'Once upon a time',
      config: { maxSteps: 8, sampling, candidateCount: 20 },
      steps: [1, 2, 3, 4, 5, 6, 7, 8].map((n) => stepRecord(n)),
      stopReason: 'max_steps',
    });
    const state: AppState = {
      ...initialState(),
      runs: [run],
      activeRunId: run.id,
      // The form was edited since: the link still makes the run on screen.
      settings: { ...initialState().settings, prompt: 'Something else', steps: 20, lang: 'zh-CN' },
    };
    expect(linked(state)).toEqual({
      autoplay: false,
      modelId: 'gpt2:q8',
      prompt: 'Once upon a time',
      steps: 8,
      strategy: 'sample',
      temperature: 0.7,
      topK: 5,
      topP: 0.9,
      minP: 0.2,
      seed: 7,
      lang: 'zh-CN',
    });
  });

  it('carries cache=0 for a run without the KV cache, and nothing for one with it', () => {
    const plain = runRecord({ config: { ...runRecord().config, cache: false } });
    const state: AppState = { ...initialState(), runs: [plain], activeRunId: plain.id };
    expect(linked(state).cache).toBe(false);
    expect(link(state)).toContain('cache=0');
    const cached = runRecord();
    const other: AppState = { ...initialState(), runs: [cached], activeRunId: cached.id };
    expect(link(other)).not.toContain('cache=');
  });

  it('a run cut short by Stop is linked with the steps it holds', () => {
    const run = runRecord({ steps: [stepRecord(1), stepRecord(2)], stopReason: null });
    const state: AppState = { ...initialState(), runs: [run], activeRunId: run.id };
    expect(run.config.maxSteps).toBe(4);
    expect(linked(state).steps).toBe(2);
  });

  it('a run still being generated is linked with the steps it was asked for', () => {
    const run = runRecord({ steps: [stepRecord(1)], stopReason: null });
    const state: AppState = {
      ...initialState(),
      runs: [run],
      activeRunId: run.id,
      live: { runId: run.id, requestId: 1, busy: true },
    };
    expect(linked(state).steps).toBe(4);
  });

  it('carries the chosen strategy and the settings it reads, and no other strategy’s', () => {
    const state = initialState();
    const beam = { ...CHAIN, choice: 'beam', beams: 5, lengthPenalty: 0.5, window: 2 } as const;
    expect(linked(state, beam)).toMatchObject({ decoding: 'beam', beams: 5, lengthPenalty: 0.5 });
    expect(link(state, beam)).not.toMatch(/window=|k=|draft=/);
    const jacobi = { ...CHAIN, choice: 'jacobi', window: 6 } as const;
    expect(linked(state, jacobi)).toMatchObject({ decoding: 'jacobi', window: 6 });
    expect(link(state, jacobi)).not.toMatch(/beams=|lengthPenalty=/);
    // Jacobi's prompt lookup goes both ways: on, and off (so a link overrides a saved choice).
    expect(linked(state, { ...jacobi, lookup: true })).toMatchObject({ window: 6, lookup: true });
    expect(linked(state, jacobi)).toMatchObject({ lookup: false });
    expect(link(state, { ...CHAIN, lookup: true })).not.toContain('lookup=');
    const spec = { ...CHAIN, choice: 'speculative', k: 2, draft: 'Xenova/distilgpt2@hub' } as const;
    expect(linked(state, spec)).toMatchObject({
      decoding: 'speculative',
      k: 2,
      draft: 'Xenova/distilgpt2@hub',
    });
    // The model's usual draft is no setting of the link: the opened page picks its own.
    expect(link(state, { ...spec, draft: '' })).not.toContain('draft=');
    // The chain: `strategy` is its greedy or sampling, and no strategy settings.
    expect(linked(state)).toMatchObject({ strategy: 'greedy' });
    expect(link(state)).not.toMatch(/beams=|window=|k=|draft=/);
  });
});

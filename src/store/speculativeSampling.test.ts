import { describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLING, type SamplingParams } from '../engine/sampling';
import { initialState, type AppState } from './appStore';
import { sharedSettings, shareUrl } from './shareLink';
import { speculativeSampling, unappliedCutoffs } from './speculativeSampling';
import type { SavedStrategy } from './strategySaved';
import { runRecord, stepRecord } from './testing/fixtures';
import { parseUrlParams } from './urlParams';

const SAMPLE: SamplingParams = {
  strategy: 'sample',
  temperature: 0.8,
  topK: 0,
  topP: 1,
  minP: 0,
  seed: 9,
};

const SPECULATIVE: SavedStrategy = {
  choice: 'speculative',
  beams: 3,
  lengthPenalty: 1,
  window: 4,
  lookup: false,
  k: 3,
  draft: '',
};

const withForm = (sampling: SamplingParams): AppState => ({
  ...initialState(),
  settings: { ...initialState().settings, sampling },
});

/** The settings a share link of `state` gives back, read as the app reads a link. */
const linked = (state: AppState) =>
  parseUrlParams(
    new URL(shareUrl(sharedSettings(state, SPECULATIVE), 'https://example.org/')).search,
  ).overrides;

describe('speculative sampling from the form', () => {
  it('samples at the form’s temperature and seed, and is greedy otherwise', () => {
    expect(speculativeSampling(SAMPLE)).toEqual({ temperature: 0.8, seed: 9 });
    expect(speculativeSampling(DEFAULT_SAMPLING)).toBeUndefined();
    // Temperature 0 is greedy, as for the chain.
    expect(speculativeSampling({ ...SAMPLE, temperature: 0 })).toBeUndefined();
  });

  it('names the cut-offs the acceptance rule does not apply, only while sampling', () => {
    expect(unappliedCutoffs(SAMPLE)).toEqual([]);
    expect(unappliedCutoffs({ ...SAMPLE, topK: 40, minP: 0.1 })).toEqual(['topK', 'minP']);
    expect(unappliedCutoffs({ ...SAMPLE, topP: 0.9 })).toEqual(['topP']);
    expect(unappliedCutoffs({ ...SAMPLE, strategy: 'greedy', topK: 40 })).toEqual([]);
  });

  it('goes through the share link: sampling with its temperature and seed, or greedy', () => {
    expect(linked(withForm(SAMPLE))).toMatchObject({
      decoding: 'speculative',
      strategy: 'sample',
      temperature: 0.8,
      seed: 9,
      k: 3,
    });
    expect(linked(withForm(DEFAULT_SAMPLING))).toMatchObject({
      decoding: 'speculative',
      strategy: 'greedy',
    });
    expect(linked(withForm(DEFAULT_SAMPLING)).temperature).toBeUndefined();
  });

  it('carries the form’s sampling even while a greedy chain run is on screen', () => {
    const run = runRecord({
      modelId: 'tiny-gpt2',
      prompt: 'Once upon a time',
      config: { maxSteps: 2, sampling: DEFAULT_SAMPLING, candidateCount: 20 },
      steps: [stepRecord(1), stepRecord(2)],
      stopReason: 'max_steps',
    });
    const state: AppState = { ...withForm(SAMPLE), runs: [run], activeRunId: run.id };
    expect(linked(state)).toMatchObject({ strategy: 'sample', temperature: 0.8, seed: 9 });
  });
});

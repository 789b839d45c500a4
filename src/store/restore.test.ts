import { describe, expect, it } from 'vitest';
import { Generation, runToEnd } from '../engine/generation';
import { DEFAULT_SAMPLING } from '../engine/sampling';
import { encodeText } from '../engine/tokenizer';
import { translateMessage } from '../i18n';
import { loadNodeModel } from '../../scripts/nodeModel';
import { initialState } from './appStore';
import { checkSavedRun, restoreState } from './restore';
import type { Run } from './run';

async function recordedRun(): Promise<Run> {
  const { decoder } = await loadNodeModel('public/models/tiny-gpt2');
  const promptIds = encodeText('Once upon a time');
  const config = { maxSteps: 3, sampling: DEFAULT_SAMPLING, candidateCount: 20 };
  const generation = await Generation.start(decoder, promptIds, config);
  const reason = await runToEnd(generation, () => undefined);
  return {
    id: 'run-saved-1',
    createdAt: 1_700_000_000_000,
    modelId: 'tiny-gpt2',
    backend: 'wasm',
    prompt: 'Once upon a time',
    promptIds,
    config,
    steps: generation.steps,
    stopReason: reason,
    prefillMs: 3,
    parent: null,
    imported: false,
  };
}

describe('restoring saved state', () => {
  it('keeps valid runs with their own id, and the settings', async () => {
    const run = await recordedRun();
    const saved = {
      settings: { ...initialState().settings, prompt: 'Hello', steps: 7 },
      runs: [run],
      activeRunId: run.id,
      compareRunId: null,
    };
    const state = restoreState(JSON.parse(JSON.stringify(saved)), initialState());
    expect(state.runs).toHaveLength(1);
    expect(state.runs[0].id).toBe(run.id);
    expect(state.runs[0].steps.map((s) => s.tokenId)).toEqual(run.steps.map((s) => s.tokenId));
    expect(state.activeRunId).toBe(run.id);
    expect(state.settings.prompt).toBe('Hello');
    expect(state.settings.steps).toBe(7);
    expect(state.notices).toEqual([]);
  });

  it('sets damaged runs aside with a notice and keeps the rest', async () => {
    const run = await recordedRun();
    const damaged = { ...run, id: 'run-bad', steps: [{ step: 5, tokenId: 'x' }] };
    const state = restoreState(
      { runs: [damaged, run, 42], activeRunId: 'run-bad' },
      initialState(),
    );
    expect(state.runs.map((r) => r.id)).toEqual([run.id]);
    expect(state.activeRunId).toBeNull();
    expect(state.notices).toEqual([{ key: 'noticeRunsSetAside', params: { n: 2 } }]);
    expect(translateMessage('en', state.notices[0])).toMatch(/2 saved run\(s\) could not be read/);
    expect(translateMessage('zh-CN', state.notices[0])).toMatch(/有 2 条保存的生成记录无法读取/);
  });

  it('falls back on defaults for garbage and for damaged settings fields', () => {
    expect(restoreState('garbage', initialState())).toEqual(initialState());
    const state = restoreState(
      { settings: { steps: 'many', prompt: 3, speed: Number.NaN, sampling: { topK: 5 } } },
      initialState(),
    );
    expect(state.settings.steps).toBe(initialState().settings.steps);
    expect(state.settings.prompt).toBe(initialState().settings.prompt);
    expect(state.settings.speed).toBe(initialState().settings.speed);
    expect(state.settings.sampling.topK).toBe(5);
    expect(checkSavedRun(null)).toBeNull();
  });

  it('keeps saved settings only within the table of limits', () => {
    const defaults = initialState().settings;
    const state = restoreState(
      {
        settings: {
          steps: 5000,
          modelId: '../x',
          ep: 'cuda',
          lang: 'fr',
          speed: 0,
          sampling: { strategy: 'beam', temperature: 50, topK: 5, topP: 0, seed: -1 },
        },
      },
      initialState(),
    );
    expect(state.settings).toStrictEqual({
      ...defaults,
      sampling: { ...defaults.sampling, topK: 5 },
    });
  });

  it('reads a saved run as it is stored: nothing rounded, own fields only', async () => {
    const run = await recordedRun();
    // Full float64 probabilities and timings, as the engine made them.
    expect(run.steps.some((s) => s.chosenProb !== Math.fround(s.chosenProb))).toBe(true);
    expect(checkSavedRun(run)).toStrictEqual(run);
    expect(checkSavedRun({ ...run, imported: true, createdAt: 'yesterday' })).toMatchObject({
      id: run.id,
      imported: true,
    });
    const inherited: object = Object.assign(Object.create(run), { id: 'run-inherited' });
    expect(checkSavedRun(inherited)).toBeNull();
    expect(checkSavedRun({ ...run, id: 42 })).toBeNull();
  });
});

/**
 * Importing a strategy run file from the page's import control: the run is shown with its
 * strategy's settings in the form, without a model; a bad file changes nothing and says why.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initialState, useAppStore } from './appStore';
import { exportStrategyRun } from './strategyFile';
import { importStrategyText } from './strategyFileActions';
import { realRuns, type RealRuns } from './strategyFileRuns';
import { initialStrategyState, useStrategyStore } from './strategyStore';

let runs: RealRuns;
beforeAll(async () => {
  runs = await realRuns();
}, 60_000);

beforeEach(() => {
  useAppStore.setState(initialState());
  useStrategyStore.setState(initialStrategyState(''));
});

describe('importing a strategy run file', () => {
  it('shows the run with its settings in the form, and says it was imported', () => {
    expect(importStrategyText('spec.json', exportStrategyRun(runs.speculative, '0.1.0'))).toBe(
      true,
    );
    const state = useStrategyStore.getState();
    expect(state.run).toEqual(runs.speculative);
    // tiny-gpt2-draft is tiny-gpt2's usual draft: the form's empty choice.
    expect(state).toMatchObject({ choice: 'speculative', k: 3, draft: '' });
    expect(useAppStore.getState().notices.at(-1)).toEqual({
      key: 'imported',
      params: { file: 'spec.json' },
    });
    expect(useAppStore.getState().model.status).toBe('none'); // no model was asked for
  });

  it('refuses a bad file, keeps the run on screen and the settings, and says why', () => {
    importStrategyText('jacobi.json', exportStrategyRun(runs.jacobi, '0.1.0'));
    const before = useStrategyStore.getState();
    const text = exportStrategyRun(runs.beam, '0.1.0').replace('"beams":3', '"beams":30');
    expect(text).toContain('"beams":30');
    expect(importStrategyText('beam.json', text)).toBe(false);
    expect(useStrategyStore.getState()).toEqual(before);
    expect(useAppStore.getState().error).toMatchObject({
      message: { key: 'importFailed', params: { file: 'beam.json' } },
    });
  });
});

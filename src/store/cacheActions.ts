/**
 * "Run the same without the cache": the twin of the run on screen made without the KV cache, so
 * that the cost of the plain loop is one click away. The twin has the run's prompt and settings;
 * the original becomes the comparison, where the two runs' model times are set side by side.
 */
import { activeRun, useAppStore } from './appStore';
import { generate } from './engineActions';
import { withRunSettings } from './shownSettings';

const { getState, setState } = useAppStore;

/** Whether the run on screen can get a cache-off twin now: made with the cache, nothing running. */
export function canRerunWithoutCache(): boolean {
  const state = getState();
  const run = activeRun(state);
  return (
    run !== null &&
    run.config.cache !== false &&
    run.steps.length > 0 &&
    !state.live.busy &&
    state.model.status !== 'loading'
  );
}

/**
 * Generates the cache-off twin of the run on screen: its prompt, sampling and as many steps as it
 * holds (a run cut short by Stop included), so the same seed gives the same tokens.
 */
export async function rerunWithoutCache(): Promise<void> {
  if (!canRerunWithoutCache()) return;
  const run = activeRun(getState())!;
  setState((s) => ({
    settings: { ...withRunSettings(s.settings, run), steps: run.steps.length, cache: false },
    compareRunId: run.id,
  }));
  // A twin that never started (its model failed to load) leaves the list, and with it the
  // comparison (runRemoval.ts).
  await generate();
}

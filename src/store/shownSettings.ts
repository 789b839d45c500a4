/**
 * The settings panel against the run on screen. Selecting, importing or branching a run loads
 * the settings it was made with into the panel; once the user changes them, the panel no longer
 * describes the run on screen: the next Generate or Step starts a new run from the panel, and
 * Continue (which could only go on with the old settings) waits.
 */
import type { SamplingParams } from '../engine/sampling';
import { activeRun } from './appStore';
import type { Run } from './run';
import type { AppState, Settings } from './stateTypes';

/** The panel's fields that a run records. */
export type RunSettings = Pick<Settings, 'modelId' | 'prompt' | 'steps' | 'sampling' | 'cache'>;

/** The settings `run` was made with, as the panel shows them. */
export const runSettings = (run: Run): RunSettings => ({
  modelId: run.modelId,
  prompt: run.prompt,
  steps: run.config.maxSteps,
  sampling: { ...run.config.sampling },
  cache: run.config.cache !== false,
});

/** `settings` showing `run`: its model, prompt, step budget, sampling and cache mode. */
export const withRunSettings = (settings: Settings, run: Run): Settings => ({
  ...settings,
  ...runSettings(run),
});

/** Whether two samplings choose tokens alike: greedy ignores temperature, the cut-offs and seed. */
function sameSampling(a: SamplingParams, b: SamplingParams): boolean {
  if (a.strategy !== b.strategy) return false;
  if (a.strategy === 'greedy') return true;
  return (
    a.temperature === b.temperature &&
    a.topK === b.topK &&
    a.topP === b.topP &&
    (a.minP ?? 0) === (b.minP ?? 0) &&
    a.seed === b.seed
  );
}

/**
 * Whether the prompt typed is the run's: the same text, or — with "keep only the most recent
 * tokens" on — a longer text that the run kept the end of.
 */
function samePrompt(settings: Settings, run: Run): boolean {
  if (settings.prompt === run.prompt) return true;
  return settings.keepRecent && settings.prompt.endsWith(run.prompt);
}

/**
 * True when the panel's settings differ from the run on screen in what makes a run (model,
 * prompt, sampling, cache mode): the next Generate or Step starts a new run. The step count is a budget, not
 * part of what the run is: changing it alone leaves Step and Continue with the shown run.
 */
export function settingsDiffer(state: AppState): boolean {
  const run = activeRun(state);
  if (!run) return false;
  const { settings } = state;
  return (
    settings.modelId !== run.modelId ||
    !samePrompt(settings, run) ||
    !sameSampling(settings.sampling, run.config.sampling) ||
    settings.cache !== (run.config.cache !== false)
  );
}

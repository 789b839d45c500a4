/**
 * A link that opens the app set up to make the run on screen again (the URL parameters are a
 * public interface): that run's model, prompt, sampling and step count; the form's settings when
 * no run is shown.
 */
import { LIMITS } from '../engine/limits';
import type { SamplingParams } from '../engine/sampling';
import { activeRun, generatingActive, type AppState } from './appStore';
import type { Language } from './urlParams';

/** What a share link carries. */
export interface SharedSettings {
  modelId: string;
  prompt: string;
  steps: number;
  sampling: SamplingParams;
  lang: Language;
  /** False: the run reads the whole sequence every step, without the KV cache. */
  cache: boolean;
}

/**
 * The shown run's settings. Its step count is the steps it holds, so that Generate on the link
 * makes the same tokens (the same seed draws the same ones), a run cut short by Stop included;
 * while it is still being generated, the steps it was asked for. A forced token (a branch) is not
 * a setting: the link makes the run as the model would have.
 */
export function sharedSettings(state: AppState): SharedSettings {
  const run = activeRun(state);
  const { modelId, prompt, steps, sampling, lang, cache } = state.settings;
  if (!run) return { modelId, prompt, steps, sampling, lang, cache };
  const recorded = run.steps.length;
  const asked = generatingActive(state) || recorded === 0 ? run.config.maxSteps : recorded;
  const { min, max } = LIMITS.steps;
  return {
    modelId: run.modelId,
    prompt: run.prompt,
    steps: Math.min(Math.max(asked, min), max),
    sampling: run.config.sampling,
    lang,
    cache: run.config.cache !== false,
  };
}

export function shareUrl(shared: SharedSettings, pageUrl: string): string {
  const url = new URL(pageUrl);
  const { sampling } = shared;
  const params = new URLSearchParams({
    model: shared.modelId,
    prompt: shared.prompt,
    steps: `${shared.steps}`,
    strategy: sampling.strategy,
  });
  if (sampling.strategy === 'sample') {
    params.set('temperature', `${sampling.temperature}`);
    params.set('topK', `${sampling.topK}`);
    params.set('topP', `${sampling.topP}`);
    params.set('minP', `${sampling.minP ?? 0}`);
    params.set('seed', `${sampling.seed}`);
  }
  if (!shared.cache) params.set('cache', '0');
  params.set('lang', shared.lang);
  url.search = params.toString();
  url.hash = '';
  return url.href;
}

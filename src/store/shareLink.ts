/**
 * A link that opens the app set up to make the run on screen again (the URL parameters are a
 * public interface): that run's model, prompt, sampling and step count; the form's settings when
 * no run is shown; and the chosen strategy (beam search, Jacobi or speculative decoding) with its
 * settings.
 */
import { useChatStore } from './chatPrompt';
import { vocabularyOf } from './vocabularies';
import { LIMITS } from '../engine/limits';
import type { SamplingParams } from '../engine/sampling';
import { activeRun, generatingActive, type AppState } from './appStore';
import type { SavedStrategy } from './strategySaved';
import type { Language } from './urlParams';

/** The strategy a link chooses instead of the chain, with the settings that strategy reads. */
export type SharedDecoding =
  | { strategy: 'beam'; beams: number; lengthPenalty: number }
  /** `lookup`: guesses by prompt lookup, in the link as `lookup=1` (`0`: a repeated token). */
  | { strategy: 'jacobi'; window: number; lookup: boolean }
  /** `draft` empty: the model's usual draft, left out of the link. */
  | { strategy: 'speculative'; k: number; draft: string };

/** What a share link carries. */
export interface SharedSettings {
  modelId: string;
  prompt: string;
  steps: number;
  sampling: SamplingParams;
  lang: Language;
  /** False: the run reads the whole sequence every step, without the KV cache. */
  cache: boolean;
  /** The strategy chosen in the form; null: the chain of single steps. */
  decoding: SharedDecoding | null;
}

/** The form's strategy choice as a link carries it; null for the chain. */
export function sharedDecoding(s: SavedStrategy): SharedDecoding | null {
  switch (s.choice) {
    case 'beam':
      return { strategy: 'beam', beams: s.beams, lengthPenalty: s.lengthPenalty };
    case 'jacobi':
      return { strategy: 'jacobi', window: s.window, lookup: s.lookup };
    case 'speculative':
      return { strategy: 'speculative', k: s.k, draft: s.draft };
    default:
      return null;
  }
}

/**
 * The shown run's settings. Its step count is the steps it holds, so that Generate on the link
 * makes the same tokens (the same seed draws the same ones), a run cut short by Stop included;
 * while it is still being generated, the steps it was asked for. A forced token (a branch) is not
 * a setting: the link makes the run as the model would have.
 */
export function sharedSettings(state: AppState, strategy: SavedStrategy): SharedSettings {
  const run = activeRun(state);
  const { modelId, prompt, steps, sampling, lang, cache } = state.settings;
  const decoding = sharedDecoding(strategy);
  if (!run) return { modelId, prompt, steps, sampling, lang, cache, decoding };
  const recorded = run.steps.length;
  const asked = generatingActive(state) || recorded === 0 ? run.config.maxSteps : recorded;
  const { min, max } = LIMITS.steps;
  return {
    modelId: run.modelId,
    prompt: run.prompt,
    steps: Math.min(Math.max(asked, min), max),
    // Speculative decoding samples as the form does (greedy, or its temperature and seed).
    sampling: decoding?.strategy === 'speculative' ? sampling : run.config.sampling,
    lang,
    cache: run.config.cache !== false,
    decoding,
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
  // Only where it changes anything: a chat model's prompt sent without its template.
  if (!useChatStore.getState().chat && vocabularyOf(shared.modelId).chatTemplate) {
    params.set('chat', '0');
  }
  setDecoding(params, shared.decoding);
  params.set('lang', shared.lang);
  url.search = params.toString();
  url.hash = '';
  return url.href;
}

/**
 * A chosen strategy takes `strategy` (the chain's greedy or sampling is then not in the link; its
 * temperature and other settings still are) and adds the settings it reads.
 */
function setDecoding(params: URLSearchParams, decoding: SharedDecoding | null): void {
  if (!decoding) return;
  params.set('strategy', decoding.strategy);
  if (decoding.strategy === 'beam') {
    params.set('beams', `${decoding.beams}`);
    params.set('lengthPenalty', `${decoding.lengthPenalty}`);
  } else if (decoding.strategy === 'jacobi') {
    params.set('window', `${decoding.window}`);
    params.set('lookup', decoding.lookup ? '1' : '0');
  } else {
    params.set('k', `${decoding.k}`);
    if (decoding.draft) params.set('draft', decoding.draft);
  }
}

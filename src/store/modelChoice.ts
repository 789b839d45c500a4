/**
 * Trying a model that is not at hand yet — a download, or files the user picked — without losing
 * the one that works. The selection changes only once the new model has loaded: a failed download
 * (offline, the Hub blocked) leaves the previous model selected, saved and ready to generate, and
 * the error says what to do next.
 */
import { message, type Message } from '../i18n/message';
import { useAppStore } from './appStore';
import { loadModel } from './engineActions';
import { currentSource, sourceName } from './modelSource';

const { getState, setState } = useAppStore;

/** Selects a model that has just loaded and counts it as at hand (the download offer goes). */
function adopt(modelId: string): void {
  setState((s) => ({
    settings: { ...s.settings, modelId },
    availability: s.availability.ready.includes(modelId)
      ? s.availability
      : { ...s.availability, ready: [...s.availability.ready, modelId] },
  }));
}

/**
 * Loads `modelId` and selects it once it is ready. On failure the selection stays as it was and
 * the worker's error is restated by `failure` (its detail kept); a Stop is no failure. Resolves
 * whether the model is now selected.
 */
export async function tryModel(
  modelId: string,
  failure: (previous: string) => Message,
): Promise<boolean> {
  const previous = getState().settings.modelId;
  if (await loadModel(modelId)) {
    adopt(modelId);
    return true;
  }
  const { error } = getState();
  if (error && error.code !== 'bad_request')
    setState({ error: { ...error, message: failure(previous) } });
  return false;
}

/** "Download GPT-2": from the chosen source; a failure names it and suggests the others. */
export function downloadModel(modelId: string): Promise<boolean> {
  const source = sourceName(currentSource());
  return tryModel(modelId, (previous) => message('downloadFailed', { source, previous }));
}

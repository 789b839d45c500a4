/** Export, import and share: how a recorded run leaves one browser and arrives in another. */
import { activeRun, useAppStore } from './appStore';
import { exportRun, runFileName } from './runFile';
import { downloadJson } from './downloadJson';
import { badRequest } from './faults';
import { MAX_RUN_FILE_BYTES, parseRunFile } from './runFileParse';
import { isObj } from './stepChunks';
import { findVocabulary } from './vocabularies';
import { withRunSettings } from './shownSettings';
import { sharedSettings, shareUrl } from './shareLink';
import { useStrategyStore } from './strategyStore';
import { importStrategyText } from './strategyFileActions';
import { isStrategyFileText } from './strategyFileParse';
import { message } from '../i18n/message';

const { getState, setState } = useAppStore;
export const APP_VERSION = '0.1.0';

/** The active run as a JSON file download. */
export function exportActiveRun(): void {
  const run = activeRun(getState());
  if (!run) return;
  downloadJson(exportRun(run, APP_VERSION), runFileName(run));
}

/** The model id a run file names, or null (parseRunFile says what is wrong with the file). */
function fileModelId(text: string): string | null {
  if (text.length > MAX_RUN_FILE_BYTES) return null; // refused unread by parseRunFile
  try {
    const json: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    const run: unknown = isObj(json) ? json.run : undefined;
    return isObj(run) && typeof run.modelId === 'string' ? run.modelId : null;
  } catch {
    return null;
  }
}

/**
 * Adds a run from a file and shows it, with its settings in the panel (a strategy run: in the
 * strategy panel); a file that is not a valid run changes nothing and says why.
 */
export async function importRunFile(file: File): Promise<boolean> {
  const text = await file.text();
  // A Llama-family model's run (a chain or a strategy run) is read with its own vocabulary, from
  // the model cache.
  const modelId = fileModelId(text);
  if (modelId) await findVocabulary(modelId, globalThis.location.href);
  // A beam search, Jacobi or speculative run (strategyFile.ts) is shown in the strategy panel.
  if (isStrategyFileText(text)) return importStrategyText(file.name, text);
  const parsed = parseRunFile(text);
  if (!parsed.ok) {
    setState({ error: badRequest('importFailed', { file: file.name, reason: parsed.reason }) });
    return false;
  }
  const run = parsed.run;
  setState((s) => ({
    runs: [...s.runs, run],
    activeRunId: run.id,
    settings: withRunSettings(s.settings, run),
    compareRunId: null,
    playback: { step: 1, playing: false },
    error: null,
    notices: [...s.notices, message('imported', { file: file.name })],
  }));
  return true;
}

/**
 * Copies a link that makes the shown run again (shareLink.ts); returns it so the page can show it
 * too, and whether it reached the clipboard.
 */
export async function copyShareLink(): Promise<{ link: string; copied: boolean }> {
  const shared = sharedSettings(getState(), useStrategyStore.getState());
  const link = shareUrl(shared, globalThis.location.href);
  try {
    await navigator.clipboard.writeText(link);
    return { link, copied: true };
  } catch {
    // No clipboard permission (insecure context, headless): the link is still shown.
    return { link, copied: false };
  }
}

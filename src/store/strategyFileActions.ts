/**
 * Export and import of strategy runs: the beam search, Jacobi or speculative run on screen leaves
 * as a file (strategyFile.ts) and comes back, in any browser, drawn by the same views without a
 * model. Import goes through the page's one import control (runFileActions.ts hands a file in the
 * strategy format here); a file that is not a valid run changes nothing and says why.
 */
import { defaultDraftId } from '../engine/strategies/draftModels';
import { message } from '../i18n/message';
import { useAppStore } from './appStore';
import { downloadJson } from './downloadJson';
import { badRequest } from './faults';
import { APP_VERSION } from './runFileActions';
import { exportStrategyRun, strategyFileName } from './strategyFile';
import { parseStrategyFile } from './strategyFileParse';
import { stopStrategy } from './strategyActions';
import { useStrategyStore, type StrategyRun, type StrategyState } from './strategyStore';

/** A run that can be exported: one that ended (done, stopped or failed) with its prompt. */
export const exportable = (run: StrategyRun | null): run is StrategyRun =>
  run !== null && run.status !== 'running' && run.promptIds.length > 0;

/** The strategy run on screen as a JSON file download. */
export function exportShownStrategyRun(): void {
  const { run } = useStrategyStore.getState();
  if (!exportable(run)) return;
  downloadJson(exportStrategyRun(run, APP_VERSION), strategyFileName(run));
}

/** The form's strategy settings that make the run again (Run on the same prompt and model). */
function settingsOf(run: StrategyRun): Partial<StrategyState> {
  const s = run.settings;
  if (s.strategy === 'beam') {
    return { choice: 'beam', beams: s.beams, lengthPenalty: s.lengthPenalty };
  }
  if (s.strategy === 'jacobi') {
    return { choice: 'jacobi', window: s.window, lookup: s.promptLookup === true };
  }
  // The model's usual draft is the form's empty choice, which follows the model.
  const draft = s.draft.id === defaultDraftId(run.modelId) ? '' : s.draft.id;
  return { choice: 'speculative', k: s.k, draft };
}

/** Shows a run read from a file, with its strategy's settings in the form. */
export function showStrategyRun(run: StrategyRun): void {
  // A run still going would go on into a run no longer shown: it is stopped first.
  stopStrategy();
  useStrategyStore.setState({ ...settingsOf(run), run, selectedStep: null });
}

/** Imports the text of the file `name` as a strategy run; false (and why, shown) when it is none. */
export function importStrategyText(name: string, text: string): boolean {
  const parsed = parseStrategyFile(text);
  if (!parsed.ok) {
    useAppStore.setState({
      error: badRequest('importFailed', { file: name, reason: parsed.reason }),
    });
    return false;
  }
  showStrategyRun(parsed.run);
  useAppStore.setState((s) => ({
    error: null,
    notices: [...s.notices, message('imported', { file: name })],
  }));
  return true;
}

/**
 * A speculative draft named by Hub id: checked like any Hub model (modelCheck.ts: what it is,
 * its files and size, nothing large fetched), and refused where its vocabulary is not the
 * target's. The user's click on the checked offer chooses it; its download comes with the run.
 */
import { create } from 'zustand';
import { useAppStore } from './appStore';
import { checkHubId, type ModelCheckResult } from './modelCheck';
import { targetVocab } from './speculativeDraft';
import { setDraft } from './strategyStore';

export type DraftCheckResult =
  | ModelCheckResult
  /** The draft's vocabulary (`vocab` tokens) is not the target's (`target`). */
  | { state: 'misfit'; repo: string; vocab: number; target: number };

export interface DraftCheckState {
  /** The id as typed. */
  text: string;
  checking: boolean;
  result: DraftCheckResult | null;
}

export const useDraftCheckStore = create<DraftCheckState>(() => ({
  text: '',
  checking: false,
  result: null,
}));

const { getState, setState } = useDraftCheckStore;
let latest = 0;

export function typeDraftId(text: string): void {
  setState({ text });
}

/**
 * Checks the typed draft id against the model chosen now (its vocabulary as the page knows it;
 * unknown until that model is loaded, when the worker compares the two tokenizers itself).
 */
export async function checkDraftId(text = getState().text): Promise<DraftCheckResult> {
  const ask = ++latest;
  setState({ text, checking: true, result: null });
  const checked = await checkHubId(text);
  const app = useAppStore.getState();
  const target = targetVocab(app, app.settings.modelId);
  const result: DraftCheckResult =
    checked.state === 'ok' && target !== null && checked.model.shape.vocab !== target
      ? { state: 'misfit', repo: checked.model.repo, vocab: checked.model.shape.vocab, target }
      : checked;
  if (ask === latest) setState({ checking: false, result });
  return result;
}

/** Chooses the checked draft for speculative runs (the user's click on its offer). */
export function chooseCheckedDraft(): boolean {
  const { result } = getState();
  if (result?.state !== 'ok') return false;
  setDraft(result.modelId);
  setState({ result: null, text: '' });
  return true;
}

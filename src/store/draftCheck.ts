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
  /**
   * The model the result was checked against, and its vocabulary's size as then known (null: not
   * known, nothing compared). A result for another model than the chosen one is not offered.
   */
  target: { modelId: string; vocab: number | null } | null;
}

export const useDraftCheckStore = create<DraftCheckState>(() => ({
  text: '',
  checking: false,
  result: null,
  target: null,
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
  setState({ text, checking: true, result: null, target: null });
  const checked = await checkHubId(text);
  const app = useAppStore.getState();
  const { modelId } = app.settings;
  const target = targetVocab(app, modelId);
  const result: DraftCheckResult =
    checked.state === 'ok' && target !== null && checked.model.shape.vocab !== target
      ? { state: 'misfit', repo: checked.model.repo, vocab: checked.model.shape.vocab, target }
      : checked;
  if (ask === latest) setState({ checking: false, result, target: { modelId, vocab: target } });
  return result;
}

/** Whether the check's answer was made for `modelId` (the model chosen now). */
export const checkedFor = (state: DraftCheckState, modelId: string): boolean =>
  state.target?.modelId === modelId;

/**
 * Chooses the checked draft for speculative runs (the user's click on its offer), if it was
 * checked against the model chosen now; a check for another model is dropped.
 */
export function chooseCheckedDraft(): boolean {
  const state = getState();
  const { result } = state;
  if (!checkedFor(state, useAppStore.getState().settings.modelId)) {
    setState({ result: null, target: null });
    return false;
  }
  if (result?.state !== 'ok') return false;
  setDraft(result.modelId);
  setState({ result: null, text: '', target: null });
  return true;
}

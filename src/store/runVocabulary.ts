/**
 * Runs whose model's vocabulary this page does not hold. A saved or imported run of a Hub model
 * with its own tokenizer, read while its files are not in this browser, is shown by bare ids
 * (vocabularyOf gives idVocabulary.ts's views), never as GPT-2's text. The user may fetch the
 * model's tokenizer files again (a few MB, not the model: a download, so only on a click); once
 * its vocabulary is known, by that fetch, the model's load or its cached files, every run of that
 * model is viewed again with it.
 */
import { create } from 'zustand';
import { errorMessage } from '../engine/errorMessage';
import type { StepRecord } from '../engine/generation';
import { ID_VOCABULARY } from '../engine/vocabulary/idVocabulary';
import type { Vocabulary } from '../engine/vocabulary/types';
import { useAppStore } from './appStore';
import type { Run } from './run';
import { fetchVocabulary, knownVocabulary, subscribeVocabularies } from './vocabularies';

/** The fetch of a run's tokenizer the user asked for. */
export interface VocabFetch {
  modelId: string | null;
  state: 'idle' | 'loading' | 'failed';
  /** What the fetch refused, in the fetch's words (a URL, an HTTP status). */
  message: string | null;
}

export const useVocabFetchStore = create<VocabFetch>()(() => ({
  modelId: null,
  state: 'idle',
  message: null,
}));

/** Whether `run` was viewed by bare ids: some token of it or its prompt shows an id. */
export function viewedByIds(run: Run): boolean {
  if (run.promptIds.length > 0 && run.prompt === ID_VOCABULARY.decode(run.promptIds)) return true;
  return run.steps.some((s) => s.token === ID_VOCABULARY.viewToken(s.tokenId));
}

const viewStep = (step: StepRecord, vocab: Vocabulary): StepRecord => ({
  ...step,
  token: vocab.viewToken(step.tokenId),
  candidates: step.candidates.map((c) => ({ ...c, token: vocab.viewToken(c.id) })),
});

/**
 * `run` viewed with `vocab`: its prompt decoded from its ids (as reading it back does) and every
 * token's view made by the vocabulary.
 */
export const viewRunWith = (run: Run, vocab: Vocabulary): Run => ({
  ...run,
  prompt: vocab.decode(run.promptIds),
  steps: run.steps.map((step) => viewStep(step, vocab)),
});

/** Views again the runs of `modelId` that were shown by ids, now that its vocabulary is known. */
export function reviewRuns(modelId: string): void {
  const vocab = knownVocabulary(modelId);
  if (!vocab) return;
  useAppStore.setState((s) => {
    if (!s.runs.some((r) => r.modelId === modelId && viewedByIds(r))) return {};
    const runs = s.runs.map((r) =>
      r.modelId === modelId && viewedByIds(r) ? viewRunWith(r, vocab) : r,
    );
    return { runs };
  });
}

let watching: (() => void) | null = null;

/** Views runs again whenever a model's vocabulary becomes known (once, for the page). */
export function watchRunVocabularies(): void {
  watching ??= subscribeVocabularies(reviewRuns);
}

/**
 * The user's "download its tokenizer": fetches `modelId`'s config and tokenizer files (filed in the
 * model cache, as a load files them); the runs shown by ids are then viewed with its vocabulary.
 */
export async function fetchRunVocabulary(modelId: string): Promise<void> {
  const { state, modelId: current } = useVocabFetchStore.getState();
  if (state === 'loading' && current === modelId) return;
  useVocabFetchStore.setState({ modelId, state: 'loading', message: null });
  try {
    await fetchVocabulary(modelId, globalThis.location?.href ?? '');
    reviewRuns(modelId);
    useVocabFetchStore.setState({ modelId, state: 'idle', message: null });
  } catch (error) {
    useVocabFetchStore.setState({ modelId, state: 'failed', message: errorMessage(error) });
  }
}

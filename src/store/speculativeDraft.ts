/**
 * Which draft model a speculative run of the page would use, checked against the target: the
 * draft chosen in the form, else the target's usual one (draftModels.ts), and never one whose
 * vocabulary is known to differ from the target's, since the worker would refuse it (after its
 * download). No draft at all is a state of its own: the page then asks for one.
 */
import { defaultDraftId, draftFits, knownVocab } from '../engine/strategies/draftModels';

export type DraftPick =
  /** `id` runs as the draft: the chosen one, or the usual one (`usual`). */
  | { kind: 'draft'; id: string; usual: boolean }
  /** Nothing chosen and no usual draft known for the target: one has to be chosen. */
  | { kind: 'none_known' }
  /** The chosen draft's vocabulary is not the target's `vocab` tokens. */
  | { kind: 'misfit'; id: string; vocab: number };

/**
 * The target's vocabulary as the page knows it: the loaded model's shape when `modelId` is the
 * loaded model, else what the catalogue knows (null: only its config will tell).
 */
export function targetVocab(
  app: { model: { id: string | null; shape: { vocab: number } | null } },
  modelId: string,
): number | null {
  const { model } = app;
  return model.id === modelId && model.shape ? model.shape.vocab : knownVocab(modelId);
}

/** The draft for target `modelId` of `vocab` tokens when `chosen` is picked ('' for the usual). */
export function pickDraft(chosen: string, modelId: string, vocab: number | null): DraftPick {
  if (chosen !== '') {
    return draftFits(chosen, vocab) || vocab === null
      ? { kind: 'draft', id: chosen, usual: false }
      : { kind: 'misfit', id: chosen, vocab };
  }
  const usual = defaultDraftId(modelId);
  // A usual draft that does not fit is not offered: the page asks for another.
  return usual !== null && draftFits(usual, vocab)
    ? { kind: 'draft', id: usual, usual: true }
    : { kind: 'none_known' };
}

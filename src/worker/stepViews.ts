/** A step's token views, made by the loaded model's own vocabulary. */
import type { StepRecord } from '../engine/generation';
import type { Vocabulary } from '../engine/vocabulary/types';

/**
 * A step with its tokens viewed by the model's own vocabulary: the generation views them with
 * GPT-2's, which would mislabel another vocabulary's ids.
 */
export const viewedBy = (record: StepRecord, vocabulary: Vocabulary): StepRecord => ({
  ...record,
  token: vocabulary.viewToken(record.tokenId),
  candidates: record.candidates.map((c) => ({ ...c, token: vocabulary.viewToken(c.id) })),
});

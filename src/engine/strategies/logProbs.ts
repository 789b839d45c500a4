/**
 * Log-probabilities of a model run's most likely next tokens, the numbers beam search ranks by:
 * log p(id) = logit(id) − log Σ exp(logits), in float64 from the float32 logits.
 */
import type { ForwardResult } from '../decoder';
import { logitMoments } from '../logitSummary';
import { topIndices } from '../topK';

export interface TokenLogProb {
  id: number;
  /** Natural log of the token's probability (temperature 1). */
  logProb: number;
}

/**
 * The `n` most likely next tokens of `forward`, most likely first (ties: lower id first, as
 * topK.ts orders them). The model's own ranking and normaliser are used when it returned them
 * (slots files); otherwise one pass over the vocabulary computes them.
 */
export function topLogProbs(
  forward: Pick<ForwardResult, 'logits' | 'summary'>,
  n: number,
): TokenLogProb[] {
  const { logits, summary } = forward;
  const logNorm = summary?.logNorm ?? logitMoments(logits).logNorm;
  const ids =
    summary && n <= summary.topIds.length ? summary.topIds.slice(0, n) : topIndices(logits, n);
  return ids.map((id) => ({ id, logProb: logits[id] - logNorm }));
}

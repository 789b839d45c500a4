/**
 * What speculative decoding can gain, from two measured figures: α, the chance that the draft's
 * token is the target's at a position the target checks, and c, a draft step's cost as a share
 * of a target step's, and v, the target's verifying pass over k + 1 tokens as a share of its
 * one-token step (1 if it cost no more). A round of k proposals costs k·c + v target steps and
 * gives (1 − α^(k+1)) / (1 − α) tokens on average (Leviathan et al. 2023, with independent
 * positions).
 */

/** Mean tokens a round of `k` proposals gives at per-position agreement `alpha`. */
export function expectedTokens(alpha: number, k: number): number {
  if (alpha >= 1) return k + 1;
  return (1 - alpha ** (k + 1)) / (1 - alpha);
}

/** Tokens per target-step's time against plain decoding: above 1 it pays. */
export const expectedSpeedup = (alpha: number, k: number, c: number, v = 1): number =>
  expectedTokens(alpha, k) / (k * c + v);

/**
 * The agreement α where speculative decoding with `k` proposals, cost ratio `c` and verifying
 * pass `v` breaks even (expected speed-up 1), or null when no α reaches it (even all-right drafts
 * lose).
 */
export function breakEvenAlpha(k: number, c: number, v = 1): number | null {
  if (expectedSpeedup(1, k, c, v) <= 1) return null;
  let low = 0;
  let high = 1;
  // The speed-up grows with α: bisect to well under the figures' own precision.
  for (let i = 0; i < 50; i++) {
    const mid = (low + high) / 2;
    if (expectedSpeedup(mid, k, c, v) < 1) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/**
 * The per-position agreement of a run: kept proposals over the positions the target checked
 * (each kept one, and the first rejected one of each round that had one).
 */
export function agreement(rounds: readonly { proposed: number; accepted: number }[]): number {
  let kept = 0;
  let checked = 0;
  for (const { proposed, accepted } of rounds) {
    kept += accepted;
    checked += accepted + (accepted < proposed ? 1 : 0);
  }
  return checked === 0 ? 0 : kept / checked;
}

/**
 * Speculative decoding: a small draft model proposes `k` tokens one by one, the target model reads
 * the known next token and all `k` proposals in one pass on top of its cache, and the longest
 * prefix of proposals it agrees with is kept, plus the target's own token where it first
 * disagreed (the correction), or after the last proposal when it agreed with all (the bonus).
 * The cache rows of rejected proposals are rolled back from both decoders.
 *
 * Greedy: a proposal is kept when it is the target's argmax there, so the tokens are exactly
 * the target's plain greedy decoding: the chain is verified in parallel, never skipped. Sampling
 * (a temperature): each proposal x is kept with probability min(1, p(x) / q(x)), else a token is
 * drawn from max(0, p − q) normalised (speculativeRule.ts): the tokens are distributed as the
 * target's own sampling at that temperature.
 */
import type { KvCacheDecoder } from '../decoder';
import type { Rng } from '../rng';
import { argmax } from '../topK';
import { drawFrom, softmax, verifyDraftToken, type Verdict } from './speculativeRule';

export const MAX_DRAFT_TOKENS = 8;

export interface SpeculativeConfig {
  /** Draft tokens proposed per round, 1 to 8. */
  k: number;
  /** Tokens generated at most. */
  maxTokens: number;
  /** Absent: greedy. Present: sampling at this temperature (above 0), drawn with `rng`. */
  sampling?: { temperature: number; rng: Rng };
}

export interface SpeculativeRound {
  /** 1-based; the target's prefill, which gives the first token, is no round. */
  round: number;
  /** The draft's proposals, in order. */
  proposed: number[];
  /**
   * The target's most likely token after the known next token and after each proposal, from its
   * one pass (proposed.length + 1 entries): under greedy decoding, what each proposal is checked
   * against.
   */
  targetTokens: number[];
  /** Proposals kept: the first `accepted` of `proposed`. */
  accepted: number;
  /**
   * The target's token after the kept proposals: a correction, the bonus when all were kept, or
   * its plain next token (`own`) in a round with nothing proposed (one token left to generate, or
   * one position of context).
   */
  token: number;
  tokenKind: 'correction' | 'bonus' | 'own';
  /** The tokens this round adds: the kept proposals and `token` (cut after an end-of-text). */
  added: number[];
  /** Sampling only: each checked proposal's chance of being kept, min(1, p/q). */
  acceptProbabilities?: number[];
  /** Sampling only: each checked proposal's p(x) (the target's) and q(x) (the draft's). */
  targetProbs?: number[];
  draftProbs?: number[];
  /**
   * Sampling only: the chance `token` had in the distribution it was drawn from: the residual
   * max(0, p − q) normalised for a correction, the target's p for a bonus or its own token.
   */
  tokenProb?: number;
  /** Milliseconds in the draft's passes and in the target's pass. */
  draftMs: number;
  targetMs: number;
  /** Passes so far (the target's prefill included), and tokens so far, this round's included. */
  draftPasses: number;
  targetPasses: number;
  generated: number;
}

export type SpeculativeStopReason = 'max_tokens' | 'eos' | 'context_limit' | 'stopped';

export interface SpeculativeHooks {
  /** Called with each round's record as soon as the target's pass is read. */
  onRound?: (round: SpeculativeRound) => void;
  /** Asked before each round; true ends the decode there with every round whole. */
  shouldStop?: () => boolean | Promise<boolean>;
}

export interface SpeculativeResult {
  tokens: number[];
  rounds: SpeculativeRound[];
  draftPasses: number;
  targetPasses: number;
  /** Proposals and kept proposals, each round's counted up to end-of-text (`roundCounts`). */
  proposed: number;
  accepted: number;
  stopReason: SpeculativeStopReason;
}

/**
 * A round's proposals and kept proposals as the acceptance rate counts them: only up to an
 * end-of-text the round adds. Proposals after it, kept or not, never reach the output. `added`
 * is shorter than the kept proposals plus the token exactly when a kept proposal was the end.
 */
export function roundCounts(round: Pick<SpeculativeRound, 'proposed' | 'accepted' | 'added'>): {
  proposed: number;
  accepted: number;
} {
  const { proposed, accepted, added } = round;
  if (added.length <= accepted) return { proposed: added.length, accepted: added.length };
  return { proposed: proposed.length, accepted };
}

/** Why these two decoders cannot run together, or null. */
function pairProblem(target: KvCacheDecoder, draft: KvCacheDecoder): string | null {
  if (target === draft) return 'the draft must be a decoder of its own';
  if (draft.shape.vocab !== target.shape.vocab) {
    return `the draft's vocabulary (${draft.shape.vocab}) differs from the target's (${target.shape.vocab})`;
  }
  const problem = target.allPositionsProblem;
  return problem === null ? null : `the target must read every fed position, but ${problem}`;
}

/**
 * Generates up to `maxTokens` tokens after `promptIds`. Both decoders are taken over (reset
 * first); afterwards the target holds the prompt and every generated token but the last.
 */
export async function speculativeDecode(
  target: KvCacheDecoder,
  draft: KvCacheDecoder,
  promptIds: readonly number[],
  config: SpeculativeConfig,
  hooks: SpeculativeHooks = {},
): Promise<SpeculativeResult> {
  const { k, maxTokens, sampling } = config;
  if (!(Number.isInteger(k) && k >= 1 && k <= MAX_DRAFT_TOKENS)) {
    throw new Error(`k must be a whole number from 1 to ${MAX_DRAFT_TOKENS}, not ${k}`);
  }
  if (!(Number.isInteger(maxTokens) && maxTokens >= 1)) {
    throw new Error(`maxTokens must be a whole number of at least 1, not ${maxTokens}`);
  }
  if (promptIds.length === 0) throw new Error('the prompt has no tokens');
  const problem = pairProblem(target, draft);
  if (problem !== null) throw new Error(`speculative decoding: ${problem}`);
  const { eosTokenId } = target.shape;
  const context = Math.min(target.shape.context, draft.shape.context);

  target.reset();
  draft.reset();
  const pick = (logits: ArrayLike<number>): number =>
    sampling ? drawFrom(softmax(logits, sampling.temperature), sampling.rng()) : argmax(logits);
  const tokens = [pick((await target.append(promptIds)).logits)];
  const rounds: SpeculativeRound[] = [];
  let draftPasses = 0;
  let targetPasses = 1;
  let proposedCount = 0;
  let acceptedCount = 0;
  const finish = (stopReason: SpeculativeStopReason): SpeculativeResult => ({
    tokens,
    rounds,
    draftPasses,
    targetPasses,
    proposed: proposedCount,
    accepted: acceptedCount,
    stopReason,
  });

  for (;;) {
    if (tokens.at(-1) === eosTokenId) return finish('eos');
    const remaining = maxTokens - tokens.length;
    if (remaining <= 0) return finish('max_tokens');
    const room = context - target.length; // the target feeds the next token and the proposals
    if (room <= 0) return finish('context_limit');
    if (hooks.shouldStop && (await hooks.shouldStop())) return finish('stopped');
    // A round adds at most its proposals and one token of the target's.
    const size = Math.min(k, remaining - 1, room - 1);

    // The draft catches up with everything known (its rows after the target's are stale), then
    // proposes one token per pass.
    const known = [...promptIds, ...tokens];
    await draft.rollback(Math.min(draft.length, target.length));
    const proposed: number[] = [];
    const draftRows: Float64Array[] = [];
    let draftMs = 0;
    for (let i = 0; i < size; i++) {
      const fed = i === 0 ? known.slice(draft.length) : [proposed[i - 1]];
      const forward = await draft.append(fed);
      draftMs += forward.modelMs;
      draftPasses++;
      if (sampling) {
        const q = softmax(forward.logits, sampling.temperature);
        draftRows.push(q);
        proposed.push(drawFrom(q, sampling.rng()));
      } else proposed.push(argmax(forward.logits));
    }

    // One target pass over the next token and every proposal.
    const fedToTarget = [tokens[tokens.length - 1], ...proposed];
    const vocab = target.shape.vocab;
    let targetTokens: number[];
    let targetMs: number;
    let accepted = 0;
    let token: number;
    let checks: Pick<SpeculativeRound, 'acceptProbabilities' | 'targetProbs' | 'draftProbs'> = {};
    let tokenProb: number | undefined;
    if (sampling) {
      const { rows, modelMs } = await target.appendRows(fedToTarget);
      targetMs = modelMs;
      const row = (i: number) => rows.subarray(i * vocab, (i + 1) * vocab);
      targetTokens = fedToTarget.map((_, i) => argmax(row(i)));
      const acceptProbabilities: number[] = [];
      const targetProbs: number[] = [];
      const draftProbs: number[] = [];
      let rejected: Verdict | null = null;
      for (; accepted < size; accepted++) {
        const p = softmax(row(accepted), sampling.temperature);
        const verdict = verifyDraftToken(p, draftRows[accepted], proposed[accepted], sampling.rng);
        acceptProbabilities.push(verdict.acceptProbability);
        targetProbs.push(verdict.p);
        draftProbs.push(verdict.q);
        if (!verdict.accepted) {
          rejected = verdict;
          break;
        }
      }
      checks = { acceptProbabilities, targetProbs, draftProbs };
      if (rejected) {
        token = rejected.token;
        tokenProb = rejected.drawnProbability;
      } else {
        const p = softmax(row(size), sampling.temperature);
        token = drawFrom(p, sampling.rng());
        tokenProb = p[token];
      }
    } else {
      const forward = await target.appendAll(fedToTarget);
      targetMs = forward.modelMs;
      targetTokens = forward.argmaxAll;
      while (accepted < size && proposed[accepted] === targetTokens[accepted]) accepted++;
      token = targetTokens[accepted];
    }
    targetPasses++;
    // The target keeps the next token and the kept proposals; `token` is not read yet.
    await target.rollback(target.length - (size - accepted));

    const produced = [...proposed.slice(0, accepted), token];
    const eosAt = produced.indexOf(eosTokenId);
    const added = eosAt >= 0 ? produced.slice(0, eosAt + 1) : produced;
    tokens.push(...added);
    const counted = roundCounts({ proposed, accepted, added });
    proposedCount += counted.proposed;
    acceptedCount += counted.accepted;
    const record: SpeculativeRound = {
      round: rounds.length + 1,
      proposed,
      targetTokens,
      accepted,
      token,
      tokenKind: size === 0 ? 'own' : accepted === size ? 'bonus' : 'correction',
      added,
      ...checks,
      ...(tokenProb === undefined ? {} : { tokenProb }),
      draftMs,
      targetMs,
      draftPasses,
      targetPasses,
      generated: tokens.length,
    };
    rounds.push(record);
    hooks.onRound?.(record);
  }
}

/**
 * Jacobi (parallel) decoding: guess the next `window` tokens, run the model once over all of them
 * on top of the cache, and replace every guess by the model's argmax at its position. The tokens
 * fixed from the left are accepted (each guess that equals the argmax before it makes the argmax
 * after it exact too); the cache rows of the rest are rolled back, and the argmaxes that followed
 * a wrong guess become the next round's guesses. Every round fixes at least one token, and the
 * tokens are exactly greedy decoding's: only the number of model passes can shrink.
 *
 * It reads the argmax at every fed position (`KvCacheDecoder.appendAll`): the slots files compute
 * it in the graph (`argmax_all`), Hub files give it from the logits of every position.
 */
import type { KvCacheDecoder } from '../decoder';
import { argmax } from '../topK';

export const MAX_JACOBI_WINDOW = 8;

export interface JacobiConfig {
  /** Tokens fed per model pass, 1 to 8: the known next token and `window − 1` guesses. */
  window: number;
  /** Tokens generated at most. */
  maxTokens: number;
  /**
   * Guesses for the `count` positions after `generated` (the tokens fixed so far), asked for
   * where the last round's predictions run out: a way to plug in better guesses (n-grams of the
   * context, a draft model). Absent: the last known token repeated. Any guesses give the same
   * tokens; only the number of passes changes.
   */
  propose?: (generated: readonly number[], count: number) => readonly number[];
}

export interface JacobiRound {
  /** 1-based; the prompt's prefill, which fixes the first token, is no round. */
  round: number;
  /** The tokens fed: first the next token (already fixed), then the guesses after it. */
  fed: number[];
  /** The model's argmax after each fed position: predicted[i] follows fed[0..i]. */
  predicted: number[];
  /**
   * Tokens fixed by this pass: predicted[0..m−1], where fed[1..m−1] were guessed right (cut
   * after an end-of-text).
   */
  accepted: number[];
  /** fed[m..]: the first wrong guess and those after it; their cache rows are rolled back. */
  rejected: number[];
  /** Milliseconds inside the model pass. */
  modelMs: number;
  /** Model passes made so far, the prefill and this round's included. */
  modelPasses: number;
  /** Tokens generated so far, this round's included: against `modelPasses`, the gain. */
  generated: number;
}

export type JacobiStopReason = 'max_tokens' | 'eos' | 'context_limit' | 'stopped';

/** Live hooks of a decode: each round as it is made, and a stop check between rounds. */
export interface JacobiHooks {
  /** Called with each round's record as soon as its pass is read. */
  onRound?: (round: JacobiRound) => void;
  /**
   * Asked before each round's pass; true ends the decode there with the tokens fixed so far
   * (stop reason `stopped`): every one of them is still greedy decoding's.
   */
  shouldStop?: () => boolean | Promise<boolean>;
}

export interface JacobiResult {
  /** The generated tokens: greedy decoding's, end-of-text included when it came. */
  tokens: number[];
  rounds: JacobiRound[];
  /** Model passes made: the prefill plus one per round. */
  modelPasses: number;
  stopReason: JacobiStopReason;
}

/**
 * `count` guesses: the predictions carried over from the last round, then the proposer's guesses
 * for the positions after them, else the last known token repeated (the simplest start).
 */
function guesses(
  carried: readonly number[],
  generated: readonly number[],
  count: number,
  propose: JacobiConfig['propose'],
  vocab: number,
): number[] {
  const own = carried.slice(0, count);
  const missing = count - own.length;
  if (missing === 0) return own;
  const proposed = propose?.([...generated, ...own], missing) ?? [];
  if (!proposed.every((id) => Number.isInteger(id) && id >= 0 && id < vocab)) {
    throw new Error(`proposed guesses must be token ids from 0 to ${vocab - 1}`);
  }
  const filler = own.at(-1) ?? generated[generated.length - 1];
  return [...own, ...Array.from({ length: missing }, (_, i) => proposed[i] ?? filler)];
}

/**
 * Generates up to `maxTokens` greedy tokens after `promptIds` by Jacobi rounds. It takes the
 * decoder over: the decoder is reset first, and afterwards holds the prompt and every generated
 * token but the last.
 */
export async function jacobiDecode(
  decoder: KvCacheDecoder,
  promptIds: readonly number[],
  config: JacobiConfig,
  hooks: JacobiHooks = {},
): Promise<JacobiResult> {
  const { window, maxTokens } = config;
  if (!(Number.isInteger(window) && window >= 1 && window <= MAX_JACOBI_WINDOW)) {
    throw new Error(
      `the window must be a whole number from 1 to ${MAX_JACOBI_WINDOW}, not ${window}`,
    );
  }
  const problem = decoder.allPositionsProblem;
  if (problem !== null) {
    throw new Error(`Jacobi decoding reads the argmax at every fed position, but ${problem}`);
  }
  if (!(Number.isInteger(maxTokens) && maxTokens >= 1)) {
    throw new Error(`maxTokens must be a whole number of at least 1, not ${maxTokens}`);
  }
  if (promptIds.length === 0) throw new Error('the prompt has no tokens');
  const { vocab, eosTokenId, context } = decoder.shape;

  decoder.reset();
  const tokens = [argmax((await decoder.append(promptIds)).logits)];
  const rounds: JacobiRound[] = [];
  let carried: number[] = [];
  const finish = (stopReason: JacobiStopReason): JacobiResult => ({
    tokens,
    rounds,
    modelPasses: rounds.length + 1,
    stopReason,
  });

  for (;;) {
    if (tokens.at(-1) === eosTokenId) return finish('eos');
    const remaining = maxTokens - tokens.length;
    if (remaining <= 0) return finish('max_tokens');
    // Each fed position fixes at most one token, so the pass feeds no more than are still wanted.
    const size = Math.min(window, remaining, context - decoder.length);
    if (size <= 0) return finish('context_limit');
    if (hooks.shouldStop && (await hooks.shouldStop())) return finish('stopped');

    const next = tokens[tokens.length - 1];
    const fed = [next, ...guesses(carried, tokens, size - 1, config.propose, vocab)];
    const forward = await decoder.appendAll(fed);
    const predicted = forward.argmaxAll;
    let fixed = 1;
    while (fixed < size && fed[fixed] === predicted[fixed - 1]) fixed++;
    await decoder.rollback(decoder.length - (size - fixed));

    // Nothing after an end-of-text is generated, even when the pass fixed it.
    const eosAt = predicted.indexOf(eosTokenId);
    const accepted = predicted.slice(0, eosAt >= 0 && eosAt < fixed ? eosAt + 1 : fixed);
    tokens.push(...accepted);
    carried = predicted.slice(fixed);
    const record: JacobiRound = {
      round: rounds.length + 1,
      fed,
      predicted,
      accepted,
      rejected: fed.slice(fixed),
      modelMs: forward.modelMs,
      modelPasses: rounds.length + 2,
      generated: tokens.length,
    };
    rounds.push(record);
    hooks.onRound?.(record);
  }
}

/**
 * Prompt lookup: guesses that the text repeats itself, as text often does (names, code, lists).
 * The context's last few tokens are looked up earlier in the context, and the tokens that followed
 * there are the guesses. No model is run; a wrong guess costs only its place in a Jacobi pass.
 */
import type { JacobiConfig } from './jacobi';

/**
 * Up to `count` tokens that followed the latest earlier occurrence of the context's last `n`
 * tokens, trying `n` from `maxNgram` down to 1; none when no tail of the context occurred before.
 */
export function lookUpContinuation(
  context: readonly number[],
  count: number,
  maxNgram = 3,
): number[] {
  const end = context.length;
  for (let n = Math.min(maxNgram, end - 1); n >= 1; n--) {
    // Latest first: the most recent repetition is the likeliest to go on.
    for (let start = end - n - 1; start >= 0; start--) {
      let same = true;
      for (let i = 0; i < n && same; i++) same = context[start + i] === context[end - n + i];
      if (same) return context.slice(start + n, start + n + count);
    }
  }
  return [];
}

/** Jacobi's `propose` by prompt lookup over the prompt and the tokens generated so far. */
export function promptLookup(
  promptIds: readonly number[],
  maxNgram = 3,
): NonNullable<JacobiConfig['propose']> {
  return (generated, count) => lookUpContinuation([...promptIds, ...generated], count, maxNgram);
}

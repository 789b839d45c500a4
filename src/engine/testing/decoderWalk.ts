/**
 * A seeded random walk of appends, rollbacks, saves and restores on a decoder, for tests that
 * check every cached answer against a full recompute (tiny-gpt2's two cache interfaces in
 * kvCache/rollbackAndFork.test.ts, the tiny Llama and Qwen2 in llamaDecoder.test.ts): one walk,
 * so that both models are put through the same sequence of operations. Test-only.
 */
import { expect } from 'vitest';
import type { DecoderState, ForwardResult, KvCacheDecoder } from '../decoder';
import { createRng } from '../rng';

export interface WalkOptions {
  seed: number;
  /** How many operations to draw. */
  ops: number;
  /** Appends are drawn only while the decoder holds fewer tokens than this. */
  maxLength: number;
  /** Appended ids are drawn from 0 to vocab - 1. */
  vocab: number;
  /**
   * Compares `result`, the answer to appending the last `fed` of `tokens`, with a full recompute
   * of `tokens`; the largest difference.
   */
  check: (result: ForwardResult, tokens: readonly number[], fed: number) => Promise<number>;
}

export interface DecoderWalk {
  /** The states saved along the way, each with the tokens it holds. */
  saved: { state: DecoderState; tokens: number[] }[];
  /** How many of each operation the walk made. */
  counts: { append: number; rollback: number; save: number; restore: number };
  /** The largest difference `check` returned. */
  worst: number;
}

/**
 * Resets `decoder`, reads `prompt`, then makes `ops` operations drawn from the seed: append one
 * to three ids, roll back to a shorter length, save, or restore a saved state. After each, the
 * decoder's tokens must be those the walk expects; every append is checked with `check`.
 */
export async function walkDecoder(
  decoder: KvCacheDecoder,
  prompt: readonly number[],
  options: WalkOptions,
): Promise<DecoderWalk> {
  const rng = createRng(options.seed);
  const pick = (n: number): number => Math.floor(rng() * n);
  decoder.reset();
  await decoder.append(prompt);
  let expected = [...prompt];
  const saved: DecoderWalk['saved'] = [];
  const counts = { append: 0, rollback: 0, save: 0, restore: 0 };
  let worst = 0;
  for (let op = 0; op < options.ops; op++) {
    const kind = pick(4);
    if (kind === 0 && expected.length < options.maxLength) {
      const fed = Array.from({ length: 1 + pick(3) }, () => pick(options.vocab));
      const result = await decoder.append(fed);
      expected = [...expected, ...fed];
      worst = Math.max(worst, await options.check(result, expected, fed.length));
      counts.append++;
    } else if (kind === 1 && expected.length > 1) {
      const length = 1 + pick(expected.length - 1);
      await decoder.rollback(length);
      expected = expected.slice(0, length);
      counts.rollback++;
    } else if (kind === 2) {
      saved.push({ state: await decoder.save(), tokens: expected });
      counts.save++;
    } else if (saved.length > 0) {
      const { state, tokens } = saved[pick(saved.length)];
      decoder.restore(state);
      expected = tokens;
      counts.restore++;
    }
    expect(decoder.tokens).toEqual(expected);
  }
  return { saved, counts, worst };
}

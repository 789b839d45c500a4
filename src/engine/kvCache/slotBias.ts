/**
 * The slots interface's `attention_bias` ([fed, cacheRows + fed], see
 * src/engine/build/attentionSlots.ts): what each fed token may attend to, 0 where it may and
 * float32's lowest value where not. Row 0 of the cache is the blank row, masked for every token.
 */
import { MASKED_SCORE } from '../build/layout';

/**
 * One sequence: every fed token sees every cached row but the blank one, itself and the fed
 * tokens before it (causal). What a prefill, a step and a pass over guesses feed.
 */
export function sequenceBias(fed: number, cacheRows: number): Float32Array {
  const width = cacheRows + fed;
  const bias = new Float32Array(fed * width);
  for (let i = 0; i < fed; i++) {
    bias[i * width] = MASKED_SCORE;
    bias.fill(MASKED_SCORE, i * width + cacheRows + i + 1, (i + 1) * width);
  }
  return bias;
}

/**
 * Several sequences side by side, one fed token each (a batched beam step): token `b` sees the
 * cache rows 1 to `sharedRows − 1` (the prompt, which every sequence shares), the rows listed in
 * `ownRows[b]` (its own earlier tokens' rows) and itself, nothing else.
 */
export function treeBias(
  ownRows: readonly (readonly number[])[],
  sharedRows: number,
  cacheRows: number,
): Float32Array {
  const fed = ownRows.length;
  const width = cacheRows + fed;
  const bias = new Float32Array(fed * width).fill(MASKED_SCORE);
  ownRows.forEach((rows, b) => {
    const line = b * width;
    bias.fill(0, line + 1, line + sharedRows);
    for (const row of rows) {
      if (row < sharedRows || row >= cacheRows) {
        throw new Error(`row ${row} is not one of the cache's own rows`);
      }
      bias[line + row] = 0;
    }
    bias[line + cacheRows + b] = 0;
  });
  return bias;
}

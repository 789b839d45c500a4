/**
 * The token inputs of a decoder run: `input_ids`, and where the file takes them `position_ids`
 * and `use_cache_branch` (merged Hub decoders). Shared by KvCacheDecoder, which feeds one
 * sequence, and beam search's batched step on Hub files (strategies/beamBatchHub.ts), which feeds
 * several sequences of one length as the rows of one run.
 */
import type { Tensor } from 'onnxruntime-web';
import type { TensorClass } from './kvCache/kvCache';

/** Which optional token inputs a model file takes. */
export interface TokenInputs {
  positionIds: boolean;
  cacheBranch: boolean;
}

export function tokenInputsOf(names: readonly string[]): TokenInputs {
  return {
    positionIds: names.includes('position_ids'),
    cacheBranch: names.includes('use_cache_branch'),
  };
}

/**
 * `input_ids` [rows, n] with `rows[r]` in row r (every row n tokens long), each row's positions
 * `start` to `start + n − 1` (all rows follow `start` cached tokens), and the cache branch taken
 * when something is cached.
 */
export function tokenFeeds(
  T: TensorClass,
  inputs: TokenInputs,
  rows: readonly (readonly number[])[],
  start: number,
): Record<string, Tensor> {
  const n = rows[0]?.length ?? 0;
  if (n === 0 || rows.some((row) => row.length !== n)) {
    throw new Error('every row feeds the same number of tokens, at least one');
  }
  const feeds: Record<string, Tensor> = {
    input_ids: new T('int64', BigInt64Array.from(rows.flat(), BigInt), [rows.length, n]),
  };
  if (inputs.positionIds) {
    const positions = BigInt64Array.from({ length: rows.length * n }, (_, i) =>
      BigInt(start + (i % n)),
    );
    feeds.position_ids = new T('int64', positions, [rows.length, n]);
  }
  if (inputs.cacheBranch) {
    feeds.use_cache_branch = new T('bool', new Uint8Array([start > 0 ? 1 : 0]), [1]);
  }
  return feeds;
}

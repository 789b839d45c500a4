/**
 * The KV cache's size: for every layer a key and a value tensor of shape
 * heads × positions × head_dim, float32 (4 bytes a value), where heads are the key/value heads
 * (fewer than the query heads under grouped-query attention). Pure arithmetic for the cache view.
 */
import { GPT2_SMALL, headDim, kvHeadsOf, TINY_GPT2, type ModelShape } from './modelShape';

/** Bytes of one float32 value: the precision the cache is held in. */
export const CACHE_VALUE_BYTES = 4;

export interface KvCacheSize {
  layers: number;
  heads: number;
  headDim: number;
  /** Positions held: one row per token read so far. */
  positions: number;
  /** Values held: 2 (key, value) × layers × heads × positions × head_dim. */
  values: number;
  bytes: number;
}

/** The cache holding `positions` tokens, for a model of this shape. */
export function kvCacheSize(shape: ModelShape, positions: number): KvCacheSize {
  const dim = headDim(shape);
  const rows = Math.max(0, Math.floor(positions));
  const heads = kvHeadsOf(shape);
  const values = 2 * shape.layers * heads * rows * dim;
  return {
    layers: shape.layers,
    heads,
    headDim: dim,
    positions: rows,
    values,
    bytes: values * CACHE_VALUE_BYTES,
  };
}

/** Bytes one more position adds: a key and a value row in every layer. */
export const bytesPerPosition = (shape: ModelShape): number =>
  2 * shape.layers * kvHeadsOf(shape) * headDim(shape) * CACHE_VALUE_BYTES;

/**
 * Which rows a model run reads from the cache and which it writes. The prefill (`step` 0, or a
 * step with no earlier cache) writes every prompt position and reads none held before; a decode
 * step reads the `contextLength − 1` rows held and writes one. `written` rows are per layer.
 */
export function cacheTraffic(
  contextLength: number,
  promptLength: number,
  prefill: boolean,
): { read: number; written: number } {
  if (prefill) return { read: 0, written: promptLength };
  return { read: Math.max(0, contextLength - 1), written: 1 };
}

/**
 * The shape of a model known by its id alone (the app's and the Hub's GPT-2 folders), for a run
 * whose model is not the one loaded; null for a model picked from files, known only once loaded.
 */
export function knownShape(modelId: string): ModelShape | null {
  if (modelId.includes('@files')) return null;
  const name = modelId.split(/[:@]/)[0];
  if (name === 'tiny-gpt2') return TINY_GPT2;
  if (name === 'gpt2' || name === 'gpt2-shaped' || name === 'Xenova/gpt2') return GPT2_SMALL;
  return null;
}

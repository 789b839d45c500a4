/**
 * Where a decoder keeps the keys and values of everything the model has read, and how they travel
 * to the next `session.run`. Two model interfaces exist (see `createKvCache`); the decoder talks to
 * both through this one shape.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import type { ModelShape } from '../modelShape';

export type TensorClass = typeof Tensor;
export type CacheType = 'float32' | 'float16';
export type Outputs = InferenceSession.OnnxValueMapType;

/**
 * The keys and values of a cache's first `length` tokens, taken by `save`. A value: restoring it
 * leaves it unchanged, so one state can be restored any number of times (a beam's parent handing
 * its cache to several children), also into another decoder on the same model. It lives in JS
 * memory even where the cache itself lives on the GPU.
 */
export interface CacheState {
  readonly layout: 'hf' | 'slots';
  /** Tokens it holds. */
  readonly length: number;
}

export interface KvCache {
  /** Which interface: `hf` (past_key_values → present) or `slots` (cache → fresh). */
  readonly layout: 'hf' | 'slots';
  /** The cache inputs for a run that feeds `fed` tokens after `past` cached ones. */
  feeds(past: number, fed: number): Record<string, Tensor>;
  /** Takes the run's new keys and values in; afterwards the cache holds `past + fed` tokens. */
  absorb(outputs: Outputs, past: number, fed: number): void;
  /**
   * Makes the next run a warm-up at `tokens` tokens of context: memory is allocated and touched
   * now, and that run reads `tokens − 1` cached rows of whatever the buffers hold, so the
   * runtime sizes its own memory for the whole context before the user's first step. Its output
   * is meaningless: call `reset` after it. Only on an empty cache (right after `reset`).
   * A no-op where the runtime owns the cache (`present.*` outputs).
   */
  prepareWarmUp(tokens: number): void;
  /** Forgets everything; the next run is a fresh prefill. */
  reset(): void;
  /**
   * Keeps the first `length` cached tokens and drops the newer rows: the next run reads only
   * those (what rejecting guessed tokens needs). `length` is at most the tokens held.
   */
  truncate(length: number): Promise<void>;
  /** A copy of the first `length` cached tokens' keys and values (see `CacheState`). */
  save(length: number): Promise<CacheState>;
  /** Makes the cache hold exactly what `state` holds; the next run reads `state.length` rows. */
  restore(state: CacheState): void;
  /** Releases memory held outside JS (GPU buffers). */
  dispose(): void;
}

export interface CacheContext {
  session: InferenceSession;
  shape: ModelShape;
  Tensor: TensorClass;
}

/** The element type of an input as the model declares it (fp16 exports exist on the Hub). */
export function inputType(session: InferenceSession, name: string): CacheType {
  const meta = session.inputMetadata?.find((m) => m.name === name);
  return meta && meta.isTensor && meta.type === 'float16' ? 'float16' : 'float32';
}

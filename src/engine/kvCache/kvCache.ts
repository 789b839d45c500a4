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

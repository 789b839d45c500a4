/**
 * KV-cache decoding over a GPT-2 ONNX model.
 *
 * The prompt goes through the model in one pass (all positions in parallel); after that each call
 * feeds only the new token and the cache of keys and values from every earlier position. The cache
 * is extended, never recomputed. Two model interfaces are understood (kvCache/): the Hugging Face
 * export's, where `present.*` of one call becomes `past_key_values.*` of the next, and the app's
 * own `slots` interface, where the cache stays in fixed buffers and only new entries come back.
 *
 * The same code runs on onnxruntime-node and onnxruntime-web: the runtime's `Tensor` class and a
 * created session are passed in, never imported here.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import { float16ToFloat32 } from './float16';
import { createKvCache } from './kvCache/createKvCache';
import type { CacheState, KvCache, TensorClass } from './kvCache/kvCache';
import { readLogitSummary, type LogitSummary } from './logitSummary';
import type { ModelShape } from './modelShape';
import { errorMessage } from './errorMessage';

export type { TensorClass } from './kvCache/kvCache';

/**
 * What a decoder has read, saved by `save`: its tokens and their keys and values. A value that
 * `restore` never changes, so one saved state can start several continuations (beams forking from
 * one parent, a rejected guess retried); it also restores into another decoder on the same model.
 */
export interface DecoderState {
  readonly tokens: readonly number[];
  readonly cache: CacheState;
}

export interface ForwardResult {
  /** Logits of the last fed position: the distribution of the next token. */
  logits: Float32Array;
  /**
   * Logits of every position the model returned, row after row: every fed position for the
   * Hugging Face interface, only the last one for the slots interface (nothing else is used).
   */
  allLogits: Float32Array;
  /** Ranked ids and normaliser of `logits`, when the model computes them (slots files). */
  summary?: LogitSummary;
  /** Milliseconds inside `session.run`. */
  modelMs: number;
}

function toFloat32(tensor: Tensor): Float32Array {
  if (tensor.type === 'float32') return tensor.data as Float32Array;
  if (tensor.type === 'float16') return float16ToFloat32(tensor.data as Uint16Array);
  throw new Error(`unexpected logits type ${tensor.type}`);
}

const now = (): number => performance.now();

/**
 * The runtime failed inside `session.run` (a lost GPU device, a driver limit, memory), as opposed
 * to a refused input: the one kind of failure another backend can recover from.
 */
export class ModelRunError extends Error {
  override readonly name = 'ModelRunError';
}

export class KvCacheDecoder {
  private readonly cache: KvCache;
  private cached: number[] = [];
  private readonly hasPositionIds: boolean;
  private readonly hasCacheBranch: boolean;

  constructor(
    private readonly session: InferenceSession,
    readonly shape: ModelShape,
    private readonly TensorCtor: TensorClass,
  ) {
    const names = session.inputNames;
    if (!names.includes('input_ids')) {
      throw new Error('the model has no "input_ids" input: not a GPT-2 decoder with a cache');
    }
    this.cache = createKvCache({ session, shape, Tensor: TensorCtor });
    this.hasPositionIds = names.includes('position_ids');
    this.hasCacheBranch = names.includes('use_cache_branch');
  }

  /** The model's cache interface: `hf` (whole cache in and out) or `slots` (extended in place). */
  get layout(): KvCache['layout'] {
    return this.cache.layout;
  }

  /** Token ids the cache holds, in order: everything the model has read so far. */
  get tokens(): readonly number[] {
    return this.cached;
  }

  get length(): number {
    return this.cached.length;
  }

  /**
   * One run with the cache laid out for the whole context, then a reset: memory (the cache's, and
   * the runtime's for inputs that size) and kernels are ready before the user's first step, so
   * a long run never stalls to grow them. Costs one step at full context.
   */
  async warmUp(): Promise<void> {
    this.reset();
    this.cache.prepareWarmUp(this.shape.context);
    await this.append([this.shape.eosTokenId]);
    this.reset();
  }

  /** Forgets the cache; the next `append` is a fresh prefill. */
  reset(): void {
    this.cache.reset();
    this.cached = [];
  }

  /**
   * Forgets the newest tokens, keeping the first `length`: the next `append` continues after
   * them, as if the dropped tokens had never been fed (speculative and Jacobi decoding reject
   * guessed tokens this way).
   */
  async rollback(length: number): Promise<void> {
    if (!Number.isInteger(length) || length < 0 || length > this.cached.length) {
      throw new Error(
        `cannot roll back to ${length} tokens: the cache holds ${this.cached.length}`,
      );
    }
    if (length === this.cached.length) return;
    if (length === 0) return this.reset();
    await this.cache.truncate(length);
    this.cached = this.cached.slice(0, length);
  }

  /** A copy of what the decoder has read (see `DecoderState`); the decoder goes on unchanged. */
  async save(): Promise<DecoderState> {
    return { tokens: this.cached, cache: await this.cache.save(this.cached.length) };
  }

  /** Makes the decoder hold exactly what it held when `state` was saved. */
  restore(state: DecoderState): void {
    if (state.tokens.length !== state.cache.length) {
      throw new Error('a saved state holds as many tokens as cached rows');
    }
    this.cache.restore(state.cache);
    this.cached = [...state.tokens];
  }

  /**
   * Feeds `ids` after everything cached (all of them in one parallel pass) and keeps their keys
   * and values. Returns the logits; only the last row matters for choosing the next token.
   */
  async append(ids: readonly number[]): Promise<ForwardResult> {
    if (ids.length === 0) throw new Error('append needs at least one token');
    const start = this.cached.length;
    const total = start + ids.length;
    if (total > this.shape.context) {
      throw new Error(`context limit: ${total} tokens exceed the model's ${this.shape.context}`);
    }
    const { TensorCtor } = this;
    const feeds: Record<string, Tensor> = {
      input_ids: new TensorCtor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
      ...this.cache.feeds(start, ids.length),
    };
    if (this.hasPositionIds) {
      const positions = BigInt64Array.from(ids, (_, i) => BigInt(start + i));
      feeds.position_ids = new TensorCtor('int64', positions, [1, ids.length]);
    }
    if (this.hasCacheBranch) {
      feeds.use_cache_branch = new TensorCtor('bool', new Uint8Array([start > 0 ? 1 : 0]), [1]);
    }

    const t0 = now();
    const outputs = await this.session.run(feeds).catch((error: unknown) => {
      const message = errorMessage(error);
      throw new ModelRunError(message, { cause: error });
    });
    const modelMs = now() - t0;

    this.cache.absorb(outputs, start, ids.length);
    this.cached = [...this.cached, ...ids];
    const allLogits = toFloat32(outputs.logits);
    const vocab = this.shape.vocab;
    // One row (the slots interface) is used as it is: copying it would cost time every step
    // (bench/README.md, "Figures behind code comments").
    const logits =
      allLogits.length === vocab ? allLogits : allLogits.slice(allLogits.length - vocab);
    return { logits, allLogits, summary: readLogitSummary(outputs), modelMs };
  }

  /** Releases cache memory, including tensors that live outside JS (GPU buffers on WebGPU). */
  dispose(): void {
    this.cache.dispose();
  }
}

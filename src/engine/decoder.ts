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
import { ARGMAX_ALL, LOGIT_ROWS } from './build/layout';
import { float16ToFloat32 } from './float16';
import { createKvCache } from './kvCache/createKvCache';
import type { CacheState, KvCache, TensorClass } from './kvCache/kvCache';
import { readLogitSummary, type LogitSummary } from './logitSummary';
import type { ModelShape } from './modelShape';
import { errorMessage } from './errorMessage';
import { tokenFeeds, tokenInputsOf, type TokenInputs } from './tokenFeeds';
import { topIndices } from './topK';

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

/** What `appendAll` returns: what the model predicts after each fed token. */
export interface AllPositionsResult {
  /**
   * The most likely next token after every fed position: `argmaxAll[i]` follows everything cached
   * and `ids[0..i]` (the lowest id among equal logits).
   */
  argmaxAll: number[];
  /** Milliseconds inside `session.run`. */
  modelMs: number;
}

/** Why a slots file without `logit_rows` cannot give every position's argmax, and what to do. */
const NO_ARGMAX_ALL =
  'this slots file returns the last position only (it has no "logit_rows" input and ' +
  '"argmax_all" output, which the writer adds since stepwise-gpt2-onnx-9): write it again ' +
  '(npm run models:export, or models:tiny / models:gpt2-shaped) or load the Hugging Face file ' +
  '(onnx/model.onnx)';

/** Logits as float32, whichever of float32 and float16 the file returns them in. */
export function toFloat32(tensor: Tensor): Float32Array {
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
  /** The optional token inputs the file takes (position_ids, use_cache_branch). */
  private readonly inputs: TokenInputs;
  /** Slots files since stepwise-gpt2-onnx-9: the rows that get logits are chosen per run. */
  private readonly hasLogitRows: boolean;
  /** The outputs `appendAll` fetches on such a file: all but the [rows, vocab] logits. */
  private readonly allFetches: readonly string[];

  constructor(
    /** The model's session; a batched beam step (strategies/beamBatch.ts) runs it too. */
    readonly session: InferenceSession,
    readonly shape: ModelShape,
    /** The runtime's Tensor class (onnxruntime-web's or -node's), for the same. */
    readonly TensorCtor: TensorClass,
  ) {
    const names = session.inputNames;
    if (!names.includes('input_ids')) {
      throw new Error('the model has no "input_ids" input: not a GPT-2 decoder with a cache');
    }
    this.cache = createKvCache({ session, shape, Tensor: TensorCtor });
    this.inputs = tokenInputsOf(names);
    this.hasLogitRows = names.includes(LOGIT_ROWS);
    // Stand-in sessions in tests may lack the output names.
    const outputs: readonly string[] = session.outputNames ?? [];
    this.allFetches = outputs.filter((name) => name !== 'logits');
  }

  /**
   * Why `appendAll` cannot run on this model (a slots file written before `logit_rows`), or null
   * when it can: Hub files return every position's logits, current slots files every argmax.
   */
  get allPositionsProblem(): string | null {
    return this.layout === 'hf' || this.hasLogitRows ? null : NO_ARGMAX_ALL;
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
    const { outputs, modelMs } = await this.run(ids, 1, undefined);
    const allLogits = toFloat32(outputs.logits);
    const vocab = this.shape.vocab;
    // One row (the slots interface) is used as it is: copying it would cost time every step
    // (bench/README.md, "Figures behind code comments").
    const logits =
      allLogits.length === vocab ? allLogits : allLogits.slice(allLogits.length - vocab);
    return { logits, allLogits, summary: readLogitSummary(outputs), modelMs };
  }

  /**
   * Feeds `ids` as `append` does and returns what the model predicts after every one of them
   * (`argmaxAll`): what Jacobi decoding and the check of guessed tokens read. Slots files compute
   * it in the graph (the head over every fed row, `argmax_all`, with their logits left out of the
   * fetched outputs); Hub files from the logits of every position, which they return anyway.
   * Refused, before anything is fed, where the file cannot (`allPositionsProblem`); an output of
   * the wrong size is refused after the run, with the cache rolled back to where it was.
   */
  async appendAll(ids: readonly number[]): Promise<AllPositionsResult> {
    const problem = this.allPositionsProblem;
    if (problem !== null) throw new Error(problem);
    const start = this.cached.length;
    if (this.hasLogitRows) {
      const { outputs, modelMs } = await this.run(ids, ids.length, this.allFetches);
      const data = outputs[ARGMAX_ALL]?.data;
      if (!(data instanceof BigInt64Array) || data.length !== ids.length) {
        return this.refuseRun(start, `"${ARGMAX_ALL}" has an unexpected type or size`);
      }
      return { argmaxAll: Array.from(data, Number), modelMs };
    }
    const { outputs, modelMs } = await this.run(ids, ids.length, undefined);
    const rows = toFloat32(outputs.logits);
    const vocab = this.shape.vocab;
    if (rows.length !== ids.length * vocab) {
      return this.refuseRun(start, 'the model returned the logits of the last fed position only');
    }
    const argmaxAll = ids.map(
      (_, i) => topIndices(rows.subarray(i * vocab, (i + 1) * vocab), 1)[0],
    );
    return { argmaxAll, modelMs };
  }

  /**
   * Feeds `ids` as `append` does and returns the logits after every one of them, row after row
   * ([ids.length × vocab]): what speculative sampling reads to weigh each guessed token. Slots
   * files are asked for every fed row (`logit_rows`), Hub files return them anyway. Refused,
   * before anything is fed, where the file cannot (`allPositionsProblem`); logits of the wrong
   * size are refused after the run, with the cache rolled back to where it was.
   */
  async appendRows(ids: readonly number[]): Promise<{ rows: Float32Array; modelMs: number }> {
    const problem = this.allPositionsProblem;
    if (problem !== null) throw new Error(problem);
    const start = this.cached.length;
    const { outputs, modelMs } = await this.run(ids, ids.length, undefined);
    const rows = toFloat32(outputs.logits);
    if (rows.length !== ids.length * this.shape.vocab) {
      return this.refuseRun(start, 'the model returned the logits of the last fed position only');
    }
    return { rows, modelMs };
  }

  /**
   * Drops what a run just fed (back to `start` tokens) and throws `message`: a run whose output
   * cannot be used leaves the cache as it found it, so the caller can go on from there.
   */
  private async refuseRun(start: number, message: string): Promise<never> {
    await this.rollback(start);
    throw new Error(message);
  }

  /**
   * One model run over `ids` after the cache, its keys and values kept: logits for the last
   * `logitRows` positions where the file lets the run choose (slots files), `fetches` the outputs
   * wanted (undefined: every one).
   */
  private async run(
    ids: readonly number[],
    logitRows: number,
    fetches: readonly string[] | undefined,
  ): Promise<{ outputs: InferenceSession.OnnxValueMapType; modelMs: number }> {
    if (ids.length === 0) throw new Error('append needs at least one token');
    const start = this.cached.length;
    const total = start + ids.length;
    if (total > this.shape.context) {
      throw new Error(`context limit: ${total} tokens exceed the model's ${this.shape.context}`);
    }
    const { TensorCtor } = this;
    const feeds: Record<string, Tensor> = {
      ...tokenFeeds(TensorCtor, this.inputs, [ids], start),
      ...this.cache.feeds(start, ids.length),
    };
    if (this.hasLogitRows) {
      feeds[LOGIT_ROWS] = new TensorCtor('int64', BigInt64Array.of(BigInt(logitRows)), [1]);
    }

    const t0 = now();
    const running = fetches ? this.session.run(feeds, fetches) : this.session.run(feeds);
    const outputs = await running.catch((error: unknown) => {
      const message = errorMessage(error);
      throw new ModelRunError(message, { cause: error });
    });
    const modelMs = now() - t0;

    this.cache.absorb(outputs, start, ids.length);
    this.cached = [...this.cached, ...ids];
    return { outputs, modelMs };
  }

  /** Releases cache memory, including tensors that live outside JS (GPU buffers on WebGPU). */
  dispose(): void {
    this.cache.dispose();
  }
}

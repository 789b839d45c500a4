/**
 * KV-cache decoding over a Hugging Face GPT-2 ONNX export.
 *
 * The prompt goes through the model in one pass (all positions in parallel); after that each call
 * feeds only the new token and the cache of keys and values from every earlier position. The cache
 * is extended, never recomputed: `present.*` of one call becomes `past_key_values.*` of the next.
 *
 * The same code runs on onnxruntime-node and onnxruntime-web: the runtime's `Tensor` class and a
 * created session are passed in, never imported here.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import { float16ToFloat32 } from './float16';
import { headDim, type ModelShape } from './modelShape';

export type TensorClass = typeof Tensor;

export interface ForwardResult {
  /** Logits of the last fed position: the distribution of the next token. */
  logits: Float32Array;
  /** Logits of every fed position, row after row (length = fed × vocab). */
  allLogits: Float32Array;
  /** Milliseconds inside `session.run`. */
  modelMs: number;
}

type CacheType = 'float32' | 'float16';

function cacheTypeOf(session: InferenceSession): CacheType {
  const meta = session.inputMetadata?.find((m) => m.name === 'past_key_values.0.key');
  return meta && meta.isTensor && meta.type === 'float16' ? 'float16' : 'float32';
}

function toFloat32(tensor: Tensor): Float32Array {
  if (tensor.type === 'float32') return tensor.data as Float32Array;
  if (tensor.type === 'float16') return float16ToFloat32(tensor.data as Uint16Array);
  throw new Error(`unexpected logits type ${tensor.type}`);
}

const now = (): number => performance.now();

export class KvCacheDecoder {
  private past = new Map<string, Tensor>();
  private cached: number[] = [];
  private readonly hasPositionIds: boolean;
  private readonly hasCacheBranch: boolean;
  private readonly cacheType: CacheType;

  constructor(
    private readonly session: InferenceSession,
    readonly shape: ModelShape,
    private readonly TensorCtor: TensorClass,
  ) {
    const names = session.inputNames;
    for (const required of ['input_ids', 'attention_mask', 'past_key_values.0.key']) {
      if (!names.includes(required)) {
        throw new Error(`the model has no "${required}" input: not a GPT-2 decoder with a cache`);
      }
    }
    this.hasPositionIds = names.includes('position_ids');
    this.hasCacheBranch = names.includes('use_cache_branch');
    this.cacheType = cacheTypeOf(session);
    this.reset();
  }

  /** Token ids the cache holds, in order: everything the model has read so far. */
  get tokens(): readonly number[] {
    return this.cached;
  }

  get length(): number {
    return this.cached.length;
  }

  /** Forgets the cache; the next `append` is a fresh prefill. */
  reset(): void {
    this.disposePast();
    const { layers, heads } = this.shape;
    const empty = (): Tensor =>
      this.cacheType === 'float16'
        ? new this.TensorCtor('float16', new Uint16Array(0), [1, heads, 0, headDim(this.shape)])
        : new this.TensorCtor('float32', new Float32Array(0), [1, heads, 0, headDim(this.shape)]);
    for (let i = 0; i < layers; i++) {
      this.past.set(`past_key_values.${i}.key`, empty());
      this.past.set(`past_key_values.${i}.value`, empty());
    }
    this.cached = [];
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
      attention_mask: new TensorCtor('int64', new BigInt64Array(total).fill(1n), [1, total]),
    };
    if (this.hasPositionIds) {
      const positions = BigInt64Array.from(ids, (_, i) => BigInt(start + i));
      feeds.position_ids = new TensorCtor('int64', positions, [1, ids.length]);
    }
    if (this.hasCacheBranch) {
      feeds.use_cache_branch = new TensorCtor('bool', new Uint8Array([start > 0 ? 1 : 0]), [1]);
    }
    for (const [name, tensor] of this.past) feeds[name] = tensor;

    const t0 = now();
    const outputs = await this.session.run(feeds);
    const modelMs = now() - t0;

    this.disposePast();
    for (let i = 0; i < this.shape.layers; i++) {
      for (const kind of ['key', 'value']) {
        const present = outputs[`present.${i}.${kind}`];
        if (!present) throw new Error(`the model returned no "present.${i}.${kind}"`);
        this.past.set(`past_key_values.${i}.${kind}`, present);
      }
    }
    this.cached = [...this.cached, ...ids];
    const allLogits = toFloat32(outputs.logits);
    const vocab = allLogits.length / ids.length;
    const logits = allLogits.slice((ids.length - 1) * vocab);
    return { logits, allLogits, modelMs };
  }

  /** Releases cache tensors that live outside JS memory (GPU buffers on WebGPU). */
  dispose(): void {
    this.disposePast();
  }

  private disposePast(): void {
    for (const tensor of this.past.values()) {
      if (tensor.location !== 'cpu') tensor.dispose();
    }
    this.past.clear();
  }
}

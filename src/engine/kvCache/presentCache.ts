/**
 * The Hugging Face export's interface: `past_key_values.{i}.key|value` in, `present.*` out, where
 * present = Concat(past, new). The runtime hands back the whole cache every step and it goes in
 * again whole the next step; simple, and what every Hub file speaks, but each step copies the
 * entire cache several times (see src/engine/build/attentionSlots.ts for the faster interface).
 */
import type { Tensor } from 'onnxruntime-web';
import { headDim, kvHeadsOf } from '../modelShape';
import {
  inputType,
  type CacheContext,
  type CacheState,
  type KvCache,
  type Outputs,
} from './kvCache';

/**
 * The `past_key_values.*` tensors of the first `length` tokens, all in JS memory (beam search's
 * batched step on Hub files starts from one: strategies/beamBatchHub.ts).
 */
export class PresentCacheState implements CacheState {
  readonly layout = 'hf';
  constructor(
    readonly length: number,
    readonly past: ReadonlyMap<string, Tensor>,
  ) {}
}

/**
 * The first `length` of `total` positions of a [1, heads, total, head_dim] cache, laid out as
 * [1, heads, length, head_dim]: one contiguous copy per head.
 */
function firstPositions<T extends Float32Array | Uint16Array>(
  data: T,
  out: T,
  heads: number,
  total: number,
  length: number,
): T {
  const perPosition = data.length / (heads * total || 1);
  for (let h = 0; h < heads; h++) {
    const from = h * total * perPosition;
    out.set(data.subarray(from, from + length * perPosition), h * length * perPosition);
  }
  return out;
}

/**
 * The Hub interface's whole-cache outputs, `present.{i}.key|value` of every layer: on WebGPU the
 * session keeps them in GPU buffers (preferredOutputLocation), and this cache feeds them back.
 */
export function presentOutputNames(layers: number): string[] {
  return Array.from({ length: layers }, (_, i) => [
    `present.${i}.key`,
    `present.${i}.value`,
  ]).flat();
}

/**
 * `attention_mask` [batch, total] of ones: every row reads all `total` positions (no padding:
 * the rows of a batched beam step are all of one length).
 */
export function onesMask(T: CacheContext['Tensor'], batch: number, total: number): Tensor {
  return new T('int64', new BigInt64Array(batch * total).fill(1n), [batch, total]);
}

export class PresentCache implements KvCache {
  readonly layout = 'hf';
  private past = new Map<string, Tensor>();
  private readonly half: boolean;

  constructor(private readonly ctx: CacheContext) {
    this.half = inputType(ctx.session, 'past_key_values.0.key') === 'float16';
    this.reset();
  }

  feeds(past: number, fed: number): Record<string, Tensor> {
    const { Tensor: T } = this.ctx;
    const total = past + fed;
    const feeds: Record<string, Tensor> = { attention_mask: onesMask(T, 1, total) };
    for (const [name, tensor] of this.past) feeds[name] = tensor;
    return feeds;
  }

  absorb(outputs: Outputs): void {
    this.dispose();
    for (const name of presentOutputNames(this.ctx.shape.layers)) {
      const present = outputs[name];
      if (!present) throw new Error(`the model returned no "${name}"`);
      this.past.set(name.replace('present.', 'past_key_values.'), present);
    }
  }

  prepareWarmUp(): void {
    // The runtime allocates `present.*` anew each run: nothing to lay out ahead.
  }

  async truncate(length: number): Promise<void> {
    const kept = await this.firstRows(length);
    this.dispose();
    this.past = kept;
  }

  async save(length: number): Promise<CacheState> {
    return new PresentCacheState(length, await this.firstRows(length));
  }

  restore(state: CacheState): void {
    if (!(state instanceof PresentCacheState)) {
      throw new Error(`cannot restore a cache saved from the ${state.layout} interface into hf`);
    }
    this.dispose();
    // Shared, not copied: tensors in JS memory are never written to, nor released by `dispose`.
    this.past = new Map(state.past);
  }

  reset(): void {
    this.dispose();
    const { shape, Tensor: T } = this.ctx;
    const dims = [1, kvHeadsOf(shape), 0, headDim(shape)];
    // An empty past ([1, kv_heads, 0, head_dim]) is how the first call (prefill) says "no cache";
    // under grouped-query attention the cache holds the key/value heads only.
    const empty = (): Tensor =>
      this.half
        ? new T('float16', new Uint16Array(0), dims)
        : new T('float32', new Float32Array(0), dims);
    for (let i = 0; i < shape.layers; i++) {
      this.past.set(`past_key_values.${i}.key`, empty());
      this.past.set(`past_key_values.${i}.value`, empty());
    }
  }

  /**
   * Every past tensor cut to its first `length` positions, in JS memory (GPU tensors are read
   * back). One already in JS memory and of that length is shared as it is: nothing writes to such
   * a tensor, and `dispose` releases only the GPU ones.
   */
  private async firstRows(length: number): Promise<Map<string, Tensor>> {
    const { Tensor: T } = this.ctx;
    const copies = new Map<string, Tensor>();
    for (const [name, tensor] of this.past) {
      const [batch, heads, total, size] = tensor.dims;
      if (length > total) throw new Error(`cannot keep ${length} of ${total} cached tokens`);
      if (tensor.location === 'cpu' && total === length) {
        copies.set(name, tensor);
        continue;
      }
      const dims = [batch, heads, length, size];
      const count = batch * heads * length * size;
      const data = await tensor.getData();
      if (data instanceof Float32Array) {
        const rows = firstPositions(data, new Float32Array(count), batch * heads, total, length);
        copies.set(name, new T('float32', rows, dims));
      } else if (tensor.type === 'float16' && ArrayBuffer.isView(data)) {
        // A Uint16Array, or a Float16Array where the runtime has one: two bytes a number either way.
        const bits = new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2);
        const rows = firstPositions(bits, new Uint16Array(count), batch * heads, total, length);
        copies.set(name, new T('float16', rows, dims));
      } else {
        throw new Error(`unexpected cache type ${tensor.type} in "${name}"`);
      }
    }
    return copies;
  }

  dispose(): void {
    // Forgotten first, then released one by one: a release that throws (a lost device) neither
    // stops the others nor leaves a tensor here to be released a second time.
    const tensors = [...this.past.values()];
    this.past.clear();
    for (const tensor of tensors) {
      try {
        if (tensor.location !== 'cpu') tensor.dispose();
      } catch {
        // The device is gone and its buffers with it.
      }
    }
  }
}

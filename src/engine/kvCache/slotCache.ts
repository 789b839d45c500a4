/**
 * The app's own interface ("slots", written by scripts/onnx/attentionSlots.ts): the cache lives
 * here, in one fixed buffer per layer and kind laid out [heads, slots, head_dim]; each run gets the
 * buffers as `cache.{i}.key|value` plus `cache_mask` (which slots are filled) and returns only the
 * fed tokens' keys and values (`fresh.*`), which are written into the next free slots. The cache
 * is extended in place, never rebuilt: no per-step Concat, no whole-cache output, no new arrays
 * (storage grows by half when full, rounded to 64 slots, so growth copies are rare).
 */
import type { Tensor } from 'onnxruntime-web';
import { headDim } from '../modelShape';
import { inputType, type CacheContext, type KvCache, type Outputs } from './kvCache';

const SLOT_STEP = 64;
/** Mask values: float32's lowest, and fp16's lowest (-65504) as raw bits. */
const MASKED_F32 = -3.4028234663852886e38;
const MASKED_F16_BITS = 0xfbff;

type Storage = Float32Array | Uint16Array;

/** Slots to hold `needed` tokens: at least half again the current size, in steps of 64. */
export function nextCapacity(needed: number, current: number, limit: number): number {
  if (needed <= current) return current;
  const wanted = Math.max(needed, Math.ceil(current * 1.5));
  return Math.max(needed, Math.min(limit, Math.ceil(wanted / SLOT_STEP) * SLOT_STEP));
}

export class SlotCache implements KvCache {
  readonly layout = 'slots';
  private readonly half: boolean;
  private readonly names: string[] = [];
  /**
   * One buffer per layer and kind, sized for the whole context and allocated once: growing
   * re-lays the heads out inside it instead of allocating. Fresh memory is slow to touch in a
   * browser worker (~3.5 ms/MB measured here), which made every growth a 30–50 ms hiccup.
   */
  private backing = new Map<string, Storage>();
  private maskBacking: Storage = new Float32Array(0);
  private slots = 0;
  private tensors: Record<string, Tensor> | null = null;

  constructor(private readonly ctx: CacheContext) {
    this.half = inputType(ctx.session, 'cache.0.key') === 'float16';
    for (let i = 0; i < ctx.shape.layers; i++) this.names.push(`${i}.key`, `${i}.value`);
  }

  /** Slots in use now: the `slots` dimension of the cache inputs. */
  get capacity(): number {
    return this.slots;
  }

  reserve(tokens: number): void {
    if (this.slots !== 0) throw new Error('reserve needs an empty cache: reset first');
    this.allocate();
    this.ensure(tokens, 0);
  }

  feeds(past: number, fed: number): Record<string, Tensor> {
    this.ensure(past + fed, past);
    const masked = this.half ? MASKED_F16_BITS : MASKED_F32;
    this.maskBacking.fill(0, 0, past);
    this.maskBacking.fill(masked, past, this.slots);
    return this.feedTensors();
  }

  /**
   * The cache inputs for the current layout. The tensors only wrap the buffers (runtimes copy
   * or read them at each run), so they are made once per layout (ensure() drops them), not per step.
   */
  private feedTensors(): Record<string, Tensor> {
    if (this.tensors) return this.tensors;
    const { shape } = this.ctx;
    const type = this.half ? 'float16' : 'float32';
    const tensors: Record<string, Tensor> = {
      cache_mask: this.tensor(type, this.maskBacking.subarray(0, this.slots), [1, this.slots]),
    };
    const dims = [1, shape.heads, this.slots, headDim(shape)];
    for (const name of this.names) {
      tensors[`cache.${name}`] = this.tensor(type, this.storage(name), dims);
    }
    this.tensors = tensors;
    return tensors;
  }

  absorb(outputs: Outputs, past: number, fed: number): void {
    const { heads } = this.ctx.shape;
    const hd = headDim(this.ctx.shape);
    for (const name of this.names) {
      const fresh = outputs[`fresh.${name}`];
      if (!fresh) throw new Error(`the model returned no "fresh.${name}"`);
      const data = fresh.data;
      const store = this.backing.get(name)!;
      if (
        !(data instanceof Float32Array || data instanceof Uint16Array) ||
        data.length !== heads * fed * hd
      ) {
        throw new Error(`"fresh.${name}" has an unexpected type or size`);
      }
      // A plain loop: a step copies 12 runs of 64 numbers per tensor, where making a subarray
      // for each run cost more than the copying (0.15 ms a step for GPT-2).
      const run = fed * hd;
      for (let h = 0; h < heads; h++) {
        const from = h * run;
        const to = (h * this.slots + past) * hd;
        for (let j = 0; j < run; j++) store[to + j] = data[from + j];
      }
    }
  }

  reset(): void {
    // Keeps the buffers; the next prompt lays out as few slots as it needs, from slot 0.
    this.slots = 0;
    this.tensors = null;
  }

  dispose(): void {
    this.tensors = null;
    this.backing.clear();
    this.maskBacking = new Float32Array(0);
    this.slots = 0;
  }

  /** The cache of one layer and kind as the model reads it: [heads, slots, head_dim]. */
  private storage(name: string): Storage {
    const { heads } = this.ctx.shape;
    return this.backing.get(name)!.subarray(0, heads * this.slots * headDim(this.ctx.shape));
  }

  private tensor(type: 'float32' | 'float16', data: Storage, dims: number[]): Tensor {
    const { Tensor: T } = this.ctx;
    return type === 'float16'
      ? new T('float16', data as Uint16Array, dims)
      : new T('float32', data as Float32Array, dims);
  }

  /** Allocates every buffer for the whole context once, touching it now rather than mid-run. */
  private allocate(): void {
    if (this.backing.size > 0) return;
    const { heads, context } = this.ctx.shape;
    const make = (n: number): Storage => (this.half ? new Uint16Array(n) : new Float32Array(n));
    for (const name of this.names)
      this.backing.set(name, make(heads * context * headDim(this.ctx.shape)).fill(0));
    this.maskBacking = make(context);
  }

  /** Lays out room for `needed` tokens, keeping the first `keep` slots of every head. */
  private ensure(needed: number, keep: number): void {
    const slots = nextCapacity(needed, this.slots, this.ctx.shape.context);
    if (slots === this.slots) return;
    this.allocate();
    const { heads } = this.ctx.shape;
    const hd = headDim(this.ctx.shape);
    // Wider rows move each head further along: from the last head back, nothing unread is overwritten.
    for (const name of this.names) {
      const store = this.backing.get(name)!;
      for (let h = heads - 1; h > 0 && keep > 0; h--) {
        store.copyWithin(h * slots * hd, h * this.slots * hd, (h * this.slots + keep) * hd);
      }
    }
    this.slots = slots;
    this.tensors = null;
  }
}

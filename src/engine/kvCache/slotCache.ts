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
  private storage = new Map<string, Storage>();
  private mask: Storage = new Float32Array(0);
  private slots = 0;

  constructor(private readonly ctx: CacheContext) {
    this.half = inputType(ctx.session, 'cache.0.key') === 'float16';
    for (let i = 0; i < ctx.shape.layers; i++) this.names.push(`${i}.key`, `${i}.value`);
  }

  /** Slots allocated now (for tests and the benchmark's memory figures). */
  get capacity(): number {
    return this.slots;
  }

  feeds(past: number, fed: number): Record<string, Tensor> {
    this.ensure(past + fed, past);
    const { shape } = this.ctx;
    const masked = this.half ? MASKED_F16_BITS : MASKED_F32;
    this.mask.fill(0, 0, past);
    this.mask.fill(masked, past);
    const type = this.half ? 'float16' : 'float32';
    const feeds: Record<string, Tensor> = {
      cache_mask: this.tensor(type, this.mask, [1, this.slots]),
    };
    const dims = [1, shape.heads, this.slots, headDim(shape)];
    for (const name of this.names) {
      feeds[`cache.${name}`] = this.tensor(type, this.storage.get(name)!, dims);
    }
    return feeds;
  }

  absorb(outputs: Outputs, past: number, fed: number): void {
    const { heads } = this.ctx.shape;
    const hd = headDim(this.ctx.shape);
    for (const name of this.names) {
      const fresh = outputs[`fresh.${name}`];
      if (!fresh) throw new Error(`the model returned no "fresh.${name}"`);
      const data = fresh.data;
      const store = this.storage.get(name)!;
      if (
        !(data instanceof Float32Array || data instanceof Uint16Array) ||
        data.length !== heads * fed * hd
      ) {
        throw new Error(`"fresh.${name}" has an unexpected type or size`);
      }
      for (let h = 0; h < heads; h++) {
        const from = data.subarray(h * fed * hd, (h + 1) * fed * hd);
        store.set(from, (h * this.slots + past) * hd);
      }
    }
  }

  reset(): void {
    // Keeps the buffers: a new prompt overwrites slots from 0, and the mask hides the rest.
  }

  dispose(): void {
    this.storage.clear();
    this.mask = new Float32Array(0);
    this.slots = 0;
  }

  private tensor(type: 'float32' | 'float16', data: Storage, dims: number[]): Tensor {
    const { Tensor: T } = this.ctx;
    return type === 'float16'
      ? new T('float16', data as Uint16Array, dims)
      : new T('float32', data as Float32Array, dims);
  }

  /** Grows storage to hold `needed` tokens, keeping the first `keep` slots of every head. */
  private ensure(needed: number, keep: number): void {
    const slots = nextCapacity(needed, this.slots, this.ctx.shape.context);
    if (slots === this.slots) return;
    const { heads } = this.ctx.shape;
    const hd = headDim(this.ctx.shape);
    const make = (n: number): Storage => (this.half ? new Uint16Array(n) : new Float32Array(n));
    for (const name of this.names) {
      const old = this.storage.get(name);
      const grown = make(heads * slots * hd);
      for (let h = 0; old && h < heads; h++) {
        grown.set(old.subarray(h * this.slots * hd, (h * this.slots + keep) * hd), h * slots * hd);
      }
      this.storage.set(name, grown);
    }
    this.mask = make(slots);
    this.slots = slots;
  }
}

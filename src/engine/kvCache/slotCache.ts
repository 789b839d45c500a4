/**
 * The app's own interface ("slots", written by src/engine/build/attentionSlots.ts): the cache lives
 * here, in one buffer per layer and kind laid out by position, [1 + tokens, heads, head_dim] with
 * a blank row 0 the model never attends to. Each run gets the filled rows as `cache.{i}.key|value`
 * and returns only the fed tokens' rows (`fresh.*`), which are appended after the others. The
 * cache is extended in place, never rebuilt or re-laid out: no per-step Concat, no whole-cache
 * output, no mask, and each run is handed exactly the rows it reads (a runtime copies its inputs in,
 * so rows it would only mask out would still cost a copy every step).
 */
import type { Tensor } from 'onnxruntime-web';
import { headDim } from '../modelShape';
import {
  inputType,
  type CacheContext,
  type CacheState,
  type KvCache,
  type Outputs,
} from './kvCache';
import { ATTENTION_BIAS } from '../build/layout';
import { sequenceBias } from './slotBias';
import { segmentsOf, sharedRows, SlotCacheState } from './slotStates';

/** The blank row in front of the cached tokens (see attentionSlots.ts for why it is there). */
const BLANK_ROWS = 1;

export class SlotCache implements KvCache {
  readonly layout = 'slots';
  private readonly names: string[] = [];
  /** Numbers per row: one token's keys (or values) for every head. */
  private readonly rowSize: number;
  /**
   * One buffer per layer and kind, sized for the whole context and allocated once (at the warm-up
   * after loading, or else the first run): fresh memory is slow to touch in a browser worker, so a
   * buffer grown mid-run made a visible hiccup (bench/README.md, "Figures behind code comments").
   * Row 0 stays zero.
   */
  private backing = new Map<string, Float32Array>();
  /** Rows the next run reads as its past whatever they hold (a warm-up at full size); used once. */
  private warmUpRows = 0;
  /**
   * The saved state the buffers came from or were last saved as, and how many of its first token
   * rows they still hold unchanged: what `save` and `restore` need not copy again.
   */
  private base: SlotCacheState | null = null;
  private baseRows = 0;
  /** Files since stepwise-gpt2-onnx-11 take the attention mask as an input (`attention_bias`). */
  private readonly takesBias: boolean;

  constructor(private readonly ctx: CacheContext) {
    // The writer declares float32 caches only; a float16 one would need its own storage path.
    if (inputType(ctx.session, 'cache.0.key') !== 'float32') {
      throw new Error('this slots file has a float16 cache, which the engine does not read');
    }
    this.rowSize = ctx.shape.heads * headDim(ctx.shape);
    for (let i = 0; i < ctx.shape.layers; i++) this.names.push(`${i}.key`, `${i}.value`);
    this.takesBias = ctx.session.inputNames.includes(ATTENTION_BIAS);
  }

  /**
   * Allocates every buffer now, and has the next run read `tokens − 1` rows as its past, whatever
   * they hold (an earlier run's keys, or zeros): the runtime lays out its memory and kernels for
   * that size before the user's first step; the run's output is thrown away.
   */
  prepareWarmUp(tokens: number): void {
    this.allocate();
    this.warmUpRows = Math.max(0, Math.min(tokens, this.ctx.shape.context) - 1);
  }

  /**
   * The fed tokens need no room here (they come back as `fresh.*`); the decoder keeps them within
   * the context. Files that take `attention_bias` get the causal one over these rows.
   */
  feeds(past: number, fed = 1): Record<string, Tensor> {
    this.allocate();
    if (this.warmUpRows > 0 && past > 0) {
      throw new Error('a warm-up reads from an empty cache: reset before prepareWarmUp');
    }
    const rows = BLANK_ROWS + Math.max(past, this.warmUpRows);
    this.warmUpRows = 0;
    const dims = [rows, this.ctx.shape.heads, headDim(this.ctx.shape)];
    const { Tensor: T } = this.ctx;
    const tensors: Record<string, Tensor> = {};
    for (const name of this.names) {
      // A view of the filled rows: tensors only wrap their data, so a new one per step is cheap.
      const data = this.backing.get(name)!.subarray(0, rows * this.rowSize);
      tensors[`cache.${name}`] = new T('float32', data, dims);
    }
    if (this.takesBias) {
      tensors[ATTENTION_BIAS] = new T('float32', sequenceBias(fed, rows), [fed, rows + fed]);
    }
    return tensors;
  }

  absorb(outputs: Outputs, past: number, fed: number): void {
    for (const name of this.names) {
      const fresh = outputs[`fresh.${name}`];
      if (!fresh) throw new Error(`the model returned no "fresh.${name}"`);
      const data = fresh.data;
      const store = this.backing.get(name)!;
      if (!(data instanceof Float32Array) || data.length !== fed * this.rowSize) {
        throw new Error(`"fresh.${name}" has an unexpected type or size`);
      }
      // The fed tokens' rows go right after the cached ones: one contiguous copy.
      store.set(data, (BLANK_ROWS + past) * this.rowSize);
    }
    this.baseRows = Math.min(this.baseRows, past);
  }

  /**
   * Nothing to copy or free: the decoder hands the model only the rows of the tokens it holds, so
   * rows past `length` are never read again, and the next run's rows overwrite them.
   */
  truncate(length: number): Promise<void> {
    this.warmUpRows = 0;
    this.baseRows = Math.min(this.baseRows, length);
    return Promise.resolve();
  }

  /** Copies only the rows written since the state the buffers came from; those before are its. */
  save(length: number): Promise<CacheState> {
    this.allocate();
    const from = this.base ? Math.min(this.baseRows, length) : 0;
    const rows = new Map<string, Float32Array>();
    for (const name of this.names) {
      const store = this.backing.get(name)!;
      rows.set(
        name,
        store.slice((BLANK_ROWS + from) * this.rowSize, (BLANK_ROWS + length) * this.rowSize),
      );
    }
    const state = new SlotCacheState(length, from > 0 ? this.base : null, from, rows);
    this.base = state;
    this.baseRows = length;
    return Promise.resolve(state);
  }

  /** Writes only the rows where `state` differs from what the buffers hold. */
  restore(state: CacheState): void {
    if (!(state instanceof SlotCacheState)) {
      throw new Error(`cannot restore a cache saved from the ${state.layout} interface into slots`);
    }
    this.allocate();
    const target = segmentsOf(state, state.length);
    const held = this.base ? sharedRows(target, segmentsOf(this.base, this.baseRows)) : 0;
    for (const { owner, from, to } of target) {
      const start = Math.max(from, held);
      if (start >= to) continue;
      for (const name of this.names) {
        const rows = owner.rows.get(name);
        if (!rows || rows.length !== (owner.length - owner.from) * this.rowSize) {
          throw new Error('the saved cache was taken from a model of another shape');
        }
        const part = rows.subarray(
          (start - owner.from) * this.rowSize,
          (to - owner.from) * this.rowSize,
        );
        this.backing.get(name)!.set(part, (BLANK_ROWS + start) * this.rowSize);
      }
    }
    this.base = state;
    this.baseRows = state.length;
    this.warmUpRows = 0;
  }

  reset(): void {
    // Keeps the buffers: the next prompt's rows overwrite the old ones from row 1, and rows past
    // the cached tokens are never handed to the model.
    this.warmUpRows = 0;
    this.base = null;
    this.baseRows = 0;
  }

  dispose(): void {
    this.backing.clear();
    this.warmUpRows = 0;
    this.base = null;
    this.baseRows = 0;
  }

  /** Allocates every buffer for the whole context once, touching it now rather than mid-run. */
  private allocate(): void {
    if (this.backing.size > 0) return;
    const size = (BLANK_ROWS + this.ctx.shape.context) * this.rowSize;
    for (const name of this.names) {
      this.backing.set(name, new Float32Array(size).fill(0));
    }
  }
}

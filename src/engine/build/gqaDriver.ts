/**
 * Runs the GroupQueryAttention file of gqaGraph.ts with its cache at full capacity, in one of two
 * ways (bench/lib/longContext.ts measures both; the app does not load this):
 *   shared   the past buffers are also handed as the pre-allocated `present.*` outputs: on
 *            onnxruntime-node both are the same memory, so the kernel writes the fed tokens'
 *            rows in place and nothing else is copied (past_present_share_buffer);
 *   fresh    only `logits` and `fresh.*` are fetched, and their rows are appended to the buffers
 *            here: for onnxruntime-web's WASM, which copies every input into its heap and every
 *            fetched output out, so a fetched `present.*` would cost the whole cache again.
 * Rolling back is setting `length` lower: rows past it are never read and get overwritten.
 * A float16 cache (a file written with one) is held as the raw bits, in Uint16Arrays.
 */
import type { InferenceSession, Tensor } from 'onnxruntime-web';
import type { TensorClass } from '../kvCache/kvCache';
import { headDim, type ModelShape } from '../modelShape';
import {
  freshName,
  pastName,
  presentName,
  SEQLENS_K,
  TOTAL_SEQUENCE_LENGTH,
  type GqaCacheType,
} from './gqaGraph';

export type GqaMode = 'shared' | 'fresh';
type CacheArray = Float32Array | Uint16Array;

export class GqaRunner {
  /** Tokens whose rows the buffers hold. */
  length = 0;
  private readonly buffers = new Map<string, CacheArray>();
  private readonly names: { past: string; present: string; fresh: string }[] = [];
  private readonly rowSize: number;

  constructor(
    private readonly session: InferenceSession,
    private readonly shape: ModelShape,
    private readonly T: TensorClass,
    readonly capacity: number,
    readonly mode: GqaMode,
    readonly cache: GqaCacheType = 'float32',
  ) {
    this.rowSize = headDim(shape);
    for (let i = 0; i < shape.layers; i++) {
      for (const kind of ['key', 'value'] as const) {
        const past = pastName(i, kind);
        this.names.push({ past, present: presentName(i, kind), fresh: freshName(i, kind) });
        const size = shape.heads * capacity * this.rowSize;
        this.buffers.set(
          past,
          cache === 'float16' ? new Uint16Array(size) : new Float32Array(size),
        );
      }
    }
  }

  /** Feeds `ids` after the cached tokens; returns the logits of every fed position. */
  async run(ids: number[]): Promise<Float32Array> {
    const fed = ids.length;
    const total = this.length + fed;
    if (total > this.capacity) throw new Error(`${total} tokens exceed capacity ${this.capacity}`);
    const { T } = this;
    const dims = [1, this.shape.heads, this.capacity, this.rowSize];
    const feeds: Record<string, Tensor> = {
      input_ids: new T('int64', BigInt64Array.from(ids, BigInt), [1, fed]),
      position_ids: new T(
        'int64',
        BigInt64Array.from(ids, (_, k) => BigInt(this.length + k)),
        [1, fed],
      ),
      [SEQLENS_K]: new T('int32', Int32Array.of(total - 1), [1]),
      [TOTAL_SEQUENCE_LENGTH]: new T('int32', Int32Array.of(total), []),
    };
    const cache = new Map<string, Tensor>();
    for (const { past } of this.names) {
      const data = this.buffers.get(past)!;
      cache.set(
        past,
        data instanceof Uint16Array ? new T('float16', data, dims) : new T('float32', data, dims),
      );
      feeds[past] = cache.get(past)!;
    }
    let outputs: InferenceSession.OnnxValueMapType;
    if (this.mode === 'shared') {
      const fetches: Record<string, Tensor | null> = { logits: null };
      for (const { past, present } of this.names) fetches[present] = cache.get(past)!;
      outputs = await this.session.run(feeds, fetches);
    } else {
      outputs = await this.session.run(feeds, ['logits', ...this.names.map((n) => n.fresh)]);
      this.append(outputs, fed);
    }
    this.length = total;
    const logits = outputs.logits.data;
    if (!(logits instanceof Float32Array)) throw new Error('logits are not float32');
    return logits;
  }

  /** Writes each fed token's rows after the cached ones, head by head ([heads, capacity, hd]). */
  private append(outputs: InferenceSession.OnnxValueMapType, fed: number): void {
    const { heads } = this.shape;
    const hd = this.rowSize;
    for (const { past, fresh } of this.names) {
      const buffer = this.buffers.get(past)!;
      const rows = outputs[fresh].data;
      if (!ArrayBuffer.isView(rows) || rows.BYTES_PER_ELEMENT !== buffer.BYTES_PER_ELEMENT) {
        throw new Error(`"${fresh}" is not of the cache's type`);
      }
      // Copied as raw bytes: a float16 output may come as a Float16Array where the runtime has one.
      const from = new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength);
      const to = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
      const rowBytes = hd * buffer.BYTES_PER_ELEMENT;
      for (let s = 0; s < fed; s++) {
        for (let h = 0; h < heads; h++) {
          const at = (h * this.capacity + this.length + s) * rowBytes;
          const start = (s * heads + h) * rowBytes;
          to.set(from.subarray(start, start + rowBytes), at);
        }
      }
    }
  }
}

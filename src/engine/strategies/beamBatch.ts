/**
 * Beam search's batched step on the slots files (since stepwise-gpt2-onnx-11): every kept beam's
 * new token goes through the model in one run, so the weights are read once for all beams, not
 * once per beam. The beams are rows of that run (input_ids [1, beams]); their caches lie as rows
 * of one cache, a tree: the blank row, the prompt's rows (shared), then each step's new rows, one
 * per beam; `attention_bias` opens to each beam's token only the prompt, its own ancestors' rows
 * and itself (src/engine/kvCache/slotBias.ts). A beam is then a list of its rows, not a copy of a
 * cache: reordering beams moves nothing.
 */
import type { Tensor } from 'onnxruntime-web';
import { ATTENTION_BIAS, LOGIT_ROWS } from '../build/layout';
import {
  ModelRunError,
  type DecoderState,
  type ForwardResult,
  type KvCacheDecoder,
} from '../decoder';
import { errorMessage } from '../errorMessage';
import { treeBias } from '../kvCache/slotBias';
import { segmentsOf, SlotCacheState } from '../kvCache/slotStates';
import { readLogitSummaryRow } from '../logitSummary';
import { headDim } from '../modelShape';

/** The cache rows of a beam's generated tokens, oldest first. */
export type BeamRows = readonly number[];

/** A beam to extend: its rows and the token it reads next. */
export interface BatchItem {
  rows: BeamRows;
  tokenId: number;
}

export interface BatchStep {
  /** Each beam's answer, in the order given; `modelMs` is the one run's. */
  forwards: ForwardResult[];
  /**
   * Each beam's rows after the step: its parent's (renumbered when the cache was compacted), then
   * its new one.
   */
  rows: BeamRows[];
  modelMs: number;
}

/** Whether `decoder`'s file can run a batched step: a slots file that takes `attention_bias`. */
export function canBatch(decoder: KvCacheDecoder): boolean {
  return decoder.layout === 'slots' && decoder.session.inputNames.includes(ATTENTION_BIAS);
}

export class BeamBatch {
  private readonly names: string[] = [];
  /** Numbers per row: one token's keys (or values) for every head. */
  private readonly rowSize: number;
  private store = new Map<string, Float32Array>();
  /** Rows the store can hold, and rows in use (the blank row, the prompt's, the beams'). */
  private capacity: number;
  private used: number;
  /** The blank row and the prompt's: what every beam sees. */
  private readonly sharedRows: number;

  /**
   * @param decoder holds the prompt's prefill, saved as `prompt`
   * @param prompt the decoder's state after the prefill: its rows are copied in once
   * @param expectedRows beam rows to make room for now (more are made when needed)
   */
  constructor(
    private readonly decoder: KvCacheDecoder,
    prompt: DecoderState,
    expectedRows: number,
  ) {
    if (!canBatch(decoder) || !(prompt.cache instanceof SlotCacheState)) {
      throw new Error('this model file cannot run beams batched');
    }
    const { shape } = decoder;
    this.rowSize = shape.heads * headDim(shape);
    for (let i = 0; i < shape.layers; i++) this.names.push(`${i}.key`, `${i}.value`);
    this.sharedRows = 1 + prompt.tokens.length;
    this.used = this.sharedRows;
    this.capacity = this.sharedRows + Math.max(1, expectedRows);
    for (const name of this.names) {
      this.store.set(name, new Float32Array(this.capacity * this.rowSize));
    }
    for (const { owner, from, to } of segmentsOf(prompt.cache, prompt.tokens.length)) {
      for (const name of this.names) {
        const rows = owner.rows.get(name)!;
        const part = rows.subarray(
          (from - owner.from) * this.rowSize,
          (to - owner.from) * this.rowSize,
        );
        this.store.get(name)!.set(part, (1 + from) * this.rowSize);
      }
    }
  }

  /** One model run: each beam reads its token after the prompt and its own rows. */
  async step(items: readonly BatchItem[]): Promise<BatchStep> {
    const count = items.length;
    if (count === 0) return { forwards: [], rows: [], modelMs: 0 };
    const generated = items[0].rows.length;
    if (items.some((item) => item.rows.length !== generated)) {
      throw new Error('a batched step extends beams of one length');
    }
    const position = this.sharedRows - 1 + generated;
    if (position >= this.decoder.shape.context) {
      throw new Error(`context limit: position ${position} is past the model's context`);
    }
    const parents = this.makeRoom(
      items.map((item) => item.rows),
      count,
    );
    const { outputs, modelMs } = await this.run(items, parents, position);

    const { vocab } = this.decoder.shape;
    const logits = outputs.logits?.data;
    if (!(logits instanceof Float32Array) || logits.length !== count * vocab) {
      throw new Error('"logits" has an unexpected type or size');
    }
    const first = this.used;
    for (const name of this.names) {
      const fresh = outputs[`fresh.${name}`]?.data;
      if (!(fresh instanceof Float32Array) || fresh.length !== count * this.rowSize) {
        throw new Error(`"fresh.${name}" has an unexpected type or size`);
      }
      this.store.get(name)!.set(fresh, first * this.rowSize);
    }
    this.used += count;
    const forwards = items.map((_, b) => {
      const row = logits.subarray(b * vocab, (b + 1) * vocab);
      return { logits: row, allLogits: row, summary: readLogitSummaryRow(outputs, b), modelMs };
    });
    return { forwards, rows: parents.map((rows, b) => [...rows, first + b]), modelMs };
  }

  private async run(items: readonly BatchItem[], parents: readonly BeamRows[], position: number) {
    const { TensorCtor: T, session, shape } = this.decoder;
    const count = items.length;
    const rows = this.used;
    const dims = [rows, shape.heads, headDim(shape)];
    const feeds: Record<string, Tensor> = {
      input_ids: new T(
        'int64',
        BigInt64Array.from(items, (i) => BigInt(i.tokenId)),
        [1, count],
      ),
      position_ids: new T('int64', new BigInt64Array(count).fill(BigInt(position)), [1, count]),
      [LOGIT_ROWS]: new T('int64', BigInt64Array.of(BigInt(count)), [1]),
      [ATTENTION_BIAS]: new T('float32', treeBias(parents, this.sharedRows, rows), [
        count,
        rows + count,
      ]),
    };
    for (const name of this.names) {
      const data = this.store.get(name)!.subarray(0, rows * this.rowSize);
      feeds[`cache.${name}`] = new T('float32', data, dims);
    }
    const t0 = performance.now();
    const outputs = await session.run(feeds).catch((error: unknown) => {
      throw new ModelRunError(errorMessage(error), { cause: error });
    });
    return { outputs, modelMs: performance.now() - t0 };
  }

  /**
   * Room for `count` new rows: first the rows no beam reads any more are dropped (the rest moved
   * down in order, the beams' lists renumbered), then the store grows if that was not enough.
   * Returns the beams' rows as they are afterwards.
   */
  private makeRoom(beams: readonly BeamRows[], count: number): BeamRows[] {
    if (this.used + count <= this.capacity) return [...beams];
    const live = [...new Set(beams.flat())].sort((a, b) => a - b);
    const moved = new Map<number, number>();
    live.forEach((row, i) => moved.set(row, this.sharedRows + i));
    for (const store of this.store.values()) {
      for (const [from, to] of moved) {
        if (from !== to)
          store.copyWithin(to * this.rowSize, from * this.rowSize, (from + 1) * this.rowSize);
      }
    }
    this.used = this.sharedRows + live.length;
    if (this.used + count > this.capacity) {
      this.capacity = Math.max(2 * this.capacity, this.used + count);
      for (const [name, store] of this.store) {
        const grown = new Float32Array(this.capacity * this.rowSize);
        grown.set(store.subarray(0, this.used * this.rowSize));
        this.store.set(name, grown);
      }
    }
    return beams.map((rows) => rows.map((row) => moved.get(row)!));
  }
}

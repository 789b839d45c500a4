/**
 * Beam search's batched step on Hub-interface files (`past_key_values.N` in, `present.N` out):
 * at a step every kept beam has read the same number of tokens, so their caches stack along the
 * batch axis with no padding. One run feeds `input_ids` [beams, 1], `attention_mask`
 * [beams, L + 1] of ones, `position_ids` [beams, 1] (all L: rotary files take their positions
 * from them) and each layer's `past_key_values` [beams, kv_heads, L, head_dim] (the key/value
 * heads only, under grouped-query attention); the `present` [beams, kv_heads, L + 1, head_dim]
 * that come back are split per beam. The weights are read once for all beams, not once per beam.
 * Only on files whose batch dimension is left free (`canBatchPresent`).
 */
import type { Tensor } from 'onnxruntime-web';
import {
  ModelRunError,
  toFloat32,
  type DecoderState,
  type ForwardResult,
  type KvCacheDecoder,
} from '../decoder';
import { errorMessage } from '../errorMessage';
import { inputType, type Outputs } from '../kvCache/kvCache';
import { onesMask, PresentCacheState } from '../kvCache/presentCache';
import { readLogitSummaryRow } from '../logitSummary';
import { headDim, kvHeadsOf } from '../modelShape';
import { tokenFeeds, tokenInputsOf, type TokenInputs } from '../tokenFeeds';

type CacheArray = Float32Array | Uint16Array;

/**
 * A beam's cache on the Hub interface: for each layer's key, then value, its
 * [kv_heads, length, head_dim] numbers (float16 files: their bits). Never written to.
 */
export interface PresentBeam {
  readonly length: number;
  readonly past: readonly CacheArray[];
}

/** A beam to extend: its cache and the token it reads next. */
export interface PresentItem {
  parent: PresentBeam;
  tokenId: number;
}

export interface PresentStep {
  /** Each beam's answer, in the order given; `modelMs` is the one run's. */
  forwards: ForwardResult[];
  /** Each beam's cache after the step: its parent's tokens and the new one. */
  beams: PresentBeam[];
  modelMs: number;
}

const pastNames = (layers: number): string[] =>
  Array.from({ length: layers }, (_, i) => [
    `past_key_values.${i}.key`,
    `past_key_values.${i}.value`,
  ]).flat();

/** A declared dimension left to the run: a name (`batch_size`) or -1, not a fixed number. */
const isFree = (dim: number | string | undefined): boolean =>
  typeof dim === 'string' || (typeof dim === 'number' && dim < 0);

/**
 * Whether `decoder`'s file can run a batched step: a Hub-interface file whose token, mask and
 * cache inputs all declare a free batch dimension. A file exported with batch 1 fixed, or a
 * runtime that reports no shapes, runs one beam per run.
 */
export function canBatchPresent(decoder: KvCacheDecoder): boolean {
  if (decoder.layout !== 'hf') return false;
  const { session } = decoder;
  const metadata = session.inputMetadata ?? [];
  const names = ['input_ids', 'attention_mask', ...pastNames(decoder.shape.layers)];
  if (session.inputNames.includes('position_ids')) names.push('position_ids');
  return names.every((name) => {
    const meta = metadata.find((m) => m.name === name);
    return meta !== undefined && meta.isTensor && isFree(meta.shape[0]);
  });
}

/** A cache tensor's numbers in JS memory (read back from the GPU, and released there, if on it). */
async function cacheData(tensor: Tensor, name: string): Promise<CacheArray> {
  return cacheView(
    tensor,
    tensor.location === 'cpu' ? tensor.data : await tensor.getData(true),
    name,
  );
}

/**
 * Releases every output of a run still outside JS memory: on WebGPU, the `present` buffers a
 * failed step did not read back (one read back was released as it was read, and one in JS memory
 * holds no device memory). Without this a step that fails partway leaves its unread caches on
 * the GPU, a batch's worth per failure. A release that throws (a lost device) stops no other.
 */
function releaseUnread(outputs: Outputs): void {
  for (const tensor of Object.values(outputs)) {
    if (tensor.location === 'cpu') continue;
    try {
      tensor.dispose();
    } catch {
      // The device is gone and its buffers with it.
    }
  }
}

/** `data`, the numbers of cache tensor `tensor`, as float32 or as float16 bits. */
function cacheView(tensor: Tensor, data: Tensor['data'], name: string): CacheArray {
  if (data instanceof Float32Array) return data;
  if (tensor.type === 'float16' && ArrayBuffer.isView(data)) {
    // A Uint16Array, or a Float16Array where the runtime has one: two bytes a number either way.
    return new Uint16Array(data.buffer, data.byteOffset, data.byteLength / 2);
  }
  throw new Error(`unexpected cache type ${tensor.type} in "${name}"`);
}

export class PresentBatch {
  private readonly names: string[];
  private readonly inputs: TokenInputs;
  private readonly half: boolean;
  /**
   * Per cache input, the buffer the beams' caches are stacked into, reused from step to step
   * (grown by doubling): a fresh one each step costs more than the copy into it.
   */
  private readonly stacks: CacheArray[] = [];
  /** The prompt's cache: the first step's beams all extend it. */
  readonly start: PresentBeam;

  /**
   * @param decoder the decoder whose session runs the steps (its own cache is left as it is)
   * @param prompt the decoder's state after the prompt's prefill
   */
  constructor(
    private readonly decoder: KvCacheDecoder,
    prompt: DecoderState,
  ) {
    const { cache } = prompt;
    if (!canBatchPresent(decoder) || !(cache instanceof PresentCacheState)) {
      throw new Error('this model file cannot run beams batched');
    }
    this.names = pastNames(decoder.shape.layers);
    this.inputs = tokenInputsOf(decoder.session.inputNames);
    this.half = inputType(decoder.session, this.names[0]) === 'float16';
    // A saved state's tensors are in JS memory: their numbers are read as they are.
    const past = this.names.map((name) => {
      const tensor = cache.past.get(name);
      if (!tensor || tensor.dims[0] !== 1) throw new Error(`the prompt's "${name}" is missing`);
      return cacheView(tensor, tensor.data, name);
    });
    this.start = { length: cache.length, past };
  }

  /** One model run: each beam reads its token after its own cache. */
  async step(items: readonly PresentItem[]): Promise<PresentStep> {
    const count = items.length;
    if (count === 0) return { forwards: [], beams: [], modelMs: 0 };
    const length = items[0].parent.length;
    if (items.some((item) => item.parent.length !== length)) {
      throw new Error('a batched step extends beams of one length');
    }
    const { context } = this.decoder.shape;
    if (length + 1 > context) {
      throw new Error(`context limit: ${length + 1} tokens exceed the model's ${context}`);
    }
    const { outputs, modelMs } = await this.run(items, length);
    try {
      return await this.read(outputs, items, length, modelMs);
    } finally {
      releaseUnread(outputs);
    }
  }

  /**
   * Each beam's answer and cache from the run's `outputs`: the logits' rows, and views into each
   * `present` read back to JS memory (released on the GPU as it is read).
   */
  private async read(
    outputs: Outputs,
    items: readonly PresentItem[],
    length: number,
    modelMs: number,
  ): Promise<PresentStep> {
    const count = items.length;
    const { vocab } = this.decoder.shape;
    const logits = outputs.logits ? toFloat32(outputs.logits) : undefined;
    if (!logits || logits.length !== count * vocab) {
      throw new Error('"logits" has an unexpected type or size');
    }
    const size = this.rowsOf(length + 1);
    const pasts: CacheArray[][] = items.map(() => []);
    for (const name of this.names) {
      const presentName = name.replace('past_key_values.', 'present.');
      const present = outputs[presentName];
      if (!present) throw new Error(`the model returned no "${presentName}"`);
      const data = await cacheData(present, presentName);
      if (data.length !== count * size) {
        throw new Error(`"${presentName}" has an unexpected size`);
      }
      // Views into the run's output, one per beam: [kv_heads, L + 1, head_dim] each.
      pasts.forEach((past, b) => past.push(data.subarray(b * size, (b + 1) * size)));
    }
    const forwards = items.map((_, b) => {
      const row = logits.subarray(b * vocab, (b + 1) * vocab);
      return { logits: row, allLogits: row, summary: readLogitSummaryRow(outputs, b), modelMs };
    });
    const beams = pasts.map((past) => ({ length: length + 1, past }));
    return { forwards, beams, modelMs };
  }

  /**
   * The first `length` numbers of cache input `k`'s stacking buffer. Safe to reuse: the run that
   * read it has ended, and the beams' caches are views into the runs' outputs, never into it.
   */
  private stack(k: number, length: number): CacheArray {
    let buffer = this.stacks[k];
    if (!buffer || buffer.length < length) {
      const room = Math.max(length, 2 * (buffer?.length ?? 0));
      buffer = this.half ? new Uint16Array(room) : new Float32Array(room);
      this.stacks[k] = buffer;
    }
    return buffer.subarray(0, length);
  }

  /** Numbers in one beam's key (or value) cache of one layer at `length` tokens. */
  private rowsOf(length: number): number {
    const { shape } = this.decoder;
    return kvHeadsOf(shape) * length * headDim(shape);
  }

  private async run(items: readonly PresentItem[], length: number) {
    const { TensorCtor: T, session, shape } = this.decoder;
    const count = items.length;
    const size = this.rowsOf(length);
    const feeds: Record<string, Tensor> = {
      ...tokenFeeds(
        T,
        this.inputs,
        items.map((item) => [item.tokenId]),
        length,
      ),
      attention_mask: onesMask(T, count, length + 1),
    };
    const dims = [count, kvHeadsOf(shape), length, headDim(shape)];
    this.names.forEach((name, k) => {
      const stacked = this.stack(k, count * size);
      items.forEach(({ parent }, b) => {
        const part = parent.past[k];
        if (part.length !== size) throw new Error(`a beam's "${name}" has an unexpected size`);
        stacked.set(part, b * size);
      });
      feeds[name] =
        stacked instanceof Uint16Array
          ? new T('float16', stacked, dims)
          : new T('float32', stacked, dims);
    });
    const t0 = performance.now();
    const outputs = await session.run(feeds).catch((error: unknown) => {
      throw new ModelRunError(errorMessage(error), { cause: error });
    });
    return { outputs, modelMs: performance.now() - t0 };
  }
}

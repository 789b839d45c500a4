import { headDim, type ModelShape } from '../modelShape';
import type { GraphBuilder } from './graphBuilder';

/**
 * How a GPT-2 graph takes and returns its cache: the inputs and outputs it declares and the
 * attention it computes. The trunk (embeddings, blocks, head) is the same for every layout.
 */
export type LayoutName = 'hf' | 'slots';

export interface Layout {
  /**
   * Attention of layer `i` from its q, k, v rows ([batch, seq, width] each); returns the heads'
   * context merged back to [batch, seq, width], and wires the layer's cache outputs.
   */
  attention(i: number, q: string, k: string, v: string): string;
  /** The hidden rows the logits are computed for ([batch, rows, width]). */
  logitRows(h: string): string;
}

// Symbolic dimension names, as in the Hugging Face export.
export const BATCH = 'batch_size';
export const SEQ = 'sequence_length';

/**
 * The slots interface's input [1] (int64): how many of the last fed positions get logits, 1 for a
 * step, every fed position for Jacobi decoding; also the name of their symbolic dimension. Shared
 * by the writer and the decoder.
 */
export const LOGIT_ROWS = 'logit_rows';

/**
 * The slots interface's output [1, logit_rows] (int64): the argmax over the vocabulary at each
 * row that got logits (the lowest id among equals).
 */
export const ARGMAX_ALL = 'argmax_all';

/**
 * The slots interface's input [seq, cache_rows + seq] (float32), since stepwise-gpt2-onnx-11: what
 * is added to each fed token's attention scores over the cache rows and then the fed tokens,
 * 0 where it may look and `MASKED_SCORE` where not. A plain run masks the blank row and the later
 * fed tokens (causal); a batched beam step feeds one token per beam, each seeing only the prompt,
 * its own ancestors' rows and itself. Shared by the writer and the engine.
 */
export const ATTENTION_BIAS = 'attention_bias';

/** float32's lowest value, what HF uses for masked scores (no overflow to -inf or NaN). */
export const MASKED_SCORE = -3.4028234663852886e38;

/**
 * Splitting rows into heads and merging them back, the same for every layout:
 * [b, s, width] → [b, heads, s, head_dim] and back.
 */
export function headOps(g: GraphBuilder, shape: ModelShape) {
  const headsShape = g.int64Const('shape_heads', [4], [0, 0, shape.heads, headDim(shape)]);
  const widthShape = g.int64Const('shape_width', [3], [0, 0, shape.width]);
  return {
    toHeads: (x: string, out?: string): string =>
      g.op('Transpose', [g.op('Reshape', [x, headsShape])], { perm: [0, 2, 1, 3] }, out),
    mergeHeads: (context: string): string =>
      g.op('Reshape', [g.op('Transpose', [context], { perm: [0, 2, 1, 3] }), widthShape]),
  };
}

/**
 * How a GPT-2 graph takes and returns its cache: the inputs and outputs it declares and the
 * attention it computes. The trunk (embeddings, blocks, head) is the same for every layout.
 */
export type LayoutName = 'hf' | 'slots';

export const LAYOUT_NAMES: readonly LayoutName[] = ['hf', 'slots'];

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

/** float32's lowest value, what HF uses for masked scores (no overflow to -inf or NaN). */
export const MASKED_SCORE = -3.4028234663852886e38;

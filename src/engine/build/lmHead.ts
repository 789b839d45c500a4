/**
 * The output projection shared by the writers: hidden rows [batch, rows, width] to logits
 * [batch, rows, vocab] through one 2-D product over every row, then back to three axes.
 */
import type { GraphBuilder } from './graphBuilder';

/**
 * Applies `project` ([batch·rows, width] → [batch·rows, vocab]) to `x` and shapes the result as
 * `out` [batch, rows, vocab]. `p` prefixes the node names. With `flat`, for a file fed one
 * sequence (batch 1), `out` is the product's own output, [rows, vocab]: the batch and rows
 * read by a Shape op would be computed on the CPU, which keeps onnxruntime's WebGPU provider
 * from capturing the graph, and a Reshape into an output buffer the caller hands in is a copy
 * that a captured graph does not replay (bench/lib/gqaGpuRunner.ts).
 */
export function projectRows(
  g: GraphBuilder,
  x: string,
  width: number,
  vocab: number,
  project: (flat: string, out?: string) => string,
  out: string,
  p = 'final',
  flat = false,
): string {
  const rows = g.op('Reshape', [x, g.int64Const('shape_flat', [2], [-1, width])]);
  if (flat) {
    const logits = project(rows, out);
    if (logits !== out) throw new Error(`the head wrote "${logits}", not the output "${out}"`);
    return logits;
  }
  const flatLogits = project(rows);
  const vocabDim = g.int64Const('shape_vocab', [1], [vocab]);
  const batchRows = g.op('Shape', [x], { start: 0, end: 2 }, `${p}/rows_shape`); // [batch, rows]
  const logitsShape = g.op('Concat', [batchRows, vocabDim], { axis: 0 });
  return g.op('Reshape', [flatLogits, logitsShape], {}, out);
}

/**
 * flat [n, width] × matrix [vocab, width]ᵀ: Gemm with transB reads an embedding-shaped matrix
 * (a tied head, or Llama's lm_head) as it is stored — no transposed copy.
 */
export function gemmTransposed(g: GraphBuilder, flat: string, matrix: string, out: string): string {
  return g.op('Gemm', [flat, matrix], { transB: 1, alpha: { float: 1 }, beta: { float: 1 } }, out);
}

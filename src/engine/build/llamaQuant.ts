/**
 * 8-bit token tables for the Llama-family writer. A Llama-family model's token table is a large
 * share of it (Qwen2.5-0.5B: 136 M of 494 M parameters), so the q8 file quantizes it too, once,
 * with one scale per token: the int8 rows are gathered and rescaled for the embedding, and the
 * same numbers, stored transposed, feed the integer product of the output head (per-token scales
 * are the head's per-column scales). The blocks' matrices use quantize.ts as GPT-2's q8 file does.
 */
import type { GraphBuilder } from './graphBuilder';
import { DataType } from './onnxSchema';
import { addQuantized, quantizeColumns, quantizedLinear, transpose } from './quantize';

export type LlamaPrecision = 'fp32' | 'q8';

/**
 * Adds `table` [vocab, d] as `<name>.q` [d, vocab] int8 with `<name>.scale` [vocab] (the head's
 * operands) and, when `rows`, `<name>.rows` [vocab, d] int8 (the embedding's).
 */
export function addQuantizedTable(
  g: GraphBuilder,
  name: string,
  vocab: number,
  d: number,
  table: Float32Array,
  rows = true,
): void {
  const quantized = quantizeColumns(transpose(table, vocab, d), d, vocab);
  addQuantized(g, name, [d, vocab], quantized);
  if (rows) g.int8Init(`${name}.rows`, [vocab, d], transpose(quantized.values, d, vocab));
}

/** Token rows of a quantized table: int8 rows × their token's scale, [batch, seq, d]. */
export function gatherQuantizedRows(
  g: GraphBuilder,
  name: string,
  ids: string,
  out: string,
): string {
  const rows = g.op('Cast', [g.op('Gather', [`${name}.rows`, ids])], { to: DataType.FLOAT });
  const scales = g.op('Gather', [`${name}.scale`, ids]);
  const lastAxis = g.int64Const(`${name}/last_axis`, [1], [-1]);
  return g.op('Mul', [rows, g.op('Unsqueeze', [scales, lastAxis])], {}, out);
}

/** flat [n, d] × the table's transposed int8 copy: logits [n, vocab]. */
export function quantizedTableHead(
  g: GraphBuilder,
  flat: string,
  name: string,
  out: string,
): string {
  return quantizedLinear(g, flat, { values: `${name}.q`, scales: `${name}.scale` }, null, out);
}

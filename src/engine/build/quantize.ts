/**
 * 8-bit weights for the writer's q8 files: every matrix is stored as int8 with one float scale per
 * output column (symmetric, zero point 0), so a decode step reads a quarter of the bytes. The
 * activations are quantized on the fly (DynamicQuantizeLinear) and the product runs in integers
 * (MatMulInteger) — the pattern onnxruntime fuses into one DynamicQuantizeMatMul kernel.
 */
import type { GraphBuilder } from './graphBuilder';
import { DataType } from './onnxSchema';

export interface QuantizedMatrix {
  /** int8 values, row-major [rows, cols]. */
  values: Int8Array;
  /** One scale per column: w ≈ values × scale. */
  scales: Float32Array;
}

/**
 * The largest weight magnitude stored: 7 bits, not 8. On x86 CPUs with AVX2 but without VNNI,
 * onnxruntime's u8×s8 integer kernel adds pairs of products in 16 bits with saturation
 * (vpmaddubsw): 2 × 255 × 127 overflows, 2 × 255 × 63 does not. Full-range weights gave wrong top
 * tokens there (tiny-gpt2: 7 of 20 steps agreed with float32, quantize.test.ts); onnxruntime's
 * own quantizer offers `reduce_range` for the same reason.
 */
export const Q_MAX = 63;

/** Per-column symmetric int8 quantization of a row-major [rows, cols] matrix (|values| ≤ Q_MAX). */
export function quantizeColumns(w: Float32Array, rows: number, cols: number): QuantizedMatrix {
  if (w.length !== rows * cols) throw new Error(`${w.length} values for [${rows}, ${cols}]`);
  const max = new Float32Array(cols);
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    for (let c = 0; c < cols; c++) max[c] = Math.max(max[c], Math.abs(w[row + c]));
  }
  // A column of zeros keeps scale 1 (its values stay 0) rather than dividing by zero.
  const scales = max.map((m) => (m > 0 ? m / Q_MAX : 1));
  const values = new Int8Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const row = r * cols;
    for (let c = 0; c < cols; c++) values[row + c] = Math.round(w[row + c] / scales[c]);
  }
  return { values, scales };
}

/**
 * Transposes a row-major [rows, cols] matrix (the tied head wants wte as [width, vocab]; the
 * Llama q8 file wants its int8 token table both ways).
 */
export function transpose(w: Float32Array, rows: number, cols: number): Float32Array;
export function transpose(w: Int8Array, rows: number, cols: number): Int8Array;
export function transpose(
  w: Float32Array | Int8Array,
  rows: number,
  cols: number,
): Float32Array | Int8Array {
  const out = w instanceof Int8Array ? new Int8Array(rows * cols) : new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = w[r * cols + c];
  }
  return out;
}

/** Adds the int8 matrix and its scales as initializers `<name>.q` and `<name>.scale`. */
export function addQuantized(
  g: GraphBuilder,
  name: string,
  dims: [number, number],
  m: QuantizedMatrix,
) {
  return {
    values: g.int8Init(`${name}.q`, dims, m.values),
    scales: g.floatInit(`${name}.scale`, [dims[1]], m.scales),
  };
}

/** x @ W (+ b) with W quantized: DynamicQuantizeLinear → MatMulInteger → Cast → × scales. */
export function quantizedLinear(
  g: GraphBuilder,
  x: string,
  w: { values: string; scales: string },
  bias: string | null,
  out: string,
): string {
  const [xq, xScale, xZero] = g.node('DynamicQuantizeLinear', [x], 3, {}, `${out}/quantize`);
  const acc = g.op('MatMulInteger', [xq, w.values, xZero], {}, `${out}/int_product`);
  const scale = g.op('Mul', [xScale, w.scales], {}, `${out}/scale`);
  const y = g.op(
    'Mul',
    [g.op('Cast', [acc], { to: DataType.FLOAT }), scale],
    {},
    bias ? `${out}/product` : out,
  );
  return bias ? g.op('Add', [y, bias], {}, out) : y;
}

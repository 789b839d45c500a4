/**
 * The arithmetic of the kernel bench (bench/kernels.ts): onnxruntime's block quantization as
 * MatMulNBits stores its weights, and how far a quantized product lies from the float one.
 */

/**
 * W [rows, cols] (row-major) as MatMulNBits stores it: per output column, blocks of `block` rows,
 * each with a float scale and the default zero point 2^(bits−1); 4-bit values packed low nibble
 * first. `rows` must be a multiple of `block`.
 */
export function blockQuantize(
  w: Float32Array,
  rows: number,
  cols: number,
  bits: 4 | 8,
  block: number,
): { packed: Uint8Array; scales: Float32Array } {
  if (rows % block !== 0) throw new Error(`rows ${rows} is not a multiple of the block ${block}`);
  const blocks = rows / block;
  const bytesPerBlock = (block * bits) / 8;
  const zero = 1 << (bits - 1);
  const packed = new Uint8Array(cols * blocks * bytesPerBlock);
  const scales = new Float32Array(cols * blocks);
  for (let n = 0; n < cols; n++) {
    for (let b = 0; b < blocks; b++) {
      let max = 0;
      for (let k = 0; k < block; k++) max = Math.max(max, Math.abs(w[(b * block + k) * cols + n]));
      const scale = max / (zero - 1) || 1;
      scales[n * blocks + b] = scale;
      const base = (n * blocks + b) * bytesPerBlock;
      for (let k = 0; k < block; k++) {
        const q = Math.round(w[(b * block + k) * cols + n] / scale) + zero;
        if (bits === 8) packed[base + k] = q;
        else packed[base + (k >> 1)] |= q << ((k & 1) * 4);
      }
    }
  }
  return { packed, scales };
}

/** Largest |a − b| over the largest |b|: how far a quantized product is from the float one. */
export function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} and ${b.length}`);
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

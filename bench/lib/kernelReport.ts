/** One line of `npm run bench:kernels` per runtime: each kind's time, its speed-up and its error. */

export const KERNEL_KINDS = ['fp32', 'int8', 'uint8', 'nbits8', 'nbits4'] as const;
export type KernelKind = (typeof KERNEL_KINDS)[number];
export type QuantKind = Exclude<KernelKind, 'fp32'>;

/** Largest relative error accepted per kind: 8-bit values carry well under 1 %, 4-bit ones more. */
export const MAX_ERROR: Record<QuantKind, number> = {
  int8: 0.02,
  uint8: 0.02,
  nbits8: 0.02,
  nbits4: 0.15,
};

/**
 * `label`, then fp32's ms, then each quantized kind's ms with its speed-up over fp32 and its
 * relative error (blockQuant.ts: relativeError). A product further off than its kind allows is
 * not the same product, its time would mean nothing: that throws.
 */
export function kernelLine(
  label: string,
  ms: Record<KernelKind, number>,
  errors: Record<QuantKind, number>,
): string {
  const cells = KERNEL_KINDS.map((k) => {
    if (k === 'fp32') return `${k} ${ms[k].toFixed(2)} ms`;
    const error = errors[k];
    if (!(error <= MAX_ERROR[k])) {
      throw new Error(`${label} ${k}: error ${error.toFixed(3)} > ${MAX_ERROR[k]}`);
    }
    return `${k} ${ms[k].toFixed(2)} ms (${(ms.fp32 / ms[k]).toFixed(2)}×, err ${error.toFixed(3)})`;
  });
  return `${label.padEnd(22)} ${cells.join('  ')}`;
}

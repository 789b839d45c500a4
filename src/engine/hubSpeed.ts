/**
 * How fast a checked model will write on WASM, estimated before its download from its parameter
 * count: a decode step reads every weight once, so its time grows with the weights' bytes. The
 * figures are the benchmark's on its 2-core machine, onnxruntime-web's WASM build, 2 threads
 * (bench/README.md): GPT-2 small's float32 file 17.4 ms a step at context 16 for 124 M parameters
 * (2026-11-29, idle), and Qwen2.5-0.5B's shape in 8 bits 56.5 ms at 16 for 494 M (2026-12-03,
 * "A 0.5B-class model"). float16 files run as float32 on WASM (no float16 kernels there).
 */
import type { Precision } from './modelCatalog';

/** Milliseconds a step per million parameters, by file precision, WASM 2 threads. */
const MS_PER_MILLION: Record<Precision, number> = {
  fp32: 17.4 / 124.4,
  fp16: 17.4 / 124.4,
  q8: 56.5 / 494,
};

/** The estimated time of one decode step on WASM, 2 threads, of the benchmark's machine (ms). */
export function wasmStepEstimateMs(parameters: number, precision: Precision): number {
  return (parameters / 1e6) * MS_PER_MILLION[precision];
}

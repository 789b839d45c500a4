/**
 * How fast a checked model will write, estimated before its download. A decode step at short
 * context reads every weight once, so its time grows with the weights it reads:
 *
 * - From the user's own measurement, where this browser has one (userSpeed.ts picks the run): a
 *   known model's measured step on the backend that will run, scaled by the weights each step
 *   reads (stepCost). Its fixed cost per step (the runtime's calls, the page) is scaled too, which
 *   is why only a run of a model of at least MIN_BASIS_PARAMETERS counts as the basis.
 * - Else from the reference machine: the benchmark's 2-core machine, onnxruntime-web's WASM build,
 *   2 threads (bench/README.md): GPT-2 small's float32 file 17.4 ms a step at context 16 for
 *   124 M parameters (2026-11-29, idle), and Qwen2.5-0.5B's shape in 8 bits 56.5 ms at 16 for
 *   494 M (2026-12-03, "A 0.5B-class model").
 */
import type { Precision } from './modelCatalog';

/** The backend a step runs on (worker/protocol.ts's Backend). */
export type SpeedBackend = 'wasm' | 'webgpu';

/** Milliseconds a step per million parameters, by file precision, WASM 2 threads, reference. */
const MS_PER_MILLION: Record<Precision, number> = {
  fp32: 17.4 / 124.4,
  fp16: 17.4 / 124.4,
  q8: 56.5 / 494,
};

/** A run's model below this size spends its step mostly on fixed costs: no basis for scaling. */
export const MIN_BASIS_PARAMETERS = 50e6;

/** The estimated time of one decode step on WASM, 2 threads, of the benchmark's machine (ms). */
export function wasmStepEstimateMs(parameters: number, precision: Precision): number {
  return (parameters / 1e6) * MS_PER_MILLION[precision];
}

/**
 * The relative cost of one step of a model of `parameters` in `precision` on `backend`. On WASM
 * the reference's per-parameter cost: float16 files run as float32 (no float16 kernels), and 8-bit
 * weights, a quarter of the bytes, cost about as much a parameter as float32 (onnxruntime-web's
 * int8 kernels are slow in WASM; bench/README.md). On WebGPU the step reads the weights' bytes
 * from GPU memory: 4, 2 or 1 byte a parameter.
 */
export function stepCost(parameters: number, precision: Precision, backend: SpeedBackend): number {
  if (backend === 'wasm') return wasmStepEstimateMs(parameters, precision);
  const bytes: Record<Precision, number> = { fp32: 4, fp16: 2, q8: 1 };
  return parameters * bytes[precision];
}

/** A measured step: its model's size and file, the backend, and its median time (ms). */
export interface MeasuredStep {
  parameters: number;
  precision: Precision;
  backend: SpeedBackend;
  ms: number;
}

/**
 * The step time of a model of `parameters` in `precision` on the measured step's backend: the
 * measured time scaled by the weights each step reads (stepCost), the backend's own ratio.
 */
export function scaleMeasuredStepMs(
  measured: MeasuredStep,
  parameters: number,
  precision: Precision,
): number {
  const { backend } = measured;
  const ratio =
    stepCost(parameters, precision, backend) /
    stepCost(measured.parameters, measured.precision, backend);
  return measured.ms * ratio;
}

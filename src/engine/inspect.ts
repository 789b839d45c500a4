/**
 * The inspection pass: one whole-context run of `onnx/model_inspect.onnx` (written by
 * scripts/onnx/inspectGraph.ts), read into what the "look inside this step" views show.
 */

/** The inspection file inside a model folder; folders without it cannot be inspected. */
export const INSPECT_MODEL_FILE = 'onnx/model_inspect.onnx';

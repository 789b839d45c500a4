/**
 * Why an inspection pass failed, read from the runtime's words in the worker, which sends it with
 * its answer (`inspected`'s `reason`): the page explains each kind in the user's language and
 * shows the words under it. An inspection's failure is only ever shown in its panel; the run it
 * looks at is never touched.
 */
export type InspectFailureKind = 'not_a_model' | 'out_of_memory' | 'other';

/**
 * onnxruntime's words for a file it cannot read as a model ("Failed to load model because
 * protobuf parsing failed."), the same that the worker's load reports as a damaged model.
 */
const NOT_A_MODEL =
  /protobuf|parse|invalid model|load model|corrupt|INVALID_PROTOBUF|failed to load/i;

/**
 * Out of memory, as the WASM runtime and the browser say it: C++'s bad_alloc, Emscripten's heap
 * that cannot grow, an ArrayBuffer or WebAssembly.Memory the browser refuses.
 */
const OUT_OF_MEMORY =
  /out of memory|\bOOM\b|bad_alloc|allocation failed|could not allocate|failed to allocate|cannot enlarge memory|maximum memory size exceeded/i;

export function inspectFailureKind(message: string): InspectFailureKind {
  if (OUT_OF_MEMORY.test(message)) return 'out_of_memory';
  if (NOT_A_MODEL.test(message)) return 'not_a_model';
  return 'other';
}

import { describe, expect, it } from 'vitest';
import { inspectFailureKind } from './inspectFailure';

describe('why an inspection pass failed', () => {
  it.each([
    ['Failed to load model because protobuf parsing failed.', 'not_a_model'],
    ["Can't create a session. ERROR_CODE: 7, ERROR_MESSAGE: Failed to load model", 'not_a_model'],
    ['[ONNXRuntimeError] : 7 : INVALID_PROTOBUF : Protobuf parsing failed.', 'not_a_model'],
    ['std::bad_alloc', 'out_of_memory'],
    ['RangeError: Array buffer allocation failed', 'out_of_memory'],
    ['WebAssembly.Memory.grow(): Maximum memory size exceeded', 'out_of_memory'],
    ['Aborted(OOM)', 'out_of_memory'],
    ['Cannot enlarge memory arrays to size 4311744512 bytes (OOM)', 'out_of_memory'],
    ['cannot inspect 0 tokens', 'other'],
    ['HTTP 500 for models/gpt2/onnx/model_inspect.onnx', 'other'],
  ])('%s: %s', (message, kind) => {
    expect(inspectFailureKind(message)).toBe(kind);
  });
});

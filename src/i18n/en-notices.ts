/**
 * English text of errors and notices: what went wrong, in words a student can act on. Kept apart
 * from en.ts so that every fault case is in one place; zh-CN-notices.ts mirrors the keys.
 */
export const enNotices = {
  // — errors: one sentence per code; the worker's technical detail is shown under it —
  error_model_not_found: 'This model is not available here: its folder or files are missing.',
  error_model_damaged:
    'The model file is damaged or is not an ONNX model: download it again or choose another model.',
  error_network:
    'The model could not be downloaded. Check the connection, then press Generate to try again.',
  error_bad_config: 'The model’s config.json is unusable, so the model cannot be loaded.',
  error_bad_tokenizer:
    'The model’s tokenizer (tokenizer.json) cannot be read, so the model cannot be loaded; nothing of it was kept.',
  error_backend: 'The execution backend failed. Choose WASM under Backend and try again.',
  error_no_model: 'No model is loaded yet: press Generate.',
  error_bad_request: 'That request could not be carried out.',
  error_draft_misfit:
    'The draft model reads other tokens than the model: speculative decoding needs a draft with the same tokenizer. Choose another draft.',
  error_internal: 'Something went wrong in the engine. Your runs are kept: try again.',
  error_worker_crashed:
    'The engine stopped unexpectedly. Your runs are kept: Generate, Step or Continue starts it again.',
  errorUnknownModel: 'Unknown model “{id}”: choose one from the model list.',
  errorDetail: 'Details: {detail}',
  // — notices —
  noticeUrlParam: 'Ignored URL parameter {name}="{value}": expected {expected}.',
  // — settings out of range (the settings form; Generate refused) —
  settingExpected: 'Expected {expected}.',
  settingsInvalid:
    'Some settings are out of range: Generate, Step and Continue wait until the marked fields are fixed.',
  noticeRunsSetAside:
    '{n} saved run(s) could not be read (damaged or from another version) and were set aside.',
  noticeWebgpuLost:
    'WebGPU failed during the run ({reason}): switched to WASM and went on from step {step}.',
  // — why the worker runs on the backend it runs on (the backend badge's tooltip) —
  backendWasmRequested: 'WASM requested',
  backendNoAdapter: 'no WebGPU adapter in this browser: using WASM',
  backendWebgpuSoftware: 'WebGPU requested (software adapter)',
  backendWebgpuHardware: 'WebGPU requested (hardware adapter)',
  backendSoftwareSkipped:
    'WebGPU adapter is software ({architecture}), slower than WASM: using WASM',
  backendHardware: 'hardware WebGPU adapter',
  backendSmallModel:
    'hardware WebGPU adapter, but the model is small: WASM runs its steps faster (choose WebGPU to override)',
  backendQ8OnWasm:
    'hardware WebGPU adapter, but 8-bit weights have no WebGPU kernels: WASM is faster (choose WebGPU to override)',
  backendWebgpuFailed: 'WebGPU failed ({reason}): using WASM',
  // — what a setting expects (inside noticeUrlParam and settingExpected) —
  urlKnownModel: 'a model id from the model list',
  urlInteger: 'an integer from {min} to {max}',
  urlIntegerOff: 'an integer from {min} (off) to {max}',
  urlNumber: 'a number from {min} to {max}',
  urlNumberAbove: 'a number in ({min}, {max}]',
  urlTextMax: 'text of at most {max} characters',
  urlOr2: '{a} or {b}',
  urlOr3: '{a}, {b} or {c}',
} as const;

/**
 * English text of the model check: a Hugging Face model id typed by the user, checked before any
 * large download (ModelCheckField); zh-CN-models.ts mirrors the keys.
 */
export const enModels = {
  chatTemplateToggle: 'Chat model: send the prompt through its chat template',
  chatTemplateProblem:
    'The model’s chat template cannot be used ({detail}); the prompt goes in as it is.',
  rawPromptSummary: 'What the model reads (the template’s turns and control tokens included)',
  modelOtherSummary: 'Another model from the Hugging Face Hub…',
  modelCatalogueLabel: 'Models people ask for',
  modelIdLabel: 'Hugging Face model id',
  modelIdHint: 'A text-writing model in the transformers.js layout, e.g. Xenova/distilgpt2',
  modelCheckButton: 'Check',
  modelChecking: 'Checking {repo}…',
  modelCheckOk: '{repo}: {family}, {layers} layers, {params} parameters.',
  modelCheckFiles: 'Files: {list}. The app takes {file} ({size}) and {extra} of settings.',
  modelCheckSpeed:
    'On WASM (no GPU) about {ms} ms a token, {rate} tokens a second, on the reference machine (the benchmark’s 2-core laptop: onnxruntime-web WASM, 2 threads), scaled by parameters from its measured steps: not this device. A run here of GPT-2 or another known model of 50 M parameters or more makes the estimate this browser’s own; WebGPU depends on the GPU.',
  modelCheckSpeedMeasured:
    'On {backend} in this browser about {ms} ms a token, {rate} tokens a second: your run of {model} took {measured} ms a step ({backend}, median of {steps} steps, {date}), scaled by the weights a step reads.',
  modelCheckUse: 'Download {size} and use it',
  modelFamilyGpt2: 'GPT-2 family',
  modelFamilyLlama: 'Llama family',
  modelRefusedBadId: 'A model id is written owner/name, e.g. Xenova/distilgpt2.',
  modelRefusedNotFound:
    'The Hub has no public model {repo}: check the spelling. Private models cannot be downloaded here.',
  modelRefusedGated:
    '{repo} is gated: its files need a Hugging Face account that accepted its terms, so the app cannot download them.',
  modelRefusedUnreachable:
    'Could not reach {source} to check {repo} ({detail}). Nothing was downloaded.',
  modelRefusedEncoder:
    '{repo} is an encoder model ({architecture}): it does not write text one token after another.',
  modelRefusedArchitecture:
    '{repo} is a {architecture}: the engine computes GPT-2-family and Llama/Qwen2 decoders only.',
  modelRefusedConfig: 'The engine cannot compute what {repo}’s config.json asks for: {detail}',
  modelRefusedNoOnnx:
    '{repo} has no ONNX file in the transformers.js layout (onnx/model.onnx, model_quantized.onnx or model_fp16.onnx).',
  modelRefusedExternal:
    '{repo}’s ONNX files keep their weights in a separate file (model.onnx_data), which the app cannot load.',
  modelRefusedNoTokenizer: '{repo} has no tokenizer.json.',
  modelRefusedTooBig:
    '{repo}’s smallest file is {size}: more than this device can hold ({limit}). Nothing was downloaded.',
  modelRefusedServer:
    'A teacher’s server serves only the models it was filled with: choose the Hub or the mirror to check another model.',
  modelRefusedTokenizer:
    '{repo} is a GPT-2-family model with its own vocabulary ({vocab} tokens). The page reads a tokenizer.json for Llama-family models only, and GPT-2’s tokenizer does not fit this one, so it cannot run it.',
  modelRefusedTokenizerFile:
    '{repo}’s tokenizer.json cannot be read here, so its tokens could not be shown honestly: {detail}',
  linkDownloadText:
    'This link asks for {model}, a download of about {size} from {source}. Nothing is downloaded until you agree.',
  linkDownloadButton: 'Download {size}',
  linkDownloadRun: 'Download {size} and run',
} as const;

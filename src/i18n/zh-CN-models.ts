import type { enModels } from './en-models';

/** 模型检查的简体中文文本(键与 en-models.ts 相同)。 */
export const zhCNModels: Record<keyof typeof enModels, string> = {
  chatTemplateToggle: '对话模型：通过它的对话模板发送提示',
  chatTemplateProblem: '无法使用该模型的对话模板（{detail}）；提示将按原样输入。',
  rawPromptSummary: '模型实际读取的内容（包括模板的轮次和控制词元）',
  modelOtherSummary: '来自 Hugging Face Hub 的其他模型…',
  modelCatalogueLabel: '常用模型',
  modelIdLabel: 'Hugging Face 模型 ID',
  modelIdHint: 'transformers.js 格式的文本生成模型，例如 Xenova/distilgpt2',
  modelCheckButton: '检查',
  modelChecking: '正在检查 {repo}…',
  modelCheckOk: '{repo}：{family}，{layers} 层，{params} 个参数。',
  modelCheckFiles: '文件：{list}。本应用下载 {file}（{size}）和 {extra} 的配置文件。',
  modelCheckSpeed:
    '在 WASM（无 GPU）上约每个词元 {ms} 毫秒，每秒 {rate} 个词元：这是参考机器（基准测试用的双核笔记本电脑：onnxruntime-web WASM，2 个线程）的数字，按参数量从它的实测步长换算，并非本设备。在这里用 GPT-2 或其他已知的、5000 万参数以上的模型生成一次，估计就会以本浏览器的实测为准；WebGPU 的速度取决于显卡。',
  modelCheckSpeedMeasured:
    '在本浏览器的 {backend} 上约每个词元 {ms} 毫秒，每秒 {rate} 个词元：你用 {model} 的生成记录每步 {measured} 毫秒（{backend}，{steps} 步的中位数，{date}），按每步读取的权重换算。',
  modelCheckUse: '下载 {size} 并使用',
  modelFamilyGpt2: 'GPT-2 系列',
  modelFamilyLlama: 'Llama 系列',
  modelRefusedBadId: '模型 ID 的写法是“所有者/名称”，例如 Xenova/distilgpt2。',
  modelRefusedNotFound: 'Hub 上没有公开模型 {repo}：请检查拼写。这里无法下载私有模型。',
  modelRefusedGated:
    '{repo} 是受限模型：需要已同意其条款的 Hugging Face 账号才能下载文件，本应用无法下载。',
  modelRefusedUnreachable: '无法连接 {source} 来检查 {repo}（{detail}）。没有下载任何文件。',
  modelRefusedEncoder: '{repo} 是编码器模型（{architecture}）：它不会逐个词元地生成文本。',
  modelRefusedArchitecture:
    '{repo} 是 {architecture}：引擎只计算 GPT-2 系列和 Llama/Qwen2 解码器。',
  modelRefusedConfig: '{repo} 的 config.json 要求引擎无法计算的内容：{detail}',
  modelRefusedNoOnnx:
    '{repo} 没有 transformers.js 格式的 ONNX 文件（onnx/model.onnx、model_quantized.onnx 或 model_fp16.onnx）。',
  modelRefusedExternal:
    '{repo} 的 ONNX 文件把权重放在单独的文件（model.onnx_data）中，本应用无法加载。',
  modelRefusedNoTokenizer: '{repo} 没有 tokenizer.json。',
  modelRefusedTooBig:
    '{repo} 最小的文件也有 {size}：超出本设备的容量（{limit}）。没有下载任何文件。',
  modelRefusedServer: '老师的服务器只提供已放入的模型：要检查其他模型，请选择 Hub 或镜像。',
  modelRefusedTokenizer:
    '{repo} 是使用自己词表（{vocab} 个词元）的 GPT-2 系列模型。页面只为 Llama 系列模型读取 tokenizer.json，而 GPT-2 的分词器不适用于它，所以无法运行。',
  modelRefusedTokenizerFile:
    '无法读取 {repo} 的 tokenizer.json，因此无法如实显示它的词元：{detail}',
  linkDownloadText:
    '这个链接要使用 {model}，需要从 {source} 下载约 {size}。在你同意之前不会下载任何文件。',
  linkDownloadButton: '下载 {size}',
  linkDownloadRun: '下载 {size} 并运行',
};

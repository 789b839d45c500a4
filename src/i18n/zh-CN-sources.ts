/** Simplified Chinese text of the model sources and of models from the user's files. */
import type { enSources } from './en-sources';

export const zhCNSources: Record<keyof typeof enSources, string> = {
  sourceLabel: '下载来源',
  sourceHub: 'Hugging Face Hub',
  sourceMirror: '镜像站（hf-mirror.com）',
  sourceServer: '老师的服务器…',
  sourceUrlLabel: '老师服务器的地址',
  sourceUrlHint: '一个提供 models/gpt2 的 Stepwise 站点地址，例如 {example}',
  sourceUse: '使用',
  sourceNameHub: 'Hugging Face Hub',
  sourceNameMirror: '镜像站 hf-mirror.com',
  sourceNameServer: '老师的服务器 {url}',
  sourceNotUrl: '这不是一个网址：请写成 http://192.168.1.10:4173/ 这样的形式。',
  sourceNotHttp: '只有 http:// 和 https:// 地址可以提供模型。',
  sourceMixedContent:
    '这个页面是通过 https 打开的，浏览器会拦截 http:// 服务器：请使用 https:// 地址，或直接从老师的服务器打开 Stepwise。',
  sourceNotAllowed:
    '本站只能从 Hub、镜像站和 {allowed} 下载模型。请直接从老师的服务器打开 Stepwise，或在构建本站时用 STEPWISE_MODEL_ORIGIN 指定该服务器。',
  urlSource: 'hub、mirror 或老师服务器的地址（{problem}）',
  downloadFailed:
    '无法从{source}下载 GPT-2；仍使用 {previous}。你可以重试，在“下载来源”中换一个来源（Hub 镜像站或老师的服务器），或者从 U 盘加载模型文件。',
  filesLoad: '加载模型文件…',
  filesHint: '选择或拖入模型文件夹中的 config.json 和 .onnx 文件（例如从 U 盘）。',
  filesDrop: '把模型文件夹或其中的文件拖到这里',
  filesStoring: '正在检查并保存文件…',
  filesNoConfig: '所选文件中没有 config.json：请把它和 .onnx 文件一起选上。',
  filesNoOnnx: '所选文件中没有 .onnx 模型文件：请把它和 config.json 一起选上。',
  filesSeveralOnnx: '所选文件中有多个名称不明的 .onnx 文件：请只选一个。',
  filesBadConfig: '这个 config.json 不是 GPT-2 模型的配置，因此没有加载这些文件。',
  filesBadModel:
    '这个 .onnx 文件不是 Stepwise 能运行的 GPT-2 模型（需要引擎能读取的缓存接口），因此没有加载这些文件。',
  filesNoStorage: '这个浏览器不为本页面保存文件（无痕窗口，或不是 https 地址）：无法保存这些文件。',
  filesLoadFailed:
    '无法加载这些文件中的模型；仍使用 {previous}。请检查 .onnx 文件是否完整，并且与这个 config.json 配套。',
  modelFiles: '{name} — 来自你的文件',
};

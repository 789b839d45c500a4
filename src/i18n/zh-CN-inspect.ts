import type { enInspect } from './en-inspect';

/** 检视视图：因果掩码、注意力权重与热图、逻辑透镜、预填充的预测。 */
export const zhCNInspect: Record<keyof typeof enInspect, string> = {
  insLook: '查看这一步的内部',
  insLookPrefill: '查看预填充的内部',
  insLookHint:
    '对这一步的上下文额外运行一次前向计算，同时返回注意力权重和每一层的预测。生成过程从不运行它。',
  insTitle: '第 {n} 步的内部',
  insTitlePrefill: '预填充的内部',
  insClose: '关闭',
  insLoading: '正在对 {n} 个词元运行检视计算…',
  insMissing:
    '此模型没有检视文件（onnx/model_inspect.onnx），因此无法显示它的注意力和各层。生成不受影响。',
  insHubOnly:
    '此模型按 Hub 上发布的原样加载：注意力和各层视图需要本应用自己写出的检视图（onnx/model_inspect.onnx），仅来自 Hub 的模型没有它。生成不受影响。',
  insFailed: '检视计算失败。',
  insFailedNotModel:
    '检视文件（onnx/model_inspect.onnx）不是运行时能读取的模型：文件已损坏或不完整，或者被换成了别的文件。',
  insFailedMemory:
    '检视计算内存不足：它要同时保存每一层在整个上下文上的注意力。更早的一步上下文更短，所需内存更少。',
  insFailedRunGoesOn: '生成不受影响：它的步骤可以继续，也可以查看其他步骤的内部。运行时的原话：',
  insRetry: '重试',
  insNeedModel: '请先加载这次生成所用的模型（{model}），再查看它的步骤内部。',
  insPassTime: '对 {n} 个词元额外计算一次，用时 {ms} 毫秒。',
  insTinyNote:
    '{model} 的权重是随机的：它的注意力模式和各层的预测都没有意义，但这些正是模型实际算出的数值。',
  insMaskTitle: '因果掩码：每个位置可以读取哪些位置',
  insMaskHelp:
    '行是正在读取的位置，列是被读取的位置。每个位置只读取自己和之前的位置，从不读取之后的位置。',
  insMaskAria: '{n} 个位置的因果掩码：{allowed} 个格子允许，{masked} 个被遮住',
  insAttnTitle: '最新位置的注意力',
  insAttnHelp: '在所选的层和注意力头中，位置 {n} 从它读取的每个词元获取多少信息。权重之和为 1。',
  insLayer: '层',
  insHead: '注意力头',
  insHeadAverage: '各头的平均',
  insLayerOption: '第 {n} 层',
  insHeadOption: '第 {n} 个头',
  insHeatTitle: '所有位置的注意力热图',
  insHeatAria: '注意力热图，第 {layer} 层，{head}：{n} × {n} 个位置；颜色越深表示注意力越多',
  insHeatLoading: '正在获取这个头的热图…',
  insLensTitle: '逻辑透镜：每一层会预测什么',
  insLensHelp:
    '在每一层之后，把最终的层归一化和输出矩阵作用于残差流。最后一层就是模型自己的预测，即这一步的候选词元。',
  insLensLayer: '第 {n} 层之后',
  insPrefillTitle: '模型在每个提示词元之后的预测',
  insPrefillHelp: '预填充一次算出所有提示位置；每一行是读到该位置为止之后最可能的下一个词元。',
  insPosition: '位置 {n}',
};

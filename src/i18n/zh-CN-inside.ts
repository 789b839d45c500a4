/** 预填充方块与视图、KV 缓存面板，以及 URL 参数 `step` 的取值说明。 */
export const zhCNInside = {
  prefillBlock: '预填充 · {n} 个词元 · {ms} 毫秒',
  prefillBlockTip: '预填充：一次并行处理提示词的全部 {n} 个词元，用时 {ms} 毫秒。点击查看。',
  prefillTitle: '预填充：一次处理整个提示词',
  prefillWhy:
    '模型一次性并行计算提示词的全部 {n} 个位置，因为提示词事先已经知道：没有哪个位置需要等待别的位置。',
  prefillTokens: '提示词的词元',
  prefillRatio: '预填充 {n} 个词元用时 {ms} 毫秒，约等于 {y} 个解码步骤的用时',
  prefillMedian: '（解码步骤用时的中位数：{ms} 毫秒，共 {k} 步）',
  prefillNoDecode: '预填充 {n} 个词元用时 {ms} 毫秒；这条记录还没有可以比较的解码步骤。',
  prefillWait:
    '之后的每个解码步骤都必须等待上一个词元：第 n 步选出词元之前，第 n + 1 步无法开始，所以解码步骤只能一个接一个地运行。',
  kvTitle: '第 {n} 步之后的 KV 缓存',
  kvTitlePrefill: '预填充之后的 KV 缓存',
  kvShape:
    '形状：{layers} 层 × 2（键、值）× {heads} 个注意力头 × {rows} 个位置 × 每个头 {dim} 个值',
  kvBytes: '以 float32（每个值 4 字节）存储共 {bytes}；每多一个词元增加 {per}',
  kvDecode:
    '这一步读取了缓存中已有的 {read} 行（之前的每个位置），并在每一层写入 1 行新数据，对应它最后读入的词元。',
  kvPrefill: '预填充在每一层一次性写入了提示词的 {n} 行；此时还没有可以读取的内容。',
  kvGrid: '缓存中的位置，每列一个（最新的在右边），按层排列',
  kvEarlier: '… 之前 {n} 个',
  kvLayer: '第 {n} 层',
  kvLegendRead: '从缓存读取',
  kvLegendWritten: '这一步写入',
  kvOff: '不使用缓存时，每一步都要把全部 {n} 个位置的键和值重新计算一遍，而不是从缓存中读回。',
  kvOffRun:
    '这条记录生成时没有使用缓存：这一步模型重新计算了全部 {n} 个位置。上面画的是使用缓存时保存的内容。',
  kvShapeUnknown: '模型加载之后才知道它的形状。',
  // — URL 参数 `step` 的取值（用在 noticeUrlParam 中）—
  urlStepOfRun: '0（预填充）到 {max} 之间的步数，即当前显示的记录中的步骤',
  urlStepNoRun: '某条记录中的步骤，但当前没有显示任何记录',
} as const;

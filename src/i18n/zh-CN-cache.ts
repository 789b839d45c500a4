/** Simplified Chinese text of the cache mode (mirrors en-cache.ts). */
import type { enCache } from './en-cache';

export const zhCNCache: Record<keyof typeof enCache, string> = {
  cacheToggle: '使用 KV 缓存',
  cacheHint:
    '关闭后：每一步都把整段文本重新输入模型，就像最简单的循环那样。生成的词元相同，但每步用时更长。',
  cacheOffWarning:
    '不使用缓存时，每一步都要重新读取整段文本：提示词加步数共 {n} 个位置，这次生成会很慢。',
  cacheOffCost: '模型总共要计算 {without} 个位置，而使用缓存时只需 {with} 个：是其 {ratio} 倍。',
  runNoCache: '无 KV 缓存',
  rerunWithoutCache: '不用缓存再生成一次',
  rerunWithoutCacheHint: '不使用 KV 缓存重新生成这条记录，并与它对照：词元相同，用时不同。',
  compareTimeTitle: '每步模型用时（毫秒）',
  compareTimeAria: '每步模型用时（毫秒）：{a} 与 {b} 对照',
  compareTimeTotal: '{name}：共 {ms} 毫秒',
  compareWithCache: '使用缓存',
  compareWithoutCache: '不使用缓存',
};

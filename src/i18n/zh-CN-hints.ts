/** Simplified Chinese text of the page's explanations (mirrors en-hints.ts). */
import type { enHints } from './en-hints';

export const zhCNHints: Record<keyof typeof enHints, string> = {
  // — 页眉 —
  status_playing: '正在播放',
  madeSpeed: '生成时 {n} 词元/秒 · {ms} 毫秒/步',
  madeSpeedHelp:
    '模型的速度，在生成这条记录时测得（第 1 步之后各步的中位数）。播放已记录的步骤时不会再运行模型。',
  playRate: '播放：每秒 {n} 步',
  playRateHelp:
    '“播放”以这个速度显示已记录的步骤（在时间线下方设置）；只有尚未生成的步骤才会请求模型。',
  backendLabel: '后端',
  backendOnCpu: '（CPU）',
  backendOnGpu: '（GPU）',
  threadsLabel: '{n} 个线程',
  threadsHelp: 'WASM 同时用 {n} 个 CPU 线程运行模型。',
  threadsLabelOne: '1 个线程',
  threadsHelpOne:
    'WASM 用 1 个 CPU 线程运行模型：多线程需要跨源隔离的页面（服务器发送 COOP/COEP 头）和多于一个的 CPU 核心。',
  // — 四种前进方式 —
  generateHint: '从提示词开始一条新的生成记录，共 {n} 步。',
  stepHint: '为当前显示的记录再生成一个词元（无法继续时开始一条新记录）。',
  continueHint: '接着生成当前记录剩下的步骤，一步接一步。',
  playHint: '按播放速度回放已记录的步骤；到达一条可继续的记录的最新一步时，请模型生成下一步。',
  // — 运行记录与对比 —
  runGreedy: '贪心解码',
  runSampling: '采样，T {t}',
  runTopK: 'top-k {k}',
  runTopP: 'top-p {p}',
  runMinP: 'min-p {p}',
  runSeed: '随机种子 {seed}',
  runName: '记录 {n}',
  // — 上下文条 —
  legendTitle: '颜色',
  legendPrompt: '提示词，已读取',
  legendGenerated: '之前选出的，已读取',
  legendProduced: '这一步生成的',
  legendFuture: '尚未生成',
  tokenPosition: '位置 {n} · id {id}',
  // — 分享链接与通知 —
  shareHint: '生成一个链接，用来重新生成当前显示的记录：模型、提示词、采样设置和步数。',
  shareShown: '链接已生成：请从框中复制。',
  shareLinkLabel: '分享链接',
};

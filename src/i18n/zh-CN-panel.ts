/** Simplified Chinese text of the settings panel, byte pieces and page title (mirrors en-panel.ts). */
import type { enPanel } from './en-panel';

export const zhCNPanel: Record<keyof typeof enPanel, string> = {
  pageTitle: 'Stepwise — 看 GPT-2 逐个词元生成文本',
  settingsChanged: '设置已更改：下次点击“生成”或“单步”会开始一条新的生成记录。',
  stepNewHint: '按更改后的设置开始一条新的生成记录，每次生成一个词元。',
  continueChanged: '“继续”只会沿用当前记录原来的设置：要使用新设置，请点击“生成”或“单步”。',
  samplingOnly: '贪心解码总是选概率最高的词元：这些设置只在采样时起作用。',
  ep_auto: '自动',
  ep_webgpu: 'WebGPU',
  ep_wasm: 'WASM',
  bytePieces:
    'GPT-2 的词表主要是从英文文本中学到的，所以一个汉字常被拆成 2–3 个字节词元，显示为 ⟨e4\u00a0bb⟩。同一个字的几个片段由一条下划线连起来，后面标出这个字。',
  charGroup: '这 {n} 个词元合起来是“{char}”',
  probAt: '{at}：{prob}',
  stepTip: '第 {n} 步 · id {id} · {prob} · {ms} 毫秒',
};

/** Simplified Chinese text of presenter mode (mirrors en-presenter.ts). */
import type { enPresenter } from './en-presenter';

export const zhCNPresenter: Record<keyof typeof enPresenter, string> = {
  presenterOn: '演示',
  presenterHelp:
    '演示模式：为投影仪放大字号，只显示当前这一步。按键：空格播放，← → 单步，Home/End，Esc 退出。',
  presenterKeys: '空格 播放/暂停 · ← → 单步 · Home/End · 1–8 课程章节 · Esc 退出',
};

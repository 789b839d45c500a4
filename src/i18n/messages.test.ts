import { describe, expect, it } from 'vitest';
import { initialState, type AppError } from '../store/appStore';
import { badRequest, fallbackChange, workerError } from '../store/faults';
import { restoreState } from '../store/restore';
import { parseUrlParams } from '../store/urlParams';
import { chooseBackend } from '../worker/backend';
import { en, type MessageKey } from './en';
import { dictionaries, translateMessage } from './index';
import { message, type Message } from './message';

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

/** Every code an error in the store can carry; the type makes this list exhaustive. */
const ERROR_CODES: Record<AppError['code'], true> = {
  model_not_found: true,
  model_damaged: true,
  network: true,
  bad_config: true,
  bad_tokenizer: true,
  backend: true,
  no_model: true,
  bad_request: true,
  draft_misfit: true,
  internal: true,
  worker_crashed: true,
};

const SOFTWARE = { vendor: 'google', architecture: 'swiftshader', fallback: true };
const TINY_FILES = { approxBytes: 13e6, precision: 'fp32' } as const;
const GPT2_FILES = { approxBytes: 498e6, precision: 'fp32' } as const;

/** One of every error and notice the app shows, made by the code that makes them. */
function everyNoticeAndError(): Message[] {
  const url = parseUrlParams(
    '?model=../x&steps=0&strategy=x&temperature=x&topK=x&topP=x&seed=x&ep=x&lang=x&autoplay=x',
  );
  expect(url.invalid).toHaveLength(10);
  const restored = restoreState({ runs: [42] }, initialState());
  const fallback = fallbackChange(initialState(), {
    kind: 'fallback',
    id: 1,
    backend: 'wasm',
    threads: 2,
    backendNote: { key: 'backendWasmRequested' },
    reason: 'device lost',
    step: 3,
  });
  return [
    ...Object.keys(ERROR_CODES).map((code) => workerError(code as AppError['code'], 'x').message),
    ...url.invalid.map((i) =>
      message('noticeUrlParam', { name: i.name, value: i.value, expected: i.reason }),
    ),
    ...restored.notices,
    ...(fallback.notices ?? []),
    badRequest('promptEmpty').message,
    badRequest('promptTooLong', { n: 300, limit: 256 }).message,
    badRequest('errorUnknownModel', { id: 'x' }).message,
    badRequest('importFailed', { file: 'a.json', reason: 'x' }).message,
    message('imported', { file: 'a.json' }),
    // The backend badge's tooltip: why this backend.
    ...(['auto', 'webgpu', 'wasm'] as const).flatMap((ep) =>
      [null, SOFTWARE, { ...SOFTWARE, fallback: false }].flatMap((a) =>
        [TINY_FILES, GPT2_FILES, { ...GPT2_FILES, precision: 'q8' as const }].map(
          (m) => chooseBackend(ep, a, m).note,
        ),
      ),
    ),
    message('backendWebgpuFailed', { reason: 'x' }),
  ];
}

describe('the dictionaries', () => {
  it('give every key a text in both languages, with the same placeholders', () => {
    for (const key of Object.keys(en) as MessageKey[]) {
      for (const lang of ['en', 'zh-CN'] as const) {
        expect(dictionaries[lang][key], `${lang} ${key}`).toBeTruthy();
      }
      expect(placeholders(dictionaries['zh-CN'][key]).sort(), key).toEqual(
        placeholders(en[key]).sort(),
      );
    }
  });

  it('render every notice and error kind in English and in Chinese, fully', () => {
    const all = everyNoticeAndError();
    expect(all.length).toBeGreaterThan(20);
    for (const m of all) {
      const english = translateMessage('en', m);
      const chinese = translateMessage('zh-CN', m);
      expect(english, m.key).not.toMatch(/\{\w+\}|[\u4e00-\u9fff]/);
      expect(chinese, m.key).not.toMatch(/\{\w+\}/);
      expect(chinese, m.key).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('use full-width punctuation between Chinese words, never a half-width ": " or ", "', () => {
    const cjk = '[\\u3400-\\u9fff（）“”]';
    // An opening quote may start quoted English with its own comma (GPT-2's “, the world …”).
    const beforeSpace = '[\\u3400-\\u9fff（）”]';
    const halfWidth = new RegExp(`${cjk}\\s*[:,;]\\s*${cjk}|${beforeSpace}[:,;] `);
    for (const [key, text] of Object.entries(dictionaries['zh-CN'])) {
      expect(text, key).not.toMatch(halfWidth);
    }
    expect('第 1 步: 选中').toMatch(halfWidth);
    expect('生成, 采样').toMatch(halfWidth);
    expect('第 1 步：选中').not.toMatch(halfWidth);
    expect('文章里的：“, the world”').not.toMatch(halfWidth);
  });

  it('keep the glossary: 生成记录 for a run, 解码策略, 模型计算用时, 并行 prefill', () => {
    const avoid = [
      /运行记录/,
      /[这一两整每][次条]运行/,
      /运行 \{n\}/,
      /模型内耗时/,
      /如何写作/,
      /以概率/,
    ];
    for (const [key, text] of Object.entries(dictionaries['zh-CN'])) {
      for (const phrase of avoid) expect(text, key).not.toMatch(phrase);
    }
    const zh = dictionaries['zh-CN'];
    expect(zh.runs).toBe('生成记录');
    expect(zh.strategy).toBe('解码策略');
    expect(zh.greedy).toMatch(/^贪心解码/);
    expect(zh.topP).toMatch(/核采样/);
    expect(zh.sdPrefill).toMatch(/并行/);
  });

  it('keep stored messages as data, so a language switch re-renders them', () => {
    const [notice] = restoreState({ runs: [1, 2] }, initialState()).notices;
    expect(JSON.parse(JSON.stringify(notice))).toEqual({
      key: 'noticeRunsSetAside',
      params: { n: 2 },
    });
    expect(translateMessage('en', notice)).toContain('2 saved run(s)');
    expect(translateMessage('zh-CN', notice)).toContain('有 2 条');
  });
});

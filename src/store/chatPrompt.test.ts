import { beforeEach, describe, expect, it } from 'vitest';
import { GPT2_VOCABULARY } from '../engine/vocabulary/gpt2Vocabulary';
import { loadVocabulary } from '../engine/vocabulary/loadVocabulary';
import { qwenTokenizerFiles } from '../engine/vocabulary/testing/qwenTokenizerFiles';
import type { Vocabulary } from '../engine/vocabulary/types';
import { modelPrompt, setChat, useChatStore } from './chatPrompt';
import { parseUrlParams } from './urlParams';

const PROMPT = '从前有一个小女孩';
const qwen = loadVocabulary(qwenTokenizerFiles());

beforeEach(() => setChat(true));

describe('modelPrompt', () => {
  it('sends a chat model’s prompt through its template, control tokens encoded as such', () => {
    const read = modelPrompt(qwen, PROMPT);
    expect(read.raw).toBe(`<|im_start|>user\n${PROMPT}<|im_end|>\n<|im_start|>assistant\n`);
    expect(read.ids).toEqual(qwen.encodeWithSpecials(read.raw ?? ''));
    expect(qwen.isSpecial(read.ids[0])).toBe(true);
    expect(read.templateProblem).toBeNull();
  });

  it('sends the text as it is with the setting off, and for a model without a template', () => {
    setChat(false);
    expect(useChatStore.getState().chat).toBe(false);
    expect(modelPrompt(qwen, PROMPT)).toEqual({
      ids: qwen.encode(PROMPT),
      raw: null,
      templateProblem: null,
    });
    setChat(true);
    expect(modelPrompt(GPT2_VOCABULARY, 'Once upon a time').ids).toEqual([7454, 2402, 257, 640]);
  });

  it('falls back on the text as it is when the template cannot be rendered, saying why', () => {
    const broken: Vocabulary = {
      ...qwen,
      encode: (text) => qwen.encode(text),
      encodeWithSpecials: (text) => qwen.encodeWithSpecials(text),
      prefixIds: qwen.prefixIds,
      chatTemplate: { source: '{% for m in messages %}', bosToken: '', eosToken: '' },
    };
    const read = modelPrompt(broken, PROMPT);
    expect(read.ids).toEqual(qwen.encode(PROMPT));
    expect(read.raw).toBeNull();
    expect(read.templateProblem).toMatch(/chat template/);
  });
});

describe('chat= in the URL', () => {
  it('reads 1 and 0, and names anything else', () => {
    expect(parseUrlParams('?chat=0').overrides.chat).toBe(false);
    expect(parseUrlParams('?chat=1').overrides.chat).toBe(true);
    const { overrides, invalid } = parseUrlParams('?chat=yes');
    expect(overrides.chat).toBeUndefined();
    expect(invalid.map((i) => i.name)).toEqual(['chat']);
  });
});

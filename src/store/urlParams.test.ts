import { describe, expect, it } from 'vitest';
import { LIMITS } from '../engine/limits';
import { translateMessage } from '../i18n';
import { message } from '../i18n/message';
import { parseUrlParams } from './urlParams';
import { parseOne as one } from './testing/parseOne';

describe('parseUrlParams', () => {
  it('returns no overrides and nothing invalid for an empty query', () => {
    expect(parseUrlParams('')).toEqual({ overrides: { autoplay: false }, invalid: [] });
    expect(parseUrlParams('?')).toEqual({ overrides: { autoplay: false }, invalid: [] });
  });

  it('reads every parameter of a shared link at once', () => {
    const query = new URLSearchParams({
      model: 'Xenova/gpt2@hub:q8',
      prompt: 'Hello, world',
      steps: '12',
      strategy: 'sample',
      temperature: '0.7',
      topK: '40',
      topP: '0.9',
      seed: '7',
      ep: 'wasm',
      lang: 'zh-CN',
      autoplay: '1',
    });
    expect(parseUrlParams(`?${query}`)).toEqual({
      overrides: {
        modelId: 'Xenova/gpt2@hub:q8',
        prompt: 'Hello, world',
        steps: 12,
        strategy: 'sample',
        temperature: 0.7,
        topK: 40,
        topP: 0.9,
        seed: 7,
        ep: 'wasm',
        lang: 'zh-CN',
        autoplay: true,
      },
      invalid: [],
    });
  });

  it.each([
    ['tiny-gpt2', 'tiny-gpt2'],
    ['gpt2:fp16', 'gpt2:fp16'],
    ['Xenova/gpt2@hub', 'Xenova/gpt2@hub'],
    ['Xenova/gpt2@hub:q8', 'Xenova/gpt2@hub:q8'],
  ])('accepts the model id %s', (value, modelId) => {
    expect(one('model', value)).toEqual({ overrides: { autoplay: false, modelId }, invalid: [] });
  });

  it.each(['tiny-gpt2-draft', 'gpt2-shaped-draft:q8'])(
    'takes the draft %s as a draft only, not as the model',
    (id) => {
      const [bad] = parseUrlParams(`?model=${id}`).invalid;
      expect(bad).toMatchObject({ name: 'model', value: id });
      expect(parseUrlParams(`?draft=${id}`).invalid).toEqual([]);
    },
  );

  it('names an unknown model id in both languages, like any other bad parameter', () => {
    const [bad] = parseUrlParams('?model=foo').invalid;
    expect(bad.name).toBe('model');
    expect(bad.value).toBe('foo');
    for (const lang of ['en', 'zh-CN'] as const) {
      const notice = message('noticeUrlParam', {
        name: bad.name,
        value: bad.value,
        expected: bad.reason,
      });
      expect(translateMessage(lang, notice)).toContain('model="foo"');
    }
  });

  it('accepts the hub id percent-encoded, as links carry it', () => {
    const { overrides, invalid } = parseUrlParams('?model=Xenova%2Fgpt2%40hub&ep=wasm');
    expect(invalid).toEqual([]);
    expect(overrides.modelId).toBe('Xenova/gpt2@hub');
  });

  it.each([
    '../etc',
    'a/b/c',
    'tiny-gpt2:int4',
    'Xenova/gpt2@hub:fp32',
    'x y',
    '',
    'foo',
    'gpt3:q8',
  ])('rejects the model id "%s"', (value) => {
    const { overrides, invalid } = one('model', value);
    expect(overrides.modelId).toBeUndefined();
    expect(invalid).toEqual([{ name: 'model', value, reason: 'a model id from the model list' }]);
  });

  it('takes any prompt as it is, the empty one included', () => {
    expect(one('prompt', '  spaces & ünïcode 猫 ').overrides.prompt).toBe('  spaces & ünïcode 猫 ');
    expect(one('prompt', '').overrides.prompt).toBe('');
  });

  it('takes a prompt up to the prompt box’s length', () => {
    const max = LIMITS.promptChars.max;
    expect(one('prompt', 'a'.repeat(max)).overrides.prompt).toHaveLength(max);
    const { overrides, invalid } = one('prompt', 'a'.repeat(max + 1));
    expect(overrides.prompt).toBeUndefined();
    expect(invalid.map((i) => i.reason)).toEqual([`text of at most ${max} characters`]);
  });

  it('reads strategy=beam and strategy=jacobi as a decoding, not a sampling strategy', () => {
    expect(one('strategy', 'beam')).toEqual({
      overrides: { autoplay: false, decoding: 'beam' },
      invalid: [],
    });
    expect(one('strategy', 'jacobi')).toEqual({
      overrides: { autoplay: false, decoding: 'jacobi' },
      invalid: [],
    });
    // Speculative decoding samples as the form does: greedy unless the link gives a temperature.
    expect(one('strategy', 'speculative')).toEqual({
      overrides: { autoplay: false, decoding: 'speculative', strategy: 'greedy' },
      invalid: [],
    });
    expect(parseUrlParams('?strategy=speculative&temperature=0.7&seed=5').overrides).toEqual({
      autoplay: false,
      decoding: 'speculative',
      strategy: 'sample',
      temperature: 0.7,
      seed: 5,
    });
  });

  it('reads autoplay as 1 or 0 only', () => {
    expect(one('autoplay', '1').overrides.autoplay).toBe(true);
    expect(one('autoplay', '0')).toEqual({ overrides: { autoplay: false }, invalid: [] });
    expect(one('autoplay', 'yes')).toEqual({
      overrides: { autoplay: false },
      invalid: [{ name: 'autoplay', value: 'yes', reason: '1 or 0' }],
    });
  });

  it('reads cache as 1 (with the KV cache) or 0 (without), and names any other value', () => {
    expect(one('cache', '0').overrides).toEqual({ autoplay: false, cache: false });
    expect(one('cache', '1').overrides).toEqual({ autoplay: false, cache: true });
    expect(one('cache', 'off')).toEqual({
      overrides: { autoplay: false },
      invalid: [{ name: 'cache', value: 'off', reason: '1 or 0' }],
    });
  });

  it('reads lookup as 1 (Jacobi guesses by prompt lookup) or 0, and names any other value', () => {
    expect(one('lookup', '1').overrides).toEqual({ autoplay: false, lookup: true });
    expect(one('lookup', '0').overrides).toEqual({ autoplay: false, lookup: false });
    expect(one('lookup', 'true')).toEqual({
      overrides: { autoplay: false },
      invalid: [{ name: 'lookup', value: 'true', reason: '1 or 0' }],
    });
  });

  it('lists every invalid parameter, in order, and keeps the valid ones', () => {
    const { overrides, invalid } = parseUrlParams(
      '?steps=0&temperature=-1&topK=1.5&topP=1.1&seed=-1&strategy=foo&lang=fr&model=../etc&ep=wasm',
    );
    expect(overrides).toEqual({ autoplay: false, ep: 'wasm' });
    expect(invalid.map((i) => i.name)).toEqual([
      'model',
      'steps',
      'strategy',
      'temperature',
      'topK',
      'topP',
      'seed',
      'lang',
    ]);
    expect(invalid.every((i) => translateMessage('zh-CN', i.reason).length > 0)).toBe(true);
  });

  it('ignores parameters it does not know', () => {
    expect(parseUrlParams('?utm_source=mail&foo=bar')).toEqual({
      overrides: { autoplay: false },
      invalid: [],
    });
  });
});

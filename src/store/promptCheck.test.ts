import { describe, expect, it } from 'vitest';
import { TINY_GPT2 } from '../engine/modelShape';
import { checkPrompt, contextLimit } from './promptCheck';

describe('prompt checks', () => {
  it('refuses an empty prompt', () => {
    expect(checkPrompt([], 256, false)).toEqual({ ok: false, reason: 'empty' });
  });

  it('refuses a prompt past the context with its count and the limit', () => {
    const ids = Array.from({ length: 300 }, (_, i) => i);
    expect(checkPrompt(ids, 256, false)).toEqual({
      ok: false,
      reason: 'too_long',
      count: 300,
      limit: 256,
    });
  });

  it('keeps the most recent tokens when the user opted in', () => {
    const ids = Array.from({ length: 300 }, (_, i) => i);
    const check = checkPrompt(ids, 256, true);
    expect(check).toEqual({ ok: true, ids: ids.slice(44), truncatedFrom: 300 });
  });

  it('leaves room for the steps asked for when it cuts', () => {
    const ids = Array.from({ length: 300 }, (_, i) => i);
    expect(checkPrompt(ids, 256, true, 20)).toEqual({
      ok: true,
      ids: ids.slice(300 - 236),
      truncatedFrom: 300,
    });
    const check = checkPrompt(ids, 256, true, 1024);
    expect(check).toEqual({ ok: true, ids: [299], truncatedFrom: 300 });
  });

  it('accepts a prompt exactly at the limit', () => {
    const ids = Array.from({ length: 256 }, () => 1);
    expect(checkPrompt(ids, 256, false)).toMatchObject({ ok: true, truncatedFrom: null });
  });

  it('knows the limit before a model is loaded and trusts the config after', () => {
    expect(contextLimit('tiny-gpt2', null)).toBe(256);
    expect(contextLimit('Xenova/gpt2@hub', null)).toBe(1024);
    expect(contextLimit('gpt2', { ...TINY_GPT2, context: 512 })).toBe(512);
  });
});

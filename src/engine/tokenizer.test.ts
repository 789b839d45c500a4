import { describe, expect, it } from 'vitest';
import {
  adoptView,
  decodeTokens,
  encodeText,
  tokenBytes,
  viewToken,
  END_OF_TEXT_ID,
} from './tokenizer';

import {
  ARTICLE_PROMPT,
  ARTICLE_PROMPT_IDS,
  ARTICLE_TEXT,
  ARTICLE_TOKENS as ARTICLE_CONTINUATION,
} from './testing/articleRun';

describe('GPT-2 tokenizer', () => {
  it('encodes the article prompt to the reference ids', () => {
    expect(encodeText(ARTICLE_PROMPT)).toEqual(ARTICLE_PROMPT_IDS);
  });

  it('decodes the reference continuation to the reference text', () => {
    expect(decodeTokens(ARTICLE_CONTINUATION)).toBe(ARTICLE_TEXT);
    expect(encodeText(decodeTokens(ARTICLE_CONTINUATION))).toEqual(ARTICLE_CONTINUATION);
  });

  it('keeps the bytes of tokens that are fragments of a Chinese character', () => {
    const text = '今天天气很好';
    const ids = encodeText(text);
    expect(ids).toHaveLength(10);
    const views = ids.map(viewToken);
    const fragments = views.filter((v) => !v.complete);
    expect(fragments.length).toBeGreaterThan(0);
    expect(views[0]).toEqual({ label: '⟨e4 bb⟩', complete: false, hex: 'e4 bb' });
    // Bytes of all tokens together are exactly the UTF-8 of the text.
    const joined = ids.flatMap((id) => Array.from(tokenBytes(id)));
    expect(joined).toEqual(Array.from(new TextEncoder().encode(text)));
    expect(decodeTokens(ids)).toBe(text);
  });

  it('round-trips emoji and treats special-token text as plain text', () => {
    const text = 'Hi 👋🏽 <|endoftext|> done';
    const ids = encodeText(text);
    expect(ids).not.toContain(END_OF_TEXT_ID);
    expect(decodeTokens(ids)).toBe(text);
    expect(viewToken(END_OF_TEXT_ID).label).toBe('<|endoftext|>');
  });

  it('round-trips right-to-left text (Hebrew, Arabic) mixed with left-to-right', () => {
    for (const text of ['שלום עולם', 'مرحبا بالعالم', 'GPT-2 says שלום and مرحبا 123.']) {
      const ids = encodeText(text);
      expect(decodeTokens(ids)).toBe(text);
      // Tokens follow the text's logical (typed) order, whatever its display direction.
      const joined = ids.flatMap((id) => Array.from(tokenBytes(id)));
      expect(joined).toEqual(Array.from(new TextEncoder().encode(text)));
    }
  });

  it('round-trips control characters and shows invisible ones as symbols', () => {
    const text = 'a\u0000b\u0007c\u001b[31md\u007fe\u202ef\u200bg\u2067h\t\r\n';
    const ids = encodeText(text);
    expect(decodeTokens(ids)).toBe(text);
    const shown = ids.map((id) => viewToken(id).label).join('');
    expect(shown).toContain('␀');
    expect(shown).toContain('␇');
    expect(shown).toContain('␛[31m');
    expect(shown).toContain('␡');
    // Nothing invisible or layout-steering reaches the page; tabs and line breaks stay.
    const invisible = [0, 7, 0x1b, 0x7f, 0x200b, 0x202e, 0x2067];
    expect(
      Array.from(shown, (c) => c.codePointAt(0)).filter((c) => invisible.includes(c!)),
    ).toEqual([]);
    expect(shown).toContain('\t');
    expect(shown).toContain('\n');
  });

  it('encodes 10 000 characters of one letter exactly, without freezing the page', () => {
    const text = 'a'.repeat(10_000);
    const started = performance.now();
    const ids = encodeText(text);
    const ms = performance.now() - started;
    expect(ids).toHaveLength(2500); // 'aaaa' is one token
    expect(new Set(ids).size).toBe(1);
    expect(decodeTokens(ids)).toBe(text);
    // ~115 ms here; GPT-2's BPE is quadratic in the length of one unbroken word (100 000 take ~10 s).
    expect(ms).toBeLessThan(3000);
  });

  it('shows an id outside the vocabulary without throwing', () => {
    expect(viewToken(60000).label).toBe('⟨id 60000⟩');
  });

  it('adopts a view made elsewhere once per id, and keeps one it already holds', () => {
    // The worker's copy of a view arrives as a plain (cloned) object.
    const arrived = { label: ' adopted', complete: true, hex: '20 61' };
    const adopted = adoptView(60001, arrived);
    expect(adopted).toEqual(arrived);
    expect(adopted).not.toBe(arrived);
    expect(Object.isFrozen(adopted)).toBe(true);
    expect(viewToken(60001)).toBe(adopted);
    expect(adoptView(60001, { ...arrived })).toBe(adopted);
    const held = viewToken(995);
    expect(adoptView(995, { label: 'other', complete: true, hex: '' })).toBe(held);
    expect(held.label).toBe(' world');
  });
});

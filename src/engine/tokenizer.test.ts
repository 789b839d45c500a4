import { describe, expect, it } from 'vitest';
import { decodeTokens, encodeText, tokenBytes, viewToken, END_OF_TEXT_ID } from './tokenizer';

const ARTICLE_CONTINUATION = [
  11, 262, 995, 373, 257, 1295, 286, 1049, 8737, 290, 1049, 3514, 13, 383, 995, 373, 257, 1295, 286,
];

describe('GPT-2 tokenizer', () => {
  it('encodes the article prompt to the reference ids', () => {
    expect(encodeText('Once upon a time')).toEqual([7454, 2402, 257, 640]);
  });

  it('decodes the reference continuation to the reference text', () => {
    expect(decodeTokens(ARTICLE_CONTINUATION)).toBe(
      ', the world was a place of great beauty and great danger. The world was a place of',
    );
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

  it('shows an id outside the vocabulary without throwing', () => {
    expect(viewToken(60000).label).toBe('⟨id 60000⟩');
  });
});

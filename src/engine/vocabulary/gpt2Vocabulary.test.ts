import { describe, expect, it } from 'vitest';
import { charGroups } from '../charGroups';
import { ARTICLE_PROMPT, ARTICLE_PROMPT_IDS } from '../testing/articleRun';
import { decodeTokens, encodeText, tokenBytes, viewToken } from '../tokenizer';
import { END_OF_TEXT_ID, GPT2_VOCABULARY as gpt2 } from './gpt2Vocabulary';

describe('GPT-2 through the Vocabulary interface', () => {
  it('gives the same ids as encodeText on the article prompt', () => {
    expect(gpt2.encode(ARTICLE_PROMPT)).toEqual(encodeText(ARTICLE_PROMPT));
    expect(gpt2.encode(ARTICLE_PROMPT)).toEqual(ARTICLE_PROMPT_IDS);
    expect(gpt2.decode(ARTICLE_PROMPT_IDS)).toBe(decodeTokens(ARTICLE_PROMPT_IDS));
  });

  it('shares its bytes and views with the module-level functions', () => {
    for (const id of [0, 995, 8582, END_OF_TEXT_ID, 60000]) {
      expect(gpt2.tokenBytes(id)).toEqual(tokenBytes(id));
      expect(gpt2.viewToken(id)).toBe(viewToken(id));
    }
    expect(gpt2.size).toBe(50257);
    expect(gpt2.kind).toBe('gpt2');
  });

  it('recognises <|endoftext|> only in a chat-template text, and marks it special', () => {
    const text = 'Hi<|endoftext|>there';
    expect(gpt2.encode(text)).not.toContain(END_OF_TEXT_ID);
    const withSpecials = gpt2.encodeWithSpecials(text);
    expect(withSpecials).toEqual([...gpt2.encode('Hi'), END_OF_TEXT_ID, ...gpt2.encode('there')]);
    expect(gpt2.decode(withSpecials)).toBe(text);
    expect(gpt2.encodeWithSpecials('<|endoftext|><|endoftext|>a')).toEqual([
      END_OF_TEXT_ID,
      END_OF_TEXT_ID,
      ...gpt2.encode('a'),
    ]);
    expect(gpt2.isSpecial(END_OF_TEXT_ID)).toBe(true);
    expect(gpt2.isSpecial(995)).toBe(false);
    expect(gpt2.viewToken(END_OF_TEXT_ID)).toEqual({
      label: '<|endoftext|>',
      complete: true,
      hex: Array.from(new TextEncoder().encode('<|endoftext|>'), (b) => b.toString(16)).join(' '),
      special: true,
    });
    expect('special' in gpt2.viewToken(995)).toBe(false);
    expect(gpt2.eosIds).toEqual([END_OF_TEXT_ID]);
    expect(gpt2.endOfTextId).toBe(END_OF_TEXT_ID);
    expect(gpt2.prefixIds).toEqual([]);
  });

  it('keeps the special mark on a view adopted from another realm', () => {
    const adopted = gpt2.adoptView(60002, { label: '<x>', complete: true, hex: '', special: true });
    expect(adopted.special).toBe(true);
    const plain = gpt2.adoptView(60003, { label: 'x', complete: true, hex: '78' });
    expect('special' in plain).toBe(false);
  });

  it('groups characters the same whether told the vocabulary or not', () => {
    const ids = encodeText('今天天气很好');
    expect(charGroups(ids, gpt2)).toEqual(charGroups(ids));
    expect(charGroups(ids, gpt2).map((g) => g.text)).toEqual(['今', '气', '很', '好']);
  });

  it('never groups <|endoftext|> with the pieces around it', () => {
    const [a1, a2] = encodeText('今');
    expect(charGroups([a1, END_OF_TEXT_ID, a2])).toEqual([]);
  });
});

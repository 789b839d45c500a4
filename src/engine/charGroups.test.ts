import { describe, expect, it } from 'vitest';
import { charGroups, partOf } from './charGroups';
import { decodeTokens, encodeText, viewToken } from './tokenizer';

/** The tokens as the page shows them, with each group's tokens joined and its text after them. */
function shown(ids: readonly number[]): string[] {
  const groups = charGroups(ids);
  const out: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    const group = groups.find((g) => g.start === i);
    if (!group) out.push(viewToken(ids[i]).label);
    else {
      out.push(
        `${ids
          .slice(group.start, group.end)
          .map((id) => viewToken(id).label)
          .join('')}=${group.text}`,
      );
      i = group.end - 1;
    }
  }
  return out;
}

describe('charGroups', () => {
  it('joins the byte pieces of each Chinese character, and leaves whole ones alone', () => {
    const ids = encodeText('今天天气很好');
    expect(shown(ids)).toEqual([
      '⟨e4 bb⟩⟨8a⟩=今',
      '天',
      '天',
      '⟨e6 b0⟩⟨94⟩=气',
      '⟨e5 be⟩⟨88⟩=很',
      '⟨e5 a5⟩⟨bd⟩=好',
    ]);
    const groups = charGroups(ids);
    for (const g of groups) expect(decodeTokens(ids.slice(g.start, g.end))).toBe(g.text);
    expect(groups.map((g) => [g.start, g.end])).toEqual([
      [0, 2],
      [4, 6],
      [6, 8],
      [8, 10],
    ]);
  });

  it('groups three pieces of one character, and full-width punctuation', () => {
    const ids = encodeText('你好，世界');
    expect(shown(ids)).toContain('⟨ef⟩⟨bc⟩⟨8c⟩=，');
    const comma = charGroups(ids).find((g) => g.text === '，')!;
    expect([0, 1, 2].map((k) => partOf(comma, comma.start + k))).toEqual([
      'start',
      'middle',
      'end',
    ]);
  });

  it('finds no group in English, or in emoji and accents that are whole tokens', () => {
    expect(charGroups(encodeText('Once upon a time, café'))).toEqual([]);
    expect(charGroups([])).toEqual([]);
  });

  it('leaves out pieces whose other pieces are cut off at either end', () => {
    const ids = encodeText('今天好');
    // Without its first piece, 今's second piece is alone; without its last, 好's first is.
    expect(charGroups(ids.slice(1, -1))).toEqual([]);
    expect(charGroups(ids.slice(1)).map((g) => g.text)).toEqual(['好']);
  });

  it('never joins pieces that do not make a character together', () => {
    const [a1, a2] = encodeText('今');
    const [b1, b2] = encodeText('好');
    // A first piece followed by another first piece stays alone; the second makes 好 with its own.
    expect(charGroups([a1, b1, b2]).map((g) => [g.start, g.text])).toEqual([[1, '好']]);
    // A whole token between two pieces of one character parts them.
    expect(charGroups([a1, ...encodeText(' x'), a2])).toEqual([]);
  });
});

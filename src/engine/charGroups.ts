/**
 * Which consecutive tokens form one character together. GPT-2's vocabulary was learned mostly
 * from English text, so a Chinese character is often split into two or three byte tokens, none of
 * which is a character on its own (今 is ⟨e4 bb⟩ then ⟨8a⟩); Qwen's byte-level vocabulary and
 * SentencePiece's byte-fallback pieces split rarer characters the same way. The views group such
 * tokens and show the character once; this finds the groups from the tokens' bytes alone, for
 * any vocabulary (GPT-2's unless told). A special token is never in a group.
 */
import { GPT2_VOCABULARY } from './vocabulary/gpt2Vocabulary';
import { joinBytes } from './vocabulary/tokenViews';
import type { Vocabulary } from './vocabulary/types';

export interface CharGroup {
  /** Index of the group's first token. */
  start: number;
  /** Index one past its last token. */
  end: number;
  /** The character (or characters) that the tokens' bytes make together. */
  text: string;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * How many continuation bytes a character still lacks after `bytes`, starting with `pending`
 * lacking; null when the bytes cannot continue that way (not UTF-8).
 */
function pendingAfter(bytes: Uint8Array, pending: number): number | null {
  let lacking = pending;
  for (const b of bytes) {
    if (lacking > 0) {
      if ((b & 0xc0) !== 0x80) return null;
      lacking--;
    } else if (b < 0x80) continue;
    else if ((b & 0xe0) === 0xc0) lacking = 1;
    else if ((b & 0xf0) === 0xe0) lacking = 2;
    else if ((b & 0xf8) === 0xf0) lacking = 3;
    else return null;
  }
  return lacking;
}

function decodeRange(
  vocab: Vocabulary,
  ids: readonly number[],
  start: number,
  end: number,
): string | null {
  const joined = joinBytes(ids.slice(start, end).map((id) => vocab.tokenBytes(id)));
  try {
    return strictUtf8.decode(joined);
  } catch {
    return null;
  }
}

/**
 * The runs of two or more consecutive tokens whose bytes make whole characters only together, in
 * order. A token that is a whole character, or a piece whose other pieces are not there (cut off
 * at either end of `ids`), is in no group. Only pieces can be in a group, and whole tokens are
 * skipped at once, so English text costs one cached lookup per token. A special token is a whole
 * token even where its text is not ASCII, and it parts the pieces on either side of it.
 */
export function charGroups(
  ids: readonly number[],
  vocab: Vocabulary = GPT2_VOCABULARY,
): CharGroup[] {
  const groups: CharGroup[] = [];
  let i = 0;
  while (i < ids.length) {
    const view = vocab.viewToken(ids[i]);
    if (view.complete || view.special === true) {
      i++;
      continue;
    }
    let pending = pendingAfter(vocab.tokenBytes(ids[i]), 0);
    let end = i + 1;
    while (pending !== null && pending > 0 && end < ids.length) {
      if (vocab.isSpecial(ids[end])) break;
      const next = pendingAfter(vocab.tokenBytes(ids[end]), pending);
      if (next === null) break;
      pending = next;
      end++;
    }
    const text = pending === 0 && end - i >= 2 ? decodeRange(vocab, ids, i, end) : null;
    if (text === null) {
      i++;
      continue;
    }
    groups.push({ start: i, end, text });
    i = end;
  }
  return groups;
}

/** Where token `index` sits in its group: the first, a middle, or the last of its tokens. */
export type GroupPart = 'start' | 'middle' | 'end';

export const partOf = (group: CharGroup, index: number): GroupPart =>
  index === group.start ? 'start' : index === group.end - 1 ? 'end' : 'middle';

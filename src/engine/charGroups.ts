/**
 * Which consecutive tokens form one character together. GPT-2's vocabulary was learned mostly
 * from English text, so a Chinese character is often split into two or three byte tokens, none of
 * which is a character on its own (今 is ⟨e4 bb⟩ then ⟨8a⟩). The views group such tokens and show
 * the character once; this finds the groups from the tokens' bytes alone.
 */
import { tokenBytes, viewToken } from './tokenizer';

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

function decodeRange(ids: readonly number[], start: number, end: number): string | null {
  const parts = ids.slice(start, end).map(tokenBytes);
  const joined = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
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
 * skipped at once, so English text costs one cached lookup per token.
 */
export function charGroups(ids: readonly number[]): CharGroup[] {
  const groups: CharGroup[] = [];
  let i = 0;
  while (i < ids.length) {
    if (viewToken(ids[i]).complete) {
      i++;
      continue;
    }
    let pending = pendingAfter(tokenBytes(ids[i]), 0);
    let end = i + 1;
    while (pending !== null && pending > 0 && end < ids.length) {
      const next = pendingAfter(tokenBytes(ids[end]), pending);
      if (next === null) break;
      pending = next;
      end++;
    }
    const text = pending === 0 && end - i >= 2 ? decodeRange(ids, i, end) : null;
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

/**
 * GPT-2's vocabulary: the byte-level BPE from gpt-tokenizer's `r50k_base` (GPT-2's exact
 * encoding), with the byte table it ships. A GPT-2 token is a run of bytes, not of characters: a
 * Chinese character or an emoji is often split across two or three tokens, none of which is valid
 * UTF-8 alone. Every token's bytes are kept so such pieces can be shown and the whole text still
 * decodes exactly. `src/engine/tokenizer.ts` keeps the module-level functions over this one.
 */
import { encode } from 'gpt-tokenizer/encoding/r50k_base';
import byteTable from 'gpt-tokenizer/bpeRanks/r50k_base';
import { decodeJoined, makeTokenView, ViewCache } from './tokenViews';
import type { Vocabulary } from './types';

export const END_OF_TEXT_ID = 50256;
export const END_OF_TEXT = '<|endoftext|>';
/** Tokens the tokenizer knows (50 256 merges + `<|endoftext|>`). */
export const TOKENIZER_VOCAB = byteTable.length + 1;

const utf8 = new TextEncoder();
const bytesCache = new Map<number, Uint8Array>();

function tokenBytes(id: number): Uint8Array {
  const cached = bytesCache.get(id);
  if (cached) return cached;
  let bytes: Uint8Array;
  if (id === END_OF_TEXT_ID) bytes = utf8.encode(END_OF_TEXT);
  else {
    const entry = Number.isInteger(id) && id >= 0 ? byteTable[id] : undefined;
    if (entry === undefined) bytes = new Uint8Array(0);
    else bytes = typeof entry === 'string' ? utf8.encode(entry) : Uint8Array.from(entry);
  }
  bytesCache.set(id, bytes);
  return bytes;
}

const isSpecial = (id: number): boolean => id === END_OF_TEXT_ID;
const views = new ViewCache((id) => makeTokenView(id, tokenBytes(id), isSpecial(id)));
const noSpecials = { disallowedSpecial: new Set<string>() };

/**
 * Text with `<|endoftext|>` as the control token, as tiktoken splits it: the text between
 * occurrences is encoded on its own. (gpt-tokenizer 4's `allowedSpecial` finds a special token
 * only at the start of the text: its pattern is sticky.)
 */
const encodeWithSpecials = (text: string): number[] =>
  text
    .split(END_OF_TEXT)
    .flatMap((piece, i) => [...(i > 0 ? [END_OF_TEXT_ID] : []), ...encode(piece, noSpecials)]);

export const GPT2_VOCABULARY: Vocabulary = Object.freeze({
  kind: 'gpt2',
  size: TOKENIZER_VOCAB,
  endOfTextId: END_OF_TEXT_ID,
  eosIds: Object.freeze([END_OF_TEXT_ID]),
  addsPrefixSpace: false,
  prefixIds: Object.freeze([]),
  chatTemplate: null,
  encode: (text: string) => encode(text, noSpecials),
  encodeWithSpecials,
  tokenBytes,
  viewToken: (id: number) => views.view(id),
  adoptView: (id, made) => views.adopt(id, made),
  decode: (ids) => decodeJoined(ids.map(tokenBytes)),
  isSpecial,
} satisfies Vocabulary);

/**
 * GPT-2's byte-level BPE, from gpt-tokenizer's `r50k_base` (GPT-2's exact encoding).
 *
 * A GPT-2 token is a run of bytes, not of characters: a Chinese character or an emoji is often
 * split across two or three tokens, none of which is valid UTF-8 alone. We keep every token's
 * bytes so such pieces can be shown (as `⟨e4 bb⟩`) and the whole text still decodes exactly.
 * Characters that would be invisible on screen or would steer the layout around them (control
 * characters, bidirectional and zero-width marks) are shown as symbols: `␀`, `␛`, `⟨U+202E⟩`.
 */
import { encode } from 'gpt-tokenizer/encoding/r50k_base';
import byteTable from 'gpt-tokenizer/bpeRanks/r50k_base';

export const END_OF_TEXT_ID = 50256;
export const END_OF_TEXT = '<|endoftext|>';
/** Tokens the tokenizer knows (50 256 merges + `<|endoftext|>`). */
export const TOKENIZER_VOCAB = byteTable.length + 1;

/** How one token looks on screen. */
export interface TokenView {
  /**
   * Readable text of the token, or its bytes as `⟨e4 bb⟩` when they are not whole UTF-8. Tabs,
   * line breaks and spaces stay as they are; other invisible characters are shown as symbols.
   */
  label: string;
  /** True when the bytes are valid UTF-8 on their own. */
  complete: boolean;
  /** The bytes as lowercase hex pairs separated by spaces, e.g. `e4 bb`. */
  hex: string;
}

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');
const bytesCache = new Map<number, Uint8Array>();

/** Encodes user text. Special-token strings such as `<|endoftext|>` are treated as plain text. */
export function encodeText(text: string): number[] {
  return encode(text, { disallowedSpecial: new Set() });
}

/** The raw bytes of one token id (empty for ids outside the tokenizer's vocabulary). */
export function tokenBytes(id: number): Uint8Array {
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

/** Control characters other than tab and line breaks, and the format marks that steer layout. */
function isInvisible(code: number): boolean {
  if (code < 0x20) return code !== 0x09 && code !== 0x0a && code !== 0x0d;
  return (
    (code >= 0x7f && code <= 0x9f) ||
    code === 0x061c || // Arabic letter mark
    (code >= 0x200b && code <= 0x200f) || // zero-width characters, LRM, RLM
    (code >= 0x202a && code <= 0x202e) || // bidi embeddings and overrides
    (code >= 0x2060 && code <= 0x2069) || // word joiner, invisible operators, bidi isolates
    code === 0xfeff // zero-width no-break space (BOM)
  );
}

/** The symbol for an invisible character: a Control Picture (␀ ␛ ␡) or its code point. */
function visibleForm(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20) return String.fromCodePoint(0x2400 + code);
  if (code === 0x7f) return '\u2421';
  return `⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

/** Token text as it can be shown: every invisible character replaced by its symbol. */
const showable = (text: string): string =>
  Array.from(text, (c) => (isInvisible(c.codePointAt(0) ?? 0) ? visibleForm(c) : c)).join('');

const toHex = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

/** How a token is displayed: its text, or its bytes when they are a fragment of a character. */
export function viewToken(id: number): TokenView {
  return shared(id, () => makeView(id));
}

/**
 * The shared view of `id`, adopting `made` — the same id's view built by this module in another
 * realm (the worker sends one with every candidate) — when none is held yet. The page then never
 * decodes a token the worker already decoded: on a small model that makes ~100 steps a second,
 * building views was a sixth of the main thread's script time while generating.
 */
export function adoptView(id: number, made: TokenView): TokenView {
  return shared(id, () => ({ label: made.label, complete: made.complete, hex: made.hex }));
}

const views = new Map<number, TokenView>();

/**
 * A step shows ~21 tokens; building a view costs microseconds (a failed strict decode throws),
 * and the vocabulary is fixed, so each id's view is made once and shared (frozen).
 */
function shared(id: number, make: () => TokenView): TokenView {
  let view = views.get(id);
  if (!view) {
    view = Object.freeze(make());
    views.set(id, view);
  }
  return view;
}

function makeView(id: number): TokenView {
  const bytes = tokenBytes(id);
  const hex = toHex(bytes);
  if (bytes.length === 0) return { label: `⟨id ${id}⟩`, complete: false, hex };
  try {
    return { label: showable(strictUtf8.decode(bytes)), complete: true, hex };
  } catch {
    return { label: `⟨${hex}⟩`, complete: false, hex };
  }
}

/** Decodes a whole sequence exactly: bytes are joined first, so split characters reunite. */
export function decodeTokens(ids: readonly number[]): string {
  const parts = ids.map(tokenBytes);
  const total = parts.reduce((sum, p) => sum + p.length, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return lenientUtf8.decode(joined);
}

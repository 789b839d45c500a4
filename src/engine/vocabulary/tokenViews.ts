/**
 * Token views from token bytes, for any vocabulary: the readable text of a token, or its bytes as
 * `⟨e4 bb⟩` when they are a fragment of a character. Characters that would be invisible on screen
 * or would steer the layout around them (control characters, bidirectional and zero-width marks)
 * are shown as symbols: `␀`, `␛`, `⟨U+202E⟩`.
 */
import type { TokenView } from './types';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

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

/** The view of a token with these bytes; `special` marks a control token. */
export function makeTokenView(id: number, bytes: Uint8Array, special: boolean): TokenView {
  const hex = toHex(bytes);
  if (bytes.length === 0) return { label: `⟨id ${id}⟩`, complete: false, hex };
  let view: TokenView;
  try {
    view = { label: showable(strictUtf8.decode(bytes)), complete: true, hex };
  } catch {
    view = { label: `⟨${hex}⟩`, complete: false, hex };
  }
  return special ? { ...view, special: true } : view;
}

/** A copy of a view that arrived from another realm, keeping only the view's own fields. */
export function copyView(made: TokenView): TokenView {
  const view: TokenView = { label: made.label, complete: made.complete, hex: made.hex };
  return made.special === true ? { ...view, special: true } : view;
}

/** The bytes of several tokens joined in order. */
export function joinBytes(parts: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** Decodes joined token bytes; a fragment cut off at either end becomes U+FFFD. */
export const decodeJoined = (parts: readonly Uint8Array[]): string =>
  lenientUtf8.decode(joinBytes(parts));

/**
 * One vocabulary's views, each made once and shared (frozen). A step shows ~21 tokens; building a
 * view costs microseconds (a failed strict decode throws), and the vocabulary is fixed. The page
 * adopts the views the worker sends with every candidate, so it never decodes a token the worker
 * already decoded: on a small model that makes ~100 steps a second, building views was a sixth of
 * the main thread's script time while generating.
 */
export class ViewCache {
  private readonly views = new Map<number, TokenView>();

  constructor(private readonly make: (id: number) => TokenView) {}

  view(id: number): TokenView {
    return this.shared(id, () => this.make(id));
  }

  adopt(id: number, made: TokenView): TokenView {
    return this.shared(id, () => copyView(made));
  }

  private shared(id: number, make: () => TokenView): TokenView {
    let view = this.views.get(id);
    if (!view) {
      view = Object.freeze(make());
      this.views.set(id, view);
    }
    return view;
  }
}

/**
 * GPT-2's tokenizer as module-level functions, the form about thirty modules import. They are
 * GPT-2's vocabulary (`vocabulary/gpt2Vocabulary.ts`: gpt-tokenizer's `r50k_base`, GPT-2's exact
 * byte-level BPE); a model with its own `tokenizer.json` goes through a `Vocabulary` instead
 * (`vocabulary/types.ts`, `vocabulary/loadVocabulary.ts`), which GPT-2's also is.
 *
 * A GPT-2 token is a run of bytes, not of characters: a Chinese character or an emoji is often
 * split across two or three tokens, none of which is valid UTF-8 alone. We keep every token's
 * bytes so such pieces can be shown (as `⟨e4 bb⟩`) and the whole text still decodes exactly.
 * Characters that would be invisible on screen or would steer the layout around them (control
 * characters, bidirectional and zero-width marks) are shown as symbols: `␀`, `␛`, `⟨U+202E⟩`.
 */
import { GPT2_VOCABULARY } from './vocabulary/gpt2Vocabulary';
import type { TokenView } from './vocabulary/types';

export type { TokenView, Vocabulary } from './vocabulary/types';
export {
  END_OF_TEXT,
  END_OF_TEXT_ID,
  GPT2_VOCABULARY,
  TOKENIZER_VOCAB,
} from './vocabulary/gpt2Vocabulary';

/** Encodes user text. Special-token strings such as `<|endoftext|>` are treated as plain text. */
export const encodeText = (text: string): number[] => GPT2_VOCABULARY.encode(text);

/** The raw bytes of one token id (empty for ids outside the tokenizer's vocabulary). */
export const tokenBytes = (id: number): Uint8Array => GPT2_VOCABULARY.tokenBytes(id);

/**
 * How a token is displayed: its text, or its bytes when they are a fragment of a character.
 * `<|endoftext|>` is marked `special`.
 */
export const viewToken = (id: number): TokenView => GPT2_VOCABULARY.viewToken(id);

/**
 * The shared view of `id`, adopting `made` — the same id's view built by this module in another
 * realm (the worker sends one with every candidate) — when none is held yet.
 */
export const adoptView = (id: number, made: TokenView): TokenView =>
  GPT2_VOCABULARY.adoptView(id, made);

/** Decodes a whole sequence exactly: bytes are joined first, so split characters reunite. */
export const decodeTokens = (ids: readonly number[]): string => GPT2_VOCABULARY.decode(ids);

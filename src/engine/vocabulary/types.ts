/**
 * The one interface everything tokenizer-related goes through, whatever the model: GPT-2's exact
 * BPE (`gpt2Vocabulary.ts`) or a Hub model's `tokenizer.json` (`hubVocabulary.ts`). Tokens are
 * runs of bytes: the views, the character groups and the decoder all start from a token's bytes.
 */

import type { ChatTemplate } from './chatTemplate';

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
  /**
   * Present (true) only on a special token (`<|endoftext|>`, `<|im_start|>`): a control token the
   * model reads, not text a user typed. Absent on every other token, so plain views stay as they
   * were before special tokens were marked.
   */
  special?: true;
}

export interface Vocabulary {
  /** Which byte mapping the tokens use: GPT-2's own table, a `tokenizer.json`'s byte-level or
   * SentencePiece (`▁`, `<0xE4>`) pieces; `ids` where the page does not hold the model's
   * vocabulary and shows bare ids (idVocabulary.ts). */
  readonly kind: 'gpt2' | 'byte-level' | 'metaspace' | 'ids';
  /** Ids the tokenizer knows: one past the largest (a model's head may be wider). */
  readonly size: number;
  /** The document separator `<|endoftext|>`, or null where the vocabulary has none. */
  readonly endOfTextId: number | null;
  /**
   * The ids at which the model's text ends: generation_config's `eos_token_id` first, then
   * tokenizer_config's `eos_token`; may be empty.
   */
  readonly eosIds: readonly number[];
  /**
   * True where encoding puts a space before the text (SentencePiece's `▁` prefix): the tokens'
   * bytes then read `' ' + text`. False for byte-level vocabularies, GPT-2's included.
   */
  readonly addsPrefixSpace: boolean;
  /**
   * Ids the tokenizer puts before a text on its own (Llama 2's `<s>`, from its post-processor);
   * empty for GPT-2, Qwen2 and SmolLM2. `encode` leaves them out: the caller decides.
   */
  readonly prefixIds: readonly number[];
  /**
   * The chat template of a chat model's tokenizer (chatTemplate.ts), or null: GPT-2's and a base
   * model's have none.
   */
  readonly chatTemplate: ChatTemplate | null;
  /** User text to ids; special-token strings in it are plain text (`<|im_end|>` is 6 tokens). */
  encode(text: string): number[];
  /** A chat template's output to ids: special-token strings become their special tokens. */
  encodeWithSpecials(text: string): number[];
  /** The exact bytes of one token (empty for an id the vocabulary does not have). */
  tokenBytes(id: number): Uint8Array;
  /** The shared, frozen view of one token. */
  viewToken(id: number): TokenView;
  /** The shared view of `id`, adopting `made` (built in another realm) when none is held yet. */
  adoptView(id: number, made: TokenView): TokenView;
  /** Decodes a sequence exactly: bytes are joined first, so split characters reunite. */
  decode(ids: readonly number[]): string;
  /** Whether `id` is a special (control) token. */
  isSpecial(id: number): boolean;
}

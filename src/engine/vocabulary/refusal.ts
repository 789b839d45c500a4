/**
 * Why a `tokenizer.json` cannot be used, as a typed error: the page names the reason in the
 * user's language and keeps the previous model; the message is English detail for logs and tests.
 */

export type TokenizerRefusalReason =
  /** The file is not JSON, or not an object with a `model`. */
  | 'unreadable'
  /** @huggingface/tokenizers cannot build it (a component or pattern it does not support). */
  | 'library'
  /** Its model is not BPE (or, for SentencePiece pieces, Unigram): WordPiece is an encoder's. */
  | 'model-type'
  /** Its decoder says neither byte-level nor SentencePiece: the tokens' bytes are unknown. */
  | 'byte-mapping'
  /** A token in its vocabulary is not written in the mapping the decoder says. */
  | 'token-bytes'
  /** A text has a character the vocabulary cannot spell (no byte fallback, no unknown token). */
  | 'unencodable';

export class TokenizerRefusal extends Error {
  readonly reason: TokenizerRefusalReason;

  constructor(reason: TokenizerRefusalReason, detail: string) {
    super(`tokenizer.json refused (${reason}): ${detail}`);
    this.name = 'TokenizerRefusal';
    this.reason = reason;
  }
}

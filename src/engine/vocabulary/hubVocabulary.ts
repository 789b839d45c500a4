/**
 * A `Vocabulary` over a Hugging Face `tokenizer.json`, tokenized by @huggingface/tokenizers (the
 * library transformers.js uses; pure JS). The library does the encoding; this adds what the app
 * needs beyond it: each token's exact bytes (from the scheme `tokenizerScheme.ts` decided),
 * special tokens marked, and user text encoded with special-token strings as plain text.
 */
import { Tokenizer } from '@huggingface/tokenizers';
import { byteLevelBytes } from './byteLevel';
import type { ChatTemplate } from './chatTemplate';
import { metaspaceBytes } from './metaspace';
import { TokenizerRefusal } from './refusal';
import type { TokenizerScheme } from './tokenizerScheme';
import { decodeJoined, makeTokenView, ViewCache } from './tokenViews';
import type { TokenView, Vocabulary } from './types';

const utf8 = new TextEncoder();
const EMPTY = new Uint8Array(0);

export interface HubVocabularyParts {
  /** The tokenizer as the file describes it: special-token strings become special tokens. */
  full: Tokenizer;
  /** The same model and pipeline without the special added tokens, for user text. */
  plain: Tokenizer;
  scheme: TokenizerScheme;
  /** Ids of the added tokens that are special (control tokens). */
  specialIds: ReadonlySet<number>;
  endOfTextId: number | null;
  eosIds: readonly number[];
  /** tokenizer_config.json's chat template, where it has one. */
  chatTemplate: ChatTemplate | null;
}

export class HubVocabulary implements Vocabulary {
  readonly kind: TokenizerScheme['kind'];
  readonly size: number;
  readonly endOfTextId: number | null;
  readonly eosIds: readonly number[];
  readonly addsPrefixSpace: boolean;
  readonly prefixIds: readonly number[];
  readonly chatTemplate: ChatTemplate | null;

  private readonly parts: HubVocabularyParts;
  /** Added tokens (special or not) by id: their bytes are their text, not the scheme's. */
  private readonly added: ReadonlyMap<number, string>;
  private readonly bytes = new Map<number, Uint8Array>();
  private readonly views: ViewCache;

  constructor(parts: HubVocabularyParts) {
    this.parts = parts;
    this.kind = parts.scheme.kind;
    this.addsPrefixSpace = parts.scheme.addsPrefixSpace;
    this.endOfTextId = parts.endOfTextId;
    this.eosIds = Object.freeze([...parts.eosIds]);
    this.chatTemplate = parts.chatTemplate;
    const added = new Map<number, string>();
    for (const [id, token] of parts.full.get_added_tokens_decoder()) added.set(id, token.content);
    this.added = added;
    this.size = parts.full.model?.vocab.length ?? 0;
    this.views = new ViewCache((id) => makeTokenView(id, this.tokenBytes(id), this.isSpecial(id)));
    this.prefixIds = Object.freeze(this.findPrefix());
  }

  /**
   * What the post-processor puts before a text: a probe text encoded with its additions, up to
   * where the text's own tokens start (any suffix, such as `</s>`, is left out).
   */
  private findPrefix(): number[] {
    const probe = 'a';
    const own = this.encodeWithSpecials(probe);
    const added = this.checked(
      this.parts.full.encode(probe, { add_special_tokens: true }).ids,
      probe,
    );
    for (let start = 0; start + own.length <= added.length; start++) {
      if (own.every((id, i) => added[start + i] === id)) return added.slice(0, start);
    }
    return [];
  }

  encode(text: string): number[] {
    return this.checked(this.parts.plain.encode(text, { add_special_tokens: false }).ids, text);
  }

  encodeWithSpecials(text: string): number[] {
    return this.checked(this.parts.full.encode(text, { add_special_tokens: false }).ids, text);
  }

  tokenBytes(id: number): Uint8Array {
    let bytes = this.bytes.get(id);
    if (bytes === undefined) {
      bytes = this.makeBytes(id) ?? EMPTY;
      this.bytes.set(id, bytes);
    }
    return bytes;
  }

  /**
   * The bytes of `id`, or null where the vocabulary has no such token or its string is not
   * written in the scheme's mapping (the loader refuses a file with such a token).
   */
  private makeBytes(id: number): Uint8Array | null {
    if (!Number.isInteger(id) || id < 0) return null;
    const added = this.added.get(id);
    if (added !== undefined) return utf8.encode(added);
    const token = this.parts.full.id_to_token(id);
    if (token === undefined) return null;
    return this.parts.scheme.kind === 'byte-level'
      ? byteLevelBytes(token)
      : metaspaceBytes(token, this.parts.scheme.byteFallback);
  }

  /** The first id whose token is in the file but not written in the scheme's mapping, or null. */
  firstUnwritten(): number | null {
    for (let id = 0; id < this.size; id++) {
      if (this.parts.full.id_to_token(id) !== undefined && this.makeBytes(id) === null) return id;
    }
    return null;
  }

  viewToken(id: number): TokenView {
    return this.views.view(id);
  }

  adoptView(id: number, made: TokenView): TokenView {
    return this.views.adopt(id, made);
  }

  decode(ids: readonly number[]): string {
    return decodeJoined(ids.map((id) => this.tokenBytes(id)));
  }

  isSpecial(id: number): boolean {
    return this.parts.specialIds.has(id);
  }

  /** The library maps a piece it cannot spell to the unknown token, or to nothing without one. */
  private checked(ids: readonly (number | undefined)[], text: string): number[] {
    const out: number[] = [];
    for (const id of ids) {
      if (id === undefined || !Number.isInteger(id)) {
        throw new TokenizerRefusal(
          'unencodable',
          `no token spells part of ${JSON.stringify(text.slice(0, 40))}`,
        );
      }
      out.push(id);
    }
    return out;
  }
}

import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { charGroups } from '../charGroups';
import { loadVocabulary } from './loadVocabulary';
import { TokenizerRefusal, type TokenizerRefusalReason } from './refusal';
import { byteLevelJson, fallbackId, pieceId, sentencePieceJson } from './testing/smallTokenizers';

const SP_CONFIG = { bos_token: '<s>', eos_token: '</s>', unk_token: '<unk>' };

/** The reason `load` is refused for, or a failure naming what happened instead. */
function refusal(load: () => unknown): TokenizerRefusalReason | string {
  try {
    load();
    return 'loaded';
  } catch (error) {
    return error instanceof TokenizerRefusal ? error.reason : `other error: ${String(error)}`;
  }
}

const text = (json: unknown): string => JSON.stringify(json);

describe('a SentencePiece-style tokenizer.json', () => {
  const vocab = loadVocabulary({ tokenizer: text(sentencePieceJson()), config: text(SP_CONFIG) });

  it('gives the pieces’ bytes: ▁ as a space, <0xE9> as one byte', () => {
    expect(vocab.kind).toBe('metaspace');
    expect(vocab.addsPrefixSpace).toBe(true);
    const ids = vocab.encode('Hi there 龘');
    // 龘 is not in the vocabulary: its three UTF-8 bytes are spelled as byte pieces.
    expect(ids).toEqual([
      pieceId('▁Hi'),
      pieceId('▁there'),
      pieceId('▁'),
      fallbackId(0xe9),
      fallbackId(0xbe),
      fallbackId(0x98),
    ]);
    expect(Array.from(vocab.tokenBytes(pieceId('▁there')))).toEqual(
      Array.from(new TextEncoder().encode(' there')),
    );
    expect(vocab.viewToken(fallbackId(0xe9))).toEqual({
      label: '⟨e9⟩',
      complete: false,
      hex: 'e9',
    });
    expect(charGroups(ids, vocab)).toEqual([{ start: 3, end: 6, text: '龘' }]);
  });

  it('decodes to the text with the space the tokenizer put before it', () => {
    const ids = vocab.encode('Hi there 龘');
    expect(vocab.decode(ids)).toBe(' Hi there 龘');
    // The library's own decoder strips that one space again.
    const library = new Tokenizer(sentencePieceJson(), SP_CONFIG);
    expect(library.decode(ids)).toBe('Hi there 龘');
  });

  it('reports <s> as what goes before a text, and </s> as eos', () => {
    expect(vocab.prefixIds).toEqual([1]);
    expect(vocab.eosIds).toEqual([2]);
    expect(vocab.endOfTextId).toBeNull();
    expect(vocab.viewToken(1)).toEqual({
      label: '<s>',
      complete: true,
      hex: '3c 73 3e',
      special: true,
    });
    expect(vocab.encode('<s>')).not.toContain(1);
    expect(vocab.encodeWithSpecials('<s>Hi')).toEqual([1, pieceId('▁Hi')]);
  });

  it('leaves a suffix the post-processor adds out of the prefix', () => {
    const json = sentencePieceJson();
    const withEos = {
      ...json,
      post_processor: {
        type: 'TemplateProcessing',
        single: [
          { SpecialToken: { id: '<s>', type_id: 0 } },
          { Sequence: { id: 'A', type_id: 0 } },
          { SpecialToken: { id: '</s>', type_id: 0 } },
        ],
        pair: [],
        special_tokens: {
          '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] },
          '</s>': { id: '</s>', ids: [2], tokens: ['</s>'] },
        },
      },
    };
    const library = new Tokenizer(withEos, SP_CONFIG);
    expect(library.encode('Hi').ids).toEqual([1, pieceId('▁Hi'), 2]);
    const vocab = loadVocabulary({ tokenizer: text(withEos), config: text(SP_CONFIG) });
    expect(vocab.prefixIds).toEqual([1]);
  });
});

describe('loadVocabulary', () => {
  it('takes the eos ids of generation_config first, then tokenizer_config’s, once each', () => {
    const vocab = loadVocabulary({
      tokenizer: text(byteLevelJson(['ab'])),
      config: text({ eos_token: { content: '<|endoftext|>' } }),
      generation: text({ eos_token_id: [97, 257] }),
    });
    expect(vocab.eosIds).toEqual([97, 257]);
    expect(vocab.endOfTextId).toBe(257);
    expect(vocab.size).toBe(258);
    expect(vocab.isSpecial(257)).toBe(true);
    expect(vocab.isSpecial(97)).toBe(false);
    expect(vocab.decode(vocab.encode('a b\n'))).toBe('a b\n');
  });

  it('refuses a file that is not a tokenizer', () => {
    expect(refusal(() => loadVocabulary({ tokenizer: 'not json' }))).toBe('unreadable');
    expect(refusal(() => loadVocabulary({ tokenizer: '[1, 2]' }))).toBe('unreadable');
    expect(refusal(() => loadVocabulary({ tokenizer: '{}' }))).toBe('unreadable');
    const json = text(byteLevelJson());
    expect(refusal(() => loadVocabulary({ tokenizer: json, config: '{' }))).toBe('unreadable');
  });

  it('refuses a decoder that says neither byte-level nor SentencePiece', () => {
    const wordPiece = {
      ...byteLevelJson(),
      pre_tokenizer: { type: 'BertPreTokenizer' },
      decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
      model: { type: 'WordPiece', unk_token: '[UNK]', vocab: { '[UNK]': 0, a: 1 } },
    };
    expect(refusal(() => loadVocabulary({ tokenizer: text(wordPiece) }))).toBe('byte-mapping');
    const noByteLevelInput = { ...byteLevelJson(), pre_tokenizer: { type: 'Whitespace' } };
    expect(refusal(() => loadVocabulary({ tokenizer: text(noByteLevelInput) }))).toBe(
      'byte-mapping',
    );
  });

  it('refuses a byte-level decoder over a model that is not BPE', () => {
    const unigram = { ...byteLevelJson(), model: { type: 'Unigram', vocab: [['a', 0]] } };
    expect(refusal(() => loadVocabulary({ tokenizer: text(unigram) }))).toBe('model-type');
  });

  it('refuses a byte-level vocabulary with a token outside the byte alphabet', () => {
    const error = (() => {
      try {
        loadVocabulary({ tokenizer: text(byteLevelJson(['中'])) });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(TokenizerRefusal);
    expect((error as TokenizerRefusal).reason).toBe('token-bytes');
    expect((error as TokenizerRefusal).message).toContain('token 256');
  });

  it('refuses what the library cannot build', () => {
    const unknown = {
      ...byteLevelJson(),
      normalizer: { type: 'NoSuchNormalizer' },
    };
    expect(refusal(() => loadVocabulary({ tokenizer: text(unknown) }))).toBe('library');
  });
});

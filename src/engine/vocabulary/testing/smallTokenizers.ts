/**
 * Small `tokenizer.json`s written out in full, for the schemes and refusals no shipped file
 * shows offline: a SentencePiece-style BPE (Llama 2's layout: `▁` prefix, byte fallback, `<s>`
 * added by the post-processor) and a byte-level BPE over the 256 byte characters alone.
 */
import { byteLevelChar } from '../byteLevel';

const hex = (b: number): string => b.toString(16).toUpperCase().padStart(2, '0');

/** Id of the byte-fallback piece `<0xHH>` in `sentencePieceJson`. */
export const fallbackId = (byte: number): number => 3 + byte;

const WORD_PIECES = ['▁', 'H', 'i', 't', 'h', 'e', 'r', '▁H', '▁Hi', 'th', '▁th', '▁the', '▁ther'];
/** Ids of the word pieces, after `<unk>`, `<s>`, `</s>` and the 256 byte pieces. */
export const pieceId = (piece: string): number => 259 + [...WORD_PIECES, '▁there'].indexOf(piece);

const special = (id: number, content: string) => ({
  id,
  content,
  single_word: false,
  lstrip: false,
  rstrip: false,
  normalized: false,
  special: true,
});

/** Llama 2's tokenizer.json layout, with a vocabulary that spells "Hi there" and bytes. */
export function sentencePieceJson(): Record<string, unknown> {
  const vocab: Record<string, number> = { '<unk>': 0, '<s>': 1, '</s>': 2 };
  for (let b = 0; b < 256; b++) vocab[`<0x${hex(b)}>`] = fallbackId(b);
  for (const piece of [...WORD_PIECES, '▁there']) vocab[piece] = pieceId(piece);
  return {
    version: '1.0',
    added_tokens: [special(0, '<unk>'), special(1, '<s>'), special(2, '</s>')],
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'Prepend', prepend: '▁' },
        { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
      ],
    },
    pre_tokenizer: null,
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '<s>', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
      ],
      special_tokens: { '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] } },
    },
    decoder: {
      type: 'Sequence',
      decoders: [
        { type: 'Replace', pattern: { String: '▁' }, content: ' ' },
        { type: 'ByteFallback' },
        { type: 'Fuse' },
        { type: 'Strip', content: ' ', start: 1, stop: 0 },
      ],
    },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: '<unk>',
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: true,
      byte_fallback: true,
      vocab,
      merges: ['▁ H', '▁H i', 't h', '▁ th', '▁th e', '▁the r', '▁ther e'],
    },
  };
}

/** A byte-level BPE over the 256 byte characters and `extra` tokens, with no merges. */
export function byteLevelJson(extra: readonly string[] = []): Record<string, unknown> {
  const vocab: Record<string, number> = {};
  for (let b = 0; b < 256; b++) vocab[byteLevelChar(b)] = b;
  extra.forEach((token, i) => (vocab[token] = 256 + i));
  const byteLevel = {
    type: 'ByteLevel',
    add_prefix_space: false,
    trim_offsets: false,
    use_regex: true,
  };
  return {
    version: '1.0',
    added_tokens: [special(256 + extra.length, '<|endoftext|>')],
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: null,
    decoder: byteLevel,
    model: { type: 'BPE', vocab, merges: [] },
  };
}

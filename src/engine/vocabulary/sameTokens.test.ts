import { describe, expect, it } from 'vitest';
import { GPT2_VOCABULARY } from './gpt2Vocabulary';
import { loadVocabulary } from './loadVocabulary';
import { sameTokens } from './sameTokens';
import { qwenTokenizerFiles } from './testing/qwenTokenizerFiles';

describe('sameTokens', () => {
  const files = qwenTokenizerFiles();
  const qwen = loadVocabulary(files);
  // The same tokenizer read again (another repo with the same files): another object.
  const again = loadVocabulary(files);

  it('takes the same tokenizer from another folder as the same tokens', () => {
    expect(again).not.toBe(qwen);
    expect(sameTokens(qwen, again)).toBe(true);
    expect(sameTokens(null, null)).toBe(true);
  });

  it('refuses GPT-2 against a tokenizer of its own, either way round', () => {
    expect(sameTokens(null, qwen)).toBe(false);
    expect(sameTokens(qwen, null)).toBe(false);
    expect(sameTokens(GPT2_VOCABULARY, qwen)).toBe(false);
  });

  it('refuses a tokenizer of the same size whose tokens differ', () => {
    // Two tokens of the BPE swapped: the same size and scheme, other ids.
    const json = JSON.parse(files.tokenizer) as { model: { vocab: Record<string, number> } };
    const { vocab } = json.model;
    const [a, b] = ['hello', 'world'];
    expect([vocab[a], vocab[b]]).toEqual([expect.any(Number), expect.any(Number)]);
    [vocab[a], vocab[b]] = [vocab[b], vocab[a]];
    const swapped = loadVocabulary({ ...files, tokenizer: JSON.stringify(json) });
    expect(swapped.size).toBe(qwen.size);
    expect(sameTokens(qwen, swapped)).toBe(false);
  });
});

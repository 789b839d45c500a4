/**
 * A Llama-family model folder's tokenizer files (`tokenizer.json`, and `tokenizer_config.json` and
 * `generation_config.json` where it has them), fetched beside its config.json and read into a
 * Vocabulary. GPT-2's family has none: it reads GPT-2's own tokenizer.
 */
import { loadVocabulary, type TokenizerFiles } from './vocabulary/loadVocabulary';
import type { Vocabulary } from './vocabulary/types';

/** config.json's `model_type`s whose models come with their own `tokenizer.json` (hubCheck.ts). */
const OWN_TOKENIZER = new Set(['llama', 'qwen2']);

/** Whether a parsed config.json names a model that reads its own tokenizer, not GPT-2's. */
export function hasOwnTokenizer(config: unknown): boolean {
  if (typeof config !== 'object' || config === null) return false;
  const type: unknown = Reflect.get(config, 'model_type');
  return typeof type === 'string' && OWN_TOKENIZER.has(type);
}

/** The small files a Llama-family folder has beside config.json, in the order they are read. */
export const TOKENIZER_FILES = [
  'tokenizer.json',
  'tokenizer_config.json',
  'generation_config.json',
] as const;

/** A file's bytes, or null where the folder has no such file. */
export type ReadFile = (file: string) => Promise<{ bytes: Uint8Array } | null>;

/**
 * The folder's tokenizer files, read into a vocabulary; null where it has no `tokenizer.json` (the
 * two configs are optional). Throws the vocabulary's TokenizerRefusal for a tokenizer the app
 * cannot show honestly. The two configs are read where they can be: a folder lacks them often.
 */
export async function fetchTokenizer(
  read: ReadFile,
): Promise<{ files: TokenizerFiles; vocabulary: Vocabulary } | null> {
  const text = async (file: string): Promise<string | undefined> => {
    const got = await read(file);
    return got ? new TextDecoder().decode(got.bytes) : undefined;
  };
  const tokenizer = await text('tokenizer.json');
  if (tokenizer === undefined) return null;
  const files: TokenizerFiles = { tokenizer };
  // A folder without one of the optional configs has nothing cached for it: offline, the network
  // cannot say it is absent either, so a failed read counts as its absence.
  const optional = (file: string) => text(file).catch(() => undefined);
  const config = await optional('tokenizer_config.json');
  if (config !== undefined) files.config = config;
  const generation = await optional('generation_config.json');
  if (generation !== undefined) files.generation = generation;
  return { files, vocabulary: loadVocabulary(files) };
}

/**
 * The page's way to a model's vocabulary after its load: GPT-2's, or the one its own tokenizer
 * files make, read from where the load filed them.
 */
import type { ModelSpec } from './modelCatalog';
import {
  fetchFile,
  ModelFetchError,
  modelCacheKey,
  resolveModelUrl,
  tokenizerOf,
  type FetchOptions,
} from './modelFiles';
import { hasOwnTokenizer } from './modelTokenizerFiles';
import type { Vocabulary } from './vocabulary/types';

/**
 * The vocabulary a model reads: `'gpt2'` for GPT-2's family (its config.json names no tokenizer of
 * its own), else its own, read as its load read it: from the cache where the load filed it (an
 * offline reload), else from the model's folder. Throws a ModelFetchError where the files are
 * nowhere to be read or the tokenizer is refused.
 */
export async function readModelVocabulary(
  spec: ModelSpec,
  options: FetchOptions,
): Promise<Vocabulary | 'gpt2'> {
  const networkless = spec.origin === 'files' || spec.origin === 'built';
  const get = (file: string) =>
    fetchFile(
      networkless ? null : resolveModelUrl(spec, file, options.baseHref),
      modelCacheKey(spec, file, options.baseHref),
      file,
      { ...options, onProgress: undefined },
    );
  const where = resolveModelUrl(spec, '', options.baseHref);
  const config = await get('config.json');
  if (!config) throw new ModelFetchError(`no config.json at ${where}`, 'not_found');
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(config.bytes));
  } catch (error) {
    throw new ModelFetchError(
      `the model's config.json is unusable: ${String(error)}`,
      'bad_config',
    );
  }
  if (!hasOwnTokenizer(parsed)) return 'gpt2';
  const read = await tokenizerOf(get, where);
  return read.vocabulary;
}

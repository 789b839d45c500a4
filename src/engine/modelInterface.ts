/**
 * The two cache interfaces the engine reads, told apart by a model's input names (see README,
 * "Hub interface" and "Slots interface"). One rule for the decoder, which reads the names from
 * its session, and for a file the user picks, whose names are read from its bytes (onnxInputs.ts).
 */
export type CacheInterface = 'slots' | 'present';

/** The interface of a model with these inputs; throws a readable error when the engine has none. */
export function cacheInterfaceOf(names: readonly string[]): CacheInterface {
  if (names.includes('cache_mask')) {
    // The slots interface before 2026-11-29 (a mask over slots laid out by head); its files are
    // rewritten by `npm run models:*` / `models:export`, not read.
    throw new Error(
      'this model file uses an older Stepwise cache interface: write it again (npm run models:export, or models:tiny / models:gpt2-shaped)',
    );
  }
  if (names.includes('cache.0.key')) return 'slots';
  if (names.includes('past_key_values.0.key') && names.includes('attention_mask')) {
    return 'present';
  }
  throw new Error(
    'the model has neither "past_key_values.0.key" nor "cache.0.key" inputs: not a GPT-2 decoder with a cache',
  );
}

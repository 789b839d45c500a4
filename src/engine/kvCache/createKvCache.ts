import type { KvCache, CacheContext } from './kvCache';
import { PresentCache } from './presentCache';
import { SlotCache } from './slotCache';

/** Picks the cache for the model's interface, from its input names. */
export function createKvCache(ctx: CacheContext): KvCache {
  const names = ctx.session.inputNames;
  if (names.includes('cache_mask')) {
    // The slots interface before 2026-11-29 (a mask over slots laid out by head); its files are
    // rewritten by `npm run models:*` / `models:export`, not read.
    throw new Error(
      'this model file uses an older Stepwise cache interface: write it again (npm run models:export, or models:tiny / models:gpt2-shaped)',
    );
  }
  if (names.includes('cache.0.key')) return new SlotCache(ctx);
  if (names.includes('past_key_values.0.key') && names.includes('attention_mask')) {
    return new PresentCache(ctx);
  }
  throw new Error(
    'the model has neither "past_key_values.0.key" nor "cache.0.key" inputs: not a GPT-2 decoder with a cache',
  );
}

import type { KvCache, CacheContext } from './kvCache';
import { cacheInterfaceOf } from '../modelInterface';
import { PresentCache } from './presentCache';
import { SlotCache } from './slotCache';

/** Picks the cache for the model's interface, from its input names. */
export function createKvCache(ctx: CacheContext): KvCache {
  return cacheInterfaceOf(ctx.session.inputNames) === 'slots'
    ? new SlotCache(ctx)
    : new PresentCache(ctx);
}

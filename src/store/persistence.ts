/**
 * Keeping the user's work across reloads: settings and runs go to IndexedDB (runs of a few
 * hundred steps outgrow localStorage's ~5 MB). A run grows by a step many times a second, and
 * zustand offers the state on every change: serialising it each time cost seconds of main-thread
 * time over a long run. So the state object is kept by reference and written (structured clone,
 * no JSON) at most once a second, and at once when the page is hidden, so nothing is lost on close.
 */
import { del, get, set } from 'idb-keyval';
import type { PersistStorage, StorageValue } from 'zustand/middleware';

const WRITE_INTERVAL_MS = 1000;

export function createCoalescingIdbStorage<S>(): PersistStorage<S> {
  const available = typeof indexedDB !== 'undefined';
  const pending = new Map<string, StorageValue<S>>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    const entries = [...pending];
    pending.clear();
    for (const [key, value] of entries) {
      try {
        await set(key, value);
      } catch (error) {
        // Quota or a private window: the app keeps working, only persistence is lost.
        console.warn('could not save the app state', error);
      }
    }
  };

  if (available && typeof addEventListener === 'function') {
    const flushNow = (): void => {
      if (pending.size > 0) void flush();
    };
    addEventListener('pagehide', flushNow);
    addEventListener('visibilitychange', flushNow);
  }

  return {
    getItem: async (key) => {
      if (!available) return null;
      if (pending.has(key)) return pending.get(key)!;
      try {
        const saved: unknown = await get(key);
        // Versions before 0.1 stored a JSON string; restoreState checks whatever comes back.
        if (typeof saved === 'string') return JSON.parse(saved) as StorageValue<S>;
        return (saved as StorageValue<S> | undefined) ?? null;
      } catch {
        return null; // unreadable: start from defaults rather than break the page
      }
    },
    setItem: (key, value) => {
      if (!available) return;
      pending.set(key, value);
      timer ??= setTimeout(() => void flush(), WRITE_INTERVAL_MS);
    },
    removeItem: async (key) => {
      pending.delete(key);
      if (available) await del(key).catch(() => undefined);
    },
  };
}

/**
 * Keeping the user's work across reloads: settings and runs go to IndexedDB (runs of a few
 * hundred steps outgrow localStorage's ~5 MB). Writes are coalesced — a run grows by a step many
 * times a second — and flushed when the page is hidden, so nothing made is lost on close.
 */
import { del, get, set } from 'idb-keyval';
import type { StateStorage } from 'zustand/middleware';

const WRITE_DELAY_MS = 400;

export function createDebouncedIdbStorage(): StateStorage {
  const available = typeof indexedDB !== 'undefined';
  const pending = new Map<string, string>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = async (): Promise<void> => {
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
        return (await get<string>(key)) ?? null;
      } catch {
        return null;
      }
    },
    setItem: (key, value) => {
      if (!available) return;
      pending.set(key, value);
      timer ??= setTimeout(() => void flush(), WRITE_DELAY_MS);
    },
    removeItem: async (key) => {
      pending.delete(key);
      if (available) await del(key).catch(() => undefined);
    },
  };
}

/**
 * Keeping the user's work across reloads: settings and runs go to IndexedDB (runs of a few
 * hundred steps outgrow localStorage's ~5 MB). A run grows by a step many times a second, and
 * zustand offers the state on every change: serialising it each time cost seconds of main-thread
 * time over a long run. So the state object is kept by reference and written (structured clone,
 * no JSON) at most once a second, and only the steps that are new since the last write are
 * cloned (stepChunks.ts).
 *
 * A page being closed or reloaded cannot finish an IndexedDB write (Chromium aborts transactions
 * begun in `pagehide`), so on `pagehide` whatever is not yet confirmed written also goes to
 * localStorage, synchronously, as JSON; the next load prefers that copy and moves it to IndexedDB.
 * A state too large for localStorage's quota keeps only what IndexedDB had (at most a second old).
 */
import type { PersistStorage, StorageValue } from 'zustand/middleware';
import { ChunkedIdb } from './stepChunks';

const WRITE_INTERVAL_MS = 1000;

/** The localStorage key of the copy written while the page unloads. */
export const unloadCopyKey = (key: string): string => `${key}:unload-copy`;

function local(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled
  }
}

/** Same version and the same objects in every saved field (they are replaced, never mutated). */
function sameSavedState<S>(a: StorageValue<S> | undefined, b: StorageValue<S>): boolean {
  if (!a || a.version !== b.version) return false;
  const x = a.state as Record<string, unknown>;
  const y = b.state as Record<string, unknown>;
  const keys = Object.keys(y);
  return keys.length === Object.keys(x).length && keys.every((k) => x[k] === y[k]);
}

export function createCoalescingIdbStorage<S>(): PersistStorage<S> {
  const available = typeof indexedDB !== 'undefined';
  const idb = new ChunkedIdb();
  /** Values not yet handed to IndexedDB. */
  const pending = new Map<string, StorageValue<S>>();
  /** Values handed to IndexedDB or not, whose write has not completed yet. */
  const unconfirmed = new Map<string, StorageValue<S>>();
  /** The last value handed to schedule() per key, to tell a real change from a repeat. */
  const latest = new Map<string, StorageValue<S>>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    const entries = [...pending];
    pending.clear();
    for (const [key, value] of entries) {
      try {
        await idb.save(key, value);
        if (unconfirmed.get(key) === value) {
          unconfirmed.delete(key);
          local()?.removeItem(unloadCopyKey(key));
        }
      } catch (error) {
        // Not written: the next change of the store tries again, even one that leaves the saved
        // parts as they are (setItem skips those).
        if (latest.get(key) === value) latest.delete(key);
        // Quota or a private window: the app keeps working, only persistence is lost.
        console.warn('could not save the app state', error);
      }
    }
  };

  const schedule = (key: string, value: StorageValue<S>): void => {
    latest.set(key, value);
    pending.set(key, value);
    unconfirmed.set(key, value);
    timer ??= setTimeout(() => void flush(), WRITE_INTERVAL_MS);
  };

  if (available && typeof addEventListener === 'function') {
    const flushNow = (): void => {
      if (pending.size > 0) void flush();
    };
    addEventListener('pagehide', () => {
      for (const [key, value] of unconfirmed) {
        try {
          local()?.setItem(unloadCopyKey(key), JSON.stringify(value));
        } catch {
          // Over the quota: IndexedDB still holds the state of at most a second ago.
        }
      }
      flushNow();
    });
    addEventListener('visibilitychange', flushNow);
  }

  return {
    getItem: async (key) => {
      if (!available) return null;
      if (pending.has(key)) return pending.get(key)!;
      const copy = local()?.getItem(unloadCopyKey(key));
      if (copy) {
        try {
          const value = JSON.parse(copy) as StorageValue<S>;
          schedule(key, value); // into IndexedDB; the copy goes once that is confirmed
          return value;
        } catch {
          local()?.removeItem(unloadCopyKey(key));
        }
      }
      try {
        const saved: unknown = await idb.load(key);
        // Versions before 0.1 stored a JSON string; restoreState checks whatever comes back.
        if (typeof saved === 'string') return JSON.parse(saved) as StorageValue<S>;
        return (saved as StorageValue<S> | undefined) ?? null;
      } catch {
        return null; // unreadable: start from defaults rather than break the page
      }
    },
    setItem: (key, value) => {
      // zustand's persist calls this on every change of the store; most (the shown step during
      // Play, twenty a second) leave the saved parts as they were and need no write.
      if (available && !sameSavedState(latest.get(key), value)) schedule(key, value);
    },
    removeItem: async (key) => {
      latest.delete(key);
      pending.delete(key);
      unconfirmed.delete(key);
      local()?.removeItem(unloadCopyKey(key));
      if (available) await idb.remove(key).catch(() => undefined);
    },
  };
}

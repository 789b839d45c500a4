/**
 * The copy a page leaves in localStorage while it unloads: Chromium aborts IndexedDB transactions
 * begun in `pagehide`, so whatever the page changed since its last confirmed write (its new
 * chunks, run records, deletions and head — never the whole state) is kept there synchronously,
 * one key per page, and the next load of any tab applies it to IndexedDB (savedDb.ts).
 *
 * JSON has no NaN (a step's running sum can be one) nor ±Infinity: those are written as
 * `{"~number": "NaN"}` and read back as numbers.
 */
import type { RunWrite, SaveOps } from './savedDb';
import { isObj } from './stepChunks';

/** What the copy needs of localStorage. */
export type LocalStore = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** The key of a page's copy; without a page, the single copy of the layout before the run list. */
export const unloadCopyKey = (key: string, page?: string): string =>
  page === undefined ? `${key}:unload-copy` : `${key}:unload-copy:${page}`;

const NUMBER = '~number';

const toJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'number' && !Number.isFinite(v) ? { [NUMBER]: String(v) } : v,
  );

const fromJson = (text: string): unknown =>
  JSON.parse(text, (_key, v: unknown) =>
    isObj(v) && typeof v[NUMBER] === 'string' && Object.keys(v).length === 1
      ? Number(v[NUMBER])
      : v,
  );

/** Keeps a page's unsaved changes; false when they do not fit (IndexedDB then has the rest). */
export function writeUnloadCopy(local: LocalStore, key: string, page: string, ops: SaveOps) {
  try {
    local.setItem(unloadCopyKey(key, page), toJson({ savedAt: Date.now(), ops }));
    return true;
  } catch {
    return false; // over the quota
  }
}

const isRunWrite = (value: unknown): value is RunWrite =>
  isObj(value) &&
  typeof value.id === 'string' &&
  isObj(value.record) &&
  Array.isArray(value.chunks) &&
  value.chunks.every((c) => Array.isArray(c) && typeof c[0] === 'string' && Array.isArray(c[1]));

function readOps(value: unknown): { savedAt: number; ops: SaveOps } | null {
  if (!isObj(value) || !isObj(value.ops) || typeof value.savedAt !== 'number') return null;
  const { head, runs, deleted } = value.ops;
  if (!Array.isArray(runs) || !runs.every(isRunWrite)) return null;
  if (!Array.isArray(deleted) || !deleted.every((id) => typeof id === 'string')) return null;
  return { savedAt: value.savedAt, ops: { head: head ?? null, runs, deleted } };
}

export interface UnloadCopies {
  /** Every page's copy, oldest first. */
  copies: SaveOps[];
  /** The copy of the layout before the run list (the whole state), if any. */
  legacy: unknown;
  /** The keys read: to remove once the copies are in IndexedDB. */
  keys: string[];
}

/** Every copy left by unloading pages; a damaged one is removed and ignored. */
export function readUnloadCopies(local: LocalStore, key: string): UnloadCopies {
  const prefix = unloadCopyKey(key, '');
  const keys: string[] = [];
  for (let i = 0; i < local.length; i++) {
    const k = local.key(i);
    if (k !== null && (k.startsWith(prefix) || k === unloadCopyKey(key))) keys.push(k);
  }
  const found: { savedAt: number; ops: SaveOps }[] = [];
  let legacy: unknown = undefined;
  const read: string[] = [];
  for (const k of keys) {
    const isLegacy = k === unloadCopyKey(key);
    let parsed: unknown = null;
    try {
      parsed = fromJson(local.getItem(k) ?? '');
    } catch {
      // damaged: removed below
    }
    const copy = isLegacy ? null : readOps(parsed);
    if (isLegacy && isObj(parsed)) legacy = parsed;
    else if (copy) found.push(copy);
    else {
      local.removeItem(k);
      continue;
    }
    read.push(k);
  }
  found.sort((a, b) => a.savedAt - b.savedAt);
  return { copies: found.map((c) => c.ops), legacy, keys: read };
}

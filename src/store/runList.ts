/**
 * The saved list of runs, shared by every tab of the app: which runs exist, in the order they
 * were first saved, and which were deleted. Tabs write it by read-modify-write in one IndexedDB
 * transaction (savedDb.ts), so a tab's write adds its runs to those of the others instead of
 * replacing them; a deleted run's id stays in `deleted` so that a tab still showing the run
 * cannot bring it back with its next write.
 */
import { isObj } from './stepChunks';

export interface RunList {
  /** Saved runs, oldest first. */
  ids: string[];
  /** Runs deleted by the user, oldest first; never listed again. */
  deleted: string[];
}

/** Deletions remembered; ids hold their creation time, so the oldest are the ones to forget. */
export const MAX_DELETED = 500;

export const EMPTY_RUN_LIST: RunList = { ids: [], deleted: [] };

/** The strings of a stored list; anything else is dropped. */
export const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/** The stored list, or an empty one for anything else. */
export function readRunList(stored: unknown): RunList {
  if (!isObj(stored)) return EMPTY_RUN_LIST;
  return { ids: [...new Set(strings(stored.ids))], deleted: [...new Set(strings(stored.deleted))] };
}

/**
 * The list after a tab's write: `saved` (the runs it writes, in its order) are added after the
 * runs already listed unless deleted, and `deleted` (runs it deleted) leave the list for good.
 */
export function mergeRunList(list: RunList, saved: readonly string[], deleted: readonly string[]) {
  const gone = new Set([...list.deleted, ...deleted]);
  const ids = [...new Set([...list.ids, ...saved])].filter((id) => !gone.has(id));
  const tombstones = [...new Set([...list.deleted, ...deleted])].slice(-MAX_DELETED);
  const merged: RunList = { ids, deleted: tombstones };
  return merged;
}

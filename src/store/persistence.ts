/**
 * Keeping the user's work across reloads and across tabs: settings and runs go to IndexedDB (runs
 * of a few hundred steps outgrow localStorage's ~5 MB), laid out so that tabs add to each other's
 * runs instead of replacing them (savedDb.ts).
 *
 * A run grows by a step many times a second, and zustand offers the state on every change:
 * serialising it each time cost seconds of main-thread time over a long run. So the state object
 * is kept by reference and written (structured clone, no JSON) at most once a second, and only
 * what changed since the last confirmed write goes: new step chunks, the records of changed runs,
 * deleted runs, and the head (settings) when one of its fields is another object.
 *
 * When the page is hidden or unloaded, steps still waiting for a frame are applied first
 * (`beforeLeave`) and a write begins at once. A page being closed or reloaded cannot finish an
 * IndexedDB write (Chromium aborts transactions begun in `pagehide`), so on `pagehide` the same
 * changes also go to localStorage, synchronously (unloadCopy.ts); the next load applies them. If
 * they are over localStorage's quota, only what IndexedDB had is kept (at most a second old).
 *
 * Tabs tell each other what they wrote (BroadcastChannel); a tab reads the runs another one
 * changed or deleted and hands them to `onRemoteRuns` — while it is hidden, once it is shown.
 */
import type { PersistStorage, StorageValue } from 'zustand/middleware';
import { idbKvStore, type KvStore } from './kvStore';
import { strings, type RunList } from './runList';
import { SavedDb, type SaveOps } from './savedDb';
import { chunksOf, isObj, isRunLike, splitRun, type Obj, type RunLike } from './stepChunks';
import { readUnloadCopies, unloadCopyKey, writeUnloadCopy, type LocalStore } from './unloadCopy';
import { findVocabularies } from './vocabularies';

/**
 * Reads the vocabularies of these saved runs' models from the model cache before the runs are
 * checked and viewed: a Llama-family model's runs need its own (vocabularies.ts).
 */
function findRunVocabularies(runs: unknown): Promise<void> {
  const ids = Array.isArray(runs)
    ? runs.flatMap((r) => (isObj(r) && typeof r.modelId === 'string' ? [r.modelId] : []))
    : [];
  return findVocabularies(ids, globalThis.location?.href ?? '');
}

export const WRITE_INTERVAL_MS = 1000;

/** Runs another tab saved (as stored, unchecked) or deleted, and the saved order of all runs. */
export interface RemoteRuns {
  runs: unknown[];
  deleted: string[];
  order: string[];
}

/** What crosses between tabs: the runs one tab has just written and deleted. */
export interface Channel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export interface SavedStateStorage<S> extends PersistStorage<S> {
  /** Marks runs as what is saved (read back and checked): none is written until it changes. */
  adopt(runs: readonly RunLike[]): void;
}

export interface StorageOptions {
  /** The key of the saved state (zustand's `name`). */
  key: string;
  /** The database; null: nothing is saved. By default IndexedDB, where there is one. */
  kv?: KvStore | null;
  channel?: Channel | null;
  local?: () => LocalStore | null;
  /** Applies what is still waiting to reach the state, before the page is hidden or unloaded. */
  beforeLeave?: () => void;
  onRemoteRuns?: (change: RemoteRuns) => void;
}

function browserLocal(): LocalStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled
  }
}

const defaultKv = (): KvStore | null => (typeof indexedDB === 'undefined' ? null : idbKvStore());
const defaultChannel = (key: string): Channel | null =>
  typeof BroadcastChannel === 'function' ? new BroadcastChannel(key) : null;
const hidden = (): boolean =>
  typeof document !== 'undefined' && document.visibilityState === 'hidden';

const stateOf = (value: StorageValue<unknown>): Obj => (isObj(value.state) ? value.state : {});
const runsOf = (value: StorageValue<unknown>): RunLike[] => {
  const { runs } = stateOf(value);
  return Array.isArray(runs) ? runs.filter(isRunLike) : [];
};

/** Same version and the same objects in every saved field but `runs` (replaced, never mutated). */
function sameHead(a: StorageValue<unknown> | null, b: StorageValue<unknown>): boolean {
  if (!a || a.version !== b.version) return false;
  const x = stateOf(a);
  const y = stateOf(b);
  const keys = Object.keys(y).filter((k) => k !== 'runs');
  const before = Object.keys(x).filter((k) => k !== 'runs');
  return keys.length === before.length && keys.every((k) => x[k] === y[k]);
}

const headOf = (value: StorageValue<unknown>): unknown => {
  const { runs, ...state } = stateOf(value);
  void runs;
  return { ...value, state };
};

export function createSavedStateStorage<S>(options: StorageOptions): SavedStateStorage<S> {
  const { key, beforeLeave, onRemoteRuns } = options;
  const kv = options.kv === undefined ? defaultKv() : options.kv;
  const local = options.local ?? browserLocal;
  const db = kv ? new SavedDb(key, kv) : null;
  const channel = db
    ? options.channel === undefined
      ? defaultChannel(key)
      : options.channel
    : null;
  const page = Math.random().toString(36).slice(2, 10);

  /** The newest value zustand offered. */
  let latest: StorageValue<S> | null = null;
  /** The value whose head was last written. */
  let savedHead: StorageValue<S> | null = null;
  /** Runs as saved, by id: the objects written or adopted (null: listed, never shown here). */
  const savedRuns = new Map<string, object | null>();
  /** What is saved under each chunk key (the step objects themselves). */
  const savedChunks = new Map<string, readonly unknown[]>();
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** A write failed: the next change writes again, even one that changes no saved part. */
  let retry = false;
  let copyWritten = false;
  let queue: Promise<unknown> = Promise.resolve();
  const remote = { changed: new Set<string>(), deleted: new Set<string>() };

  /** Database work runs one piece at a time, in order: a later write never races an earlier one. */
  const enqueue = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };

  const forget = (id: string): void => {
    savedRuns.delete(id);
    const prefix = `${key}:steps:${id}:`;
    for (const k of [...savedChunks.keys()]) if (k.startsWith(prefix)) savedChunks.delete(k);
  };

  /** What `value` changes against what is saved; `runs` are the changed runs' objects. */
  function changes(value: StorageValue<S>): { ops: SaveOps; runs: RunLike[] } {
    const runs = runsOf(value);
    const ids = new Set(runs.map((r) => r.id));
    const changed = runs.filter((r) => savedRuns.get(r.id) !== r);
    const ops: SaveOps = {
      head: sameHead(savedHead, value) ? null : headOf(value),
      runs: changed.map((run) => {
        const { record, changed: chunks } = splitRun(key, run, savedChunks);
        return { id: run.id, record, chunks };
      }),
      deleted: [...savedRuns.keys()].filter((id) => !ids.has(id)),
    };
    return { ops, runs: changed };
  }
  const nothingIn = (ops: SaveOps): boolean =>
    ops.head === null && ops.runs.length === 0 && ops.deleted.length === 0;

  /** A run changed or deleted here since its last write: this tab's version is the one to keep. */
  function changedHere(id: string): boolean {
    if (!savedRuns.has(id)) return false;
    const mine = latest ? runsOf(latest).find((r) => r.id === id) : undefined;
    return mine !== savedRuns.get(id);
  }

  /** Reads what other tabs changed and hands it over; waits while the page is hidden. */
  async function pull(): Promise<void> {
    if (!db || !onRemoteRuns || hidden()) return;
    if (remote.changed.size === 0 && remote.deleted.size === 0) return;
    const asked = [...new Set([...remote.changed, ...remote.deleted])];
    const told = [...remote.deleted];
    remote.changed.clear();
    remote.deleted.clear();
    try {
      const stored = await enqueue(() => db.readRuns(asked));
      const deleted = [...new Set([...told, ...stored.deleted])];
      deleted.forEach(forget);
      const runs = stored.runs.filter((r) => !isRunLike(r) || !changedHere(r.id));
      await findRunVocabularies(runs);
      if (runs.length > 0 || deleted.length > 0)
        onRemoteRuns({ runs, deleted, order: stored.order });
    } catch (error) {
      console.warn('could not read the runs saved in another tab', error);
    }
  }

  /** After a write: runs listed by other tabs that this one lacks, and runs they deleted. */
  function reconcile(list: RunList, value: StorageValue<S>): void {
    const ids = new Set(runsOf(value).map((r) => r.id));
    for (const id of list.ids) if (!ids.has(id) && !savedRuns.has(id)) remote.changed.add(id);
    for (const id of list.deleted) if (ids.has(id)) remote.deleted.add(id);
    void pull();
  }

  async function writeLatest(): Promise<void> {
    const value = latest;
    if (!db || !value) return;
    const { ops, runs } = changes(value);
    if (nothingIn(ops)) return;
    try {
      const list = await db.save(ops);
      for (const run of runs) savedRuns.set(run.id, run);
      for (const { chunks } of ops.runs) for (const [k, c] of chunks) savedChunks.set(k, c);
      ops.deleted.forEach(forget);
      if (ops.head !== null) savedHead = value;
      const changed = ops.runs.map((r) => r.id);
      if (changed.length > 0 || ops.deleted.length > 0) {
        channel?.postMessage({ page, changed, deleted: ops.deleted });
      }
      if (copyWritten && latest === value) {
        local()?.removeItem(unloadCopyKey(key, page)); // everything in it is in IndexedDB now
        copyWritten = false;
      }
      reconcile(list, value);
    } catch (error) {
      retry = true;
      // Quota or a private window: the app keeps working, only persistence is lost.
      console.warn('could not save the app state', error);
    }
  }

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    return enqueue(writeLatest);
  };

  if (db && typeof addEventListener === 'function') {
    const leave = (unloading: boolean): void => {
      beforeLeave?.();
      const store = local();
      if (unloading && latest && store) {
        const { ops } = changes(latest);
        if (!nothingIn(ops)) copyWritten = writeUnloadCopy(store, key, page, ops);
      }
      if (timer !== null || retry) void flush();
    };
    addEventListener('pagehide', () => leave(true));
    addEventListener('visibilitychange', () => {
      if (hidden()) leave(false);
      else void pull();
    });
  }
  channel?.addEventListener('message', (event) => {
    const data: unknown = event.data;
    if (!isObj(data) || data.page === page) return;
    for (const id of strings(data.changed)) remote.changed.add(id);
    for (const id of strings(data.deleted)) remote.deleted.add(id);
    void pull();
  });

  return {
    getItem: async (name) => {
      if (!db || name !== key) return null;
      const store = local();
      const found = store ? readUnloadCopies(store, key) : null;
      try {
        const loaded = await enqueue(() => db.load(found?.copies ?? [], found?.legacy));
        for (const k of found?.keys ?? []) store?.removeItem(k);
        // The copies may hold what a tab wrote just before it reloaded; tabs open all along read
        // IndexedDB before it was there and would show the older version until their own reload.
        const copied = found?.copies ?? [];
        const changed = [...new Set(copied.flatMap((ops) => ops.runs.map((r) => r.id)))];
        const deleted = [...new Set(copied.flatMap((ops) => ops.deleted))];
        if (changed.length > 0 || deleted.length > 0) {
          channel?.postMessage({ page, changed, deleted });
        }
        const { value } = loaded;
        // Before the runs count as saved here: a write zustand makes meanwhile (of the state
        // before this read) must not take them for runs this tab deleted.
        if (isObj(value) && isObj(value.state)) await findRunVocabularies(value.state.runs);
        for (const id of loaded.runIds) if (!savedRuns.has(id)) savedRuns.set(id, null);
        if (!isObj(value)) return null;
        const version = typeof value.version === 'number' ? value.version : undefined;
        // Saved by this app or an older one: restoreState checks every field before it is used.
        return { state: value.state as S, version };
      } catch {
        return null; // unreadable: start from defaults rather than break the page
      }
    },
    setItem: (name, value) => {
      if (!db || name !== key) return;
      // zustand's persist calls this on every change of the store; most (the shown step during
      // Play, twenty a second) leave the saved parts as they were and need no write.
      const same =
        latest !== null && sameHead(latest, value) && stateOf(latest).runs === stateOf(value).runs;
      latest = value;
      if (same && !retry) return;
      retry = false;
      timer ??= setTimeout(() => void flush(), WRITE_INTERVAL_MS);
    },
    removeItem: async (name) => {
      if (!db || name !== key) return;
      if (timer) clearTimeout(timer);
      timer = null;
      latest = null;
      savedHead = null;
      savedRuns.clear();
      savedChunks.clear();
      const store = local();
      for (const k of store ? readUnloadCopies(store, key).keys : []) store?.removeItem(k);
      await enqueue(() => db.clear()).catch(() => undefined);
    },
    adopt: (runs) => {
      for (const run of runs) {
        savedRuns.set(run.id, run);
        for (const [k, c] of chunksOf(key, run)) savedChunks.set(k, c);
      }
    },
  };
}

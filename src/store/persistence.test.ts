/**
 * The copy written to localStorage on `pagehide`: a reload right after a step cannot wait for
 * IndexedDB (Chromium aborts transactions begun while the page unloads), so the newest state is
 * also kept synchronously and preferred on the next load.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCoalescingIdbStorage, unloadCopyKey } from './persistence';

/** IndexedDB through idb-keyval, in memory; `frozen` makes writes hang, as an unloading page's. */
const idb = vi.hoisted(() => {
  const data = new Map<IDBValidKey, unknown>();
  const state = { frozen: false };
  const write = <T>(work: () => T): Promise<T> =>
    state.frozen ? new Promise<T>(() => undefined) : Promise.resolve(work());
  const clone = <T>(value: T): T => structuredClone(value);
  return {
    data,
    state,
    api: {
      get: async (key: IDBValidKey) => clone(data.get(key)),
      getMany: async (keys: IDBValidKey[]) => keys.map((k) => clone(data.get(k))),
      keys: async () => [...data.keys()],
      set: (key: IDBValidKey, value: unknown) => write(() => void data.set(key, clone(value))),
      setMany: (entries: [IDBValidKey, unknown][]) =>
        write(() => entries.forEach(([k, v]) => data.set(k, clone(v)))),
      del: (key: IDBValidKey) => write(() => void data.delete(key)),
      delMany: (keys: IDBValidKey[]) => write(() => keys.forEach((k) => data.delete(k))),
    },
  };
});
vi.mock('idb-keyval', () => idb.api);

/** localStorage in memory; `full` makes writes fail as over the quota. */
class MemoryStorage {
  readonly items = new Map<string, string>();
  full = false;
  getItem = (key: string): string | null => this.items.get(key) ?? null;
  setItem = (key: string, value: string): void => {
    if (this.full) throw new DOMException('quota', 'QuotaExceededError');
    this.items.set(key, value);
  };
  removeItem = (key: string): void => void this.items.delete(key);
}

const KEY = 'stepwise-state';
const COPY = unloadCopyKey(KEY);
interface Saved {
  prompt: string;
  runs: { id: string; steps: number[] }[];
}
const value = (steps: number) => ({
  state: {
    prompt: 'p',
    runs: [{ id: 'run-a', steps: Array.from({ length: steps }, (_, i) => i) }],
  },
  version: 1,
});

let page: EventTarget;
let storage: MemoryStorage;

/** A page load: a fresh storage, wired to this "window". */
function load() {
  return createCoalescingIdbStorage<Saved>();
}
const stepsOf = (saved: { state: Saved } | null) => saved?.state.runs[0].steps.length;

beforeEach(() => {
  vi.useFakeTimers();
  idb.data.clear();
  idb.state.frozen = false;
  page = new EventTarget();
  storage = new MemoryStorage();
  vi.stubGlobal('indexedDB', {});
  vi.stubGlobal('localStorage', storage);
  vi.stubGlobal('addEventListener', page.addEventListener.bind(page));
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('saved state across a reload', () => {
  it('keeps the newest step through pagehide, prefers that copy, then moves it to IndexedDB', async () => {
    const first = load();
    first.setItem(KEY, value(3));
    await vi.advanceTimersByTimeAsync(1000); // written to IndexedDB
    expect(storage.items.has(COPY)).toBe(false);
    first.setItem(KEY, value(4)); // a step arrives…
    idb.state.frozen = true; // …and the page unloads before IndexedDB could take it
    page.dispatchEvent(new Event('pagehide'));
    expect(JSON.parse(storage.items.get(COPY)!)).toEqual(value(4));
    await vi.advanceTimersByTimeAsync(0); // the write begun on pagehide never completes
    expect(stepsOf(await load().getItem(KEY))).toBe(4);
    storage.items.delete(COPY);
    expect(stepsOf(await load().getItem(KEY))).toBe(3); // what IndexedDB alone holds
    storage.items.set(COPY, JSON.stringify(value(4)));

    idb.state.frozen = false;
    const second = load();
    expect(stepsOf(await second.getItem(KEY))).toBe(4);
    await vi.advanceTimersByTimeAsync(1000);
    // In IndexedDB now; the copy has done its job.
    expect(storage.items.has(COPY)).toBe(false);
    expect(stepsOf(await load().getItem(KEY))).toBe(4);
  });

  it('writes no copy when IndexedDB already has everything', async () => {
    const first = load();
    first.setItem(KEY, value(2));
    await vi.advanceTimersByTimeAsync(1000);
    page.dispatchEvent(new Event('pagehide'));
    expect(storage.items.has(COPY)).toBe(false);
  });

  it('ignores and removes a damaged copy, reading IndexedDB instead', async () => {
    const first = load();
    first.setItem(KEY, value(5));
    await vi.advanceTimersByTimeAsync(1000);
    storage.items.set(COPY, '{"state": {"runs": [');
    expect(stepsOf(await load().getItem(KEY))).toBe(5);
    expect(storage.items.has(COPY)).toBe(false);
  });

  it('over the localStorage quota, falls back on IndexedDB (at most a second old)', async () => {
    const first = load();
    first.setItem(KEY, value(6));
    await vi.advanceTimersByTimeAsync(1000);
    first.setItem(KEY, value(7));
    idb.state.frozen = true;
    storage.full = true;
    expect(() => page.dispatchEvent(new Event('pagehide'))).not.toThrow();
    await vi.advanceTimersByTimeAsync(0);
    idb.state.frozen = false;
    expect(stepsOf(await load().getItem(KEY))).toBe(6);
  });
});

describe('writes', () => {
  it('skips a change that leaves every saved part as it was, and writes a real one', async () => {
    const storage = load();
    const saved = value(3);
    storage.setItem(KEY, saved);
    await vi.advanceTimersByTimeAsync(1000);
    const writes = vi.spyOn(idb.api, 'setMany');
    // The store changed elsewhere (the shown step): the same saved objects come again.
    storage.setItem(KEY, { state: { ...saved.state }, version: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(writes).not.toHaveBeenCalled();
    storage.setItem(KEY, { state: { ...saved.state, prompt: 'q' }, version: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(writes).toHaveBeenCalledTimes(1);
    expect((await load().getItem(KEY))?.state.prompt).toBe('q');
    writes.mockRestore();
  });

  it('tries a failed write again with the next change, even one that saves nothing new', async () => {
    const storage = load();
    const saved = value(3);
    const writes = vi.spyOn(idb.api, 'setMany').mockRejectedValueOnce(new Error('aborted'));
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    storage.setItem(KEY, saved);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await load().getItem(KEY)).toBeNull();
    storage.setItem(KEY, { state: { ...saved.state }, version: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(writes).toHaveBeenCalledTimes(2);
    expect(stepsOf(await load().getItem(KEY))).toBe(3);
    vi.restoreAllMocks();
  });
});

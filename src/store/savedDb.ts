/**
 * The saved state in IndexedDB, shared by every tab of the app. Under the app's key `K`:
 *
 * - `K`: the head — the settings and the other saved fields, without runs (last writer wins);
 * - `K:runs`: the run list (runList.ts) — saved runs in order, and deleted ones;
 * - `K:run:<id>` and `K:steps:<id>:<n>`: each run's record and step chunks (stepChunks.ts).
 *
 * A tab's write is one read-modify-write transaction: it reads the list, adds the runs it writes
 * and removes the ones it deleted, and writes those runs' records and new chunks with it. So two
 * tabs' writes add up instead of replacing each other, and a reader sees a run whole or not at all.
 *
 * Older layouts still load, and are rewritten in this one on the first load: the whole state as a
 * JSON string (before 0.1), then as one value with each run's steps inside, then with each run's
 * steps in chunks but the runs themselves inside the head.
 */
import type { KvStore, KvTransaction } from './kvStore';
import { mergeRunList, readRunList, type RunList } from './runList';
import {
  chunkKeysOf,
  isObj,
  isRunDataKey,
  isRunLike,
  joinRun,
  runKey,
  splitRun,
  stepCountOf,
  type Obj,
  type RunRecord,
} from './stepChunks';

export interface RunWrite {
  id: string;
  record: RunRecord | Obj;
  /** Chunks to write with it: [key, steps]. */
  chunks: [string, readonly unknown[]][];
}

/** One tab's changes: what a write applies, and what the copy made while a page unloads holds. */
export interface SaveOps {
  /** The head to store; null leaves the stored one. */
  head: unknown;
  /** Runs new or changed in the tab. */
  runs: RunWrite[];
  /** Runs the user deleted in the tab. */
  deleted: string[];
}

export interface Loaded {
  /** The saved state with every run's steps put back; null when nothing is saved. */
  value: unknown;
  /** Every run listed, readable or not. */
  runIds: string[];
}

export interface StoredRuns {
  /** The runs asked for that are saved, as stored (unchecked), in list order. */
  runs: unknown[];
  /** The runs asked for that were deleted. */
  deleted: string[];
  /** Every saved run, in list order. */
  order: string[];
}

const parseOld = (head: unknown): unknown => {
  if (typeof head !== 'string') return head;
  try {
    return JSON.parse(head) as unknown; // before 0.1
  } catch {
    return undefined;
  }
};

/** A head of an older layout: runs inside it. */
const runsInside = (head: unknown): unknown[] | null =>
  isObj(head) && isObj(head.state) && Array.isArray(head.state.runs) ? head.state.runs : null;

/** The head without its runs. */
function withoutRuns(head: Obj): Obj {
  const { runs, ...state } = isObj(head.state) ? head.state : {};
  void runs;
  return { ...head, state };
}

export class SavedDb {
  private readonly listKey: string;

  constructor(
    private readonly key: string,
    private readonly kv: KvStore,
  ) {
    this.listKey = `${key}:runs`;
  }

  /** Applies one tab's changes; resolves with the run list as it now stands. */
  save(ops: SaveOps): Promise<RunList> {
    return this.kv.transact('readwrite', async (tx) =>
      this.apply(tx, readRunList(await tx.get(this.listKey)), ops, false),
    );
  }

  /**
   * Reads everything back, after applying `copies` (what unloading pages could not write) and
   * rewriting an older layout (`legacyCopy`: an unload copy of that layout, newer than its head);
   * records and chunks that no listed run refers to are deleted.
   */
  load(copies: readonly SaveOps[], legacyCopy?: unknown): Promise<Loaded> {
    return this.kv.transact('readwrite', async (tx) => {
      let head = parseOld(await tx.get(this.key));
      let list = readRunList(await tx.get(this.listKey));
      const headRuns = runsInside(head);
      const copyRuns = runsInside(legacyCopy);
      if (isObj(legacyCopy) && copyRuns) {
        // Newer than a head of its layout, which it replaces as a whole (deletions included).
        const replaces = head === undefined || headRuns !== null;
        head = withoutRuns(legacyCopy);
        const runs = this.fromOld(copyRuns);
        list = await this.apply(tx, list, { head, runs, deleted: [] }, !replaces);
      } else if (isObj(head) && headRuns) {
        head = withoutRuns(head);
        list = await this.apply(
          tx,
          list,
          { head, runs: this.fromOld(headRuns), deleted: [] },
          false,
        );
      }
      for (const copy of copies) {
        list = await this.apply(tx, list, copy, true);
        // The copy's head is what is stored now: read back this time too, not only the next.
        if (copy.head !== null) head = copy.head;
      }

      const { runs, records } = await this.read(tx, list.ids);
      const referenced = new Set([
        ...list.ids.map((id) => runKey(this.key, id)),
        ...records.flatMap(chunkKeysOf),
      ]);
      for (const k of await tx.keys()) {
        if (isRunDataKey(this.key, k) && !referenced.has(k)) tx.delete(k);
      }
      if (head === undefined && runs.length === 0) return { value: null, runIds: [] };
      const base = isObj(head) ? head : {};
      const state = isObj(base.state) ? base.state : {};
      return { value: { ...base, state: { ...state, runs } }, runIds: list.ids };
    });
  }

  /** The saved runs among `ids` (as another tab wrote them), and which of them were deleted. */
  readRuns(ids: readonly string[]): Promise<StoredRuns> {
    return this.kv.transact('readonly', async (tx) => {
      const list = readRunList(await tx.get(this.listKey));
      const asked = new Set(ids);
      const { runs } = await this.read(
        tx,
        list.ids.filter((id) => asked.has(id)),
      );
      return { runs, deleted: list.deleted.filter((id) => asked.has(id)), order: list.ids };
    });
  }

  /** Deletes the whole saved state. */
  clear(): Promise<void> {
    return this.kv.transact('readwrite', async (tx) => {
      for (const k of await tx.keys()) {
        if (k === this.key || k === this.listKey || isRunDataKey(this.key, k)) tx.delete(k);
      }
    });
  }

  /** Runs of an older layout as writes; a damaged one is kept under a made-up id, to be set aside. */
  private fromOld(runs: readonly unknown[]): RunWrite[] {
    return runs.map((run, i): RunWrite => {
      if (isRunLike(run)) {
        const { record, changed } = splitRun(this.key, run, new Map());
        return { id: run.id, record, chunks: changed };
      }
      if (isObj(run) && typeof run.id === 'string') return { id: run.id, record: run, chunks: [] };
      return { id: `unreadable-${i}`, record: { unreadable: run }, chunks: [] };
    });
  }

  private async read(tx: KvTransaction, ids: readonly string[]) {
    const records = await tx.getMany(ids.map((id) => runKey(this.key, id)));
    const keys = records.flatMap(chunkKeysOf);
    const found = await tx.getMany(keys);
    const chunks = new Map(keys.map((k, i) => [k, found[i]]));
    return { runs: records.map((record) => joinRun(record, chunks)), records };
  }

  /**
   * Writes `ops` over `list`. Runs deleted anywhere are not written; with `guard` (an unload copy,
   * which may be older than what a later page saved), neither is a run stored with more steps.
   */
  private async apply(
    tx: KvTransaction,
    list: RunList,
    ops: SaveOps,
    guard: boolean,
  ): Promise<RunList> {
    const deletedRecords = await tx.getMany(ops.deleted.map((id) => runKey(this.key, id)));
    const stored = guard ? await tx.getMany(ops.runs.map((r) => runKey(this.key, r.id))) : [];
    const merged = mergeRunList(
      list,
      ops.runs.map((r) => r.id),
      ops.deleted,
    );
    const gone = new Set(merged.deleted);
    ops.deleted.forEach((id, i) => {
      tx.delete(runKey(this.key, id));
      for (const k of chunkKeysOf(deletedRecords[i])) tx.delete(k);
    });
    ops.runs.forEach((run, i) => {
      const newer = (stepCountOf(stored[i]) ?? -1) > (stepCountOf(run.record) ?? Infinity);
      if (gone.has(run.id) || (guard && newer)) return;
      tx.put(runKey(this.key, run.id), run.record);
      for (const [k, steps] of run.chunks) tx.put(k, steps);
    });
    if (ops.head !== null) tx.put(this.key, ops.head);
    tx.put(this.listKey, merged);
    return merged;
  }
}

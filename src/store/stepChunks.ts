/**
 * Saved state in IndexedDB, in pieces. Writing the whole state as one value cloned every step of
 * every run on the main thread, once a second: ~20 ms for a run of 500 steps here, a long task
 * while a run was being generated. So each run's steps are stored in chunks of 16 under keys of
 * their own; steps never change once recorded, so a write stores only the chunks whose steps are
 * not the very objects it stored last time — while a run grows, its last chunk and the small
 * head (settings and runs without their steps). Head and chunks go in one transaction.
 *
 * States written before chunking (steps inside the head) read back as they are.
 */
import { delMany, get, getMany, keys, setMany } from 'idb-keyval';

export const STEPS_PER_CHUNK = 16;

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The key of one chunk: head key, run id, chunk number. */
export const chunkKey = (key: string, runId: string, index: number): string =>
  `${key}:steps:${runId}:${index}`;

/** A run as stored in the head: its steps replaced by the keys of their chunks. */
interface StoredRun extends Obj {
  stepChunks: string[];
}

export interface Split {
  /** The head: the value with every run's steps replaced by chunk keys. */
  head: unknown;
  /** Chunks to write now: [key, steps]. */
  changed: [string, unknown[]][];
  /** Every chunk key the head refers to. */
  referenced: Set<string>;
}

const sameItems = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  a.length === b.length && a.every((item, i) => item === b[i]);

/**
 * Splits a persisted value `{ state: { runs: [{ id, steps, … }] }, … }` into a head and chunks.
 * `written` holds the chunks stored before (key → the step objects); values of any other shape
 * are stored whole.
 */
export function splitState(
  key: string,
  value: unknown,
  written: ReadonlyMap<string, readonly unknown[]>,
): Split {
  const changed: [string, unknown[]][] = [];
  const referenced = new Set<string>();
  if (!isObj(value) || !isObj(value.state) || !Array.isArray(value.state.runs)) {
    return { head: value, changed, referenced };
  }
  const runs = value.state.runs.map((run: unknown) => {
    if (!isObj(run) || typeof run.id !== 'string' || !Array.isArray(run.steps)) return run;
    const { steps, ...rest } = run;
    const stepChunks: string[] = [];
    for (let i = 0; i * STEPS_PER_CHUNK < steps.length; i++) {
      const chunk = steps.slice(i * STEPS_PER_CHUNK, (i + 1) * STEPS_PER_CHUNK);
      const k = chunkKey(key, run.id, i);
      stepChunks.push(k);
      referenced.add(k);
      const before = written.get(k);
      if (!before || !sameItems(before, chunk)) changed.push([k, chunk]);
    }
    const stored: StoredRun = { ...rest, stepChunks };
    return stored;
  });
  return { head: { ...value, state: { ...value.state, runs } }, changed, referenced };
}

/** The chunk keys a stored head refers to. */
export function chunkKeysOf(head: unknown): string[] {
  if (!isObj(head) || !isObj(head.state) || !Array.isArray(head.state.runs)) return [];
  return head.state.runs.flatMap((run: unknown) =>
    isObj(run) && Array.isArray(run.stepChunks)
      ? run.stepChunks.filter((k): k is string => typeof k === 'string')
      : [],
  );
}

/**
 * Puts the steps back into a stored head. A run with a missing or damaged chunk gets no `steps`
 * at all, so the checks that follow set it aside instead of showing half a run.
 */
export function joinState(head: unknown, chunks: ReadonlyMap<string, unknown>): unknown {
  if (!isObj(head) || !isObj(head.state) || !Array.isArray(head.state.runs)) return head;
  const runs = head.state.runs.map((run: unknown) => {
    if (!isObj(run) || !Array.isArray(run.stepChunks)) return run;
    const { stepChunks, ...rest } = run;
    const parts = stepChunks.map((k) => (typeof k === 'string' ? chunks.get(k) : undefined));
    if (!parts.every(Array.isArray)) return rest;
    return { ...rest, steps: parts.flat() };
  });
  return { ...head, state: { ...head.state, runs } };
}

/** Writes and reads one chunked value in idb-keyval's default store. */
export class ChunkedIdb {
  /** What this page stored under each chunk key (the step objects themselves). */
  private readonly written = new Map<string, readonly unknown[]>();

  private queue: Promise<void> = Promise.resolve();

  /** Saves are queued: one that finished later must not delete chunks a newer one wrote. */
  save(key: string, value: unknown): Promise<void> {
    const next = this.queue.then(() => this.write(key, value));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(key: string, value: unknown): Promise<void> {
    const { head, changed, referenced } = splitState(key, value, this.written);
    await setMany([...changed, [key, head]]);
    for (const [k, chunk] of changed) this.written.set(k, chunk);
    const stale = [...this.written.keys()].filter((k) => !referenced.has(k));
    for (const k of stale) this.written.delete(k);
    if (stale.length > 0) await delMany(stale);
  }

  async load(key: string): Promise<unknown> {
    const head: unknown = await get(key);
    const wanted = chunkKeysOf(head);
    // Chunks no head refers to (runs deleted in an earlier visit) go now.
    const prefix = `${key}:steps:`;
    const all = await keys();
    const orphans = all.filter(
      (k) => typeof k === 'string' && k.startsWith(prefix) && !wanted.includes(k),
    );
    if (orphans.length > 0) await delMany(orphans);
    if (wanted.length === 0) return head;
    const found = await getMany(wanted);
    return joinState(head, new Map(wanted.map((k, i) => [k, found[i]])));
  }

  async remove(key: string): Promise<void> {
    const all = await keys();
    const prefix = `${key}:steps:`;
    await delMany([key, ...all.filter((k) => typeof k === 'string' && k.startsWith(prefix))]);
    this.written.clear();
  }
}

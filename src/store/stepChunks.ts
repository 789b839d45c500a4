/**
 * A saved run in pieces. Writing a whole run each time cloned every step on the main thread, once
 * a second: ~20 ms for a run of 500 steps, a long task while a run was being generated. So a
 * run's steps are stored in chunks of 16 under keys of their own, and the run itself as a small
 * record that names its chunks. Steps never change once recorded, so a write stores only the
 * chunks whose steps are not the very objects written last time — while a run grows, its last
 * chunk and its record.
 *
 * Keys, under the app's key `K`: `K:run:<id>` (a record), `K:steps:<id>:<n>` (chunk n of a run).
 */

export const STEPS_PER_CHUNK = 16;

export type Obj = Record<string, unknown>;
export const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A run as the storage sees it: an id and steps, whatever else it holds. */
export interface RunLike {
  id: string;
  steps: readonly unknown[];
}

export const isRunLike = (value: unknown): value is RunLike =>
  isObj(value) && typeof value.id === 'string' && Array.isArray(value.steps);

/** The key of a run's record. */
export const runKey = (key: string, runId: string): string => `${key}:run:${runId}`;

/** The key of one chunk: app key, run id, chunk number. */
export const chunkKey = (key: string, runId: string, index: number): string =>
  `${key}:steps:${runId}:${index}`;

/** Whether a key is one of the records or chunks stored under the app's key. */
export const isRunDataKey = (key: string, k: string): boolean =>
  k.startsWith(`${key}:run:`) || k.startsWith(`${key}:steps:`);

/** A run as stored: its steps replaced by the keys of their chunks, and their number. */
export interface RunRecord extends Obj {
  id: string;
  stepChunks: string[];
  stepCount: number;
}

export interface SplitRun {
  record: RunRecord;
  /** Chunks to write now: [key, steps]. */
  changed: [string, unknown[]][];
}

const sameItems = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  a.length === b.length && a.every((item, i) => item === b[i]);

/**
 * Splits a run into its record and the chunks to write. `written` holds the chunks stored before
 * (key → the step objects); a chunk holding exactly those objects is not written again.
 */
export function splitRun(
  key: string,
  run: RunLike,
  written: ReadonlyMap<string, readonly unknown[]>,
): SplitRun {
  const { steps, ...rest } = run;
  const changed: [string, unknown[]][] = [];
  const stepChunks: string[] = [];
  for (let i = 0; i * STEPS_PER_CHUNK < steps.length; i++) {
    const chunk = steps.slice(i * STEPS_PER_CHUNK, (i + 1) * STEPS_PER_CHUNK);
    const k = chunkKey(key, run.id, i);
    stepChunks.push(k);
    const before = written.get(k);
    if (!before || !sameItems(before, chunk)) changed.push([k, chunk]);
  }
  return { record: { ...rest, id: run.id, stepChunks, stepCount: steps.length }, changed };
}

/** The chunks of a run's steps, keyed as splitRun keys them: what is stored once it is written. */
export function chunksOf(key: string, run: RunLike): [string, readonly unknown[]][] {
  return splitRun(key, run, new Map()).changed;
}

/** The chunk keys a stored record refers to (none for anything that is not a record). */
export function chunkKeysOf(record: unknown): string[] {
  return isObj(record) && Array.isArray(record.stepChunks)
    ? record.stepChunks.filter((k): k is string => typeof k === 'string')
    : [];
}

/** How many steps a stored record holds; null when it does not say (records of older layouts). */
export const stepCountOf = (record: unknown): number | null =>
  isObj(record) && typeof record.stepCount === 'number' ? record.stepCount : null;

/**
 * Puts the steps back into a stored record. A run with a missing or damaged chunk gets no
 * `steps` at all, so the checks that follow set it aside instead of showing half a run. Anything
 * without chunk keys (runs saved with their steps inline) comes back as it is.
 */
export function joinRun(record: unknown, chunks: ReadonlyMap<string, unknown>): unknown {
  if (!isObj(record) || !Array.isArray(record.stepChunks)) return record;
  const { stepChunks, stepCount, ...rest } = record;
  const parts = stepChunks.map((k) => (typeof k === 'string' ? chunks.get(k) : undefined));
  if (!parts.every(Array.isArray)) return rest;
  const steps: unknown[] = parts.flat();
  if (typeof stepCount === 'number' && steps.length !== stepCount) return rest;
  return { ...rest, steps };
}

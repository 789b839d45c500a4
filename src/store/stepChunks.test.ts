import { describe, expect, it } from 'vitest';
import {
  chunkKey,
  chunkKeysOf,
  isRunDataKey,
  joinRun,
  runKey,
  splitRun,
  STEPS_PER_CHUNK,
} from './stepChunks';

const KEY = 'stepwise-state';
const HALF = Math.floor(STEPS_PER_CHUNK / 2);
const steps = (n: number): { step: number }[] =>
  Array.from({ length: n }, (_, i) => ({ step: i + 1 }));

/** Splits, remembering what was written, as the storage does. */
function write(run: { id: string; steps: unknown[] }, written: Map<string, readonly unknown[]>) {
  const split = splitRun(KEY, run, written);
  for (const [k, chunk] of split.changed) written.set(k, chunk);
  return split;
}

describe('splitRun', () => {
  it('replaces steps by chunk keys and their number, and writes every chunk the first time', () => {
    const run = { id: 'run-a', prompt: 'x', steps: steps(2 * STEPS_PER_CHUNK + HALF) };
    const { record, changed } = splitRun(KEY, run, new Map());
    expect(record).toEqual({
      id: 'run-a',
      prompt: 'x',
      stepChunks: [0, 1, 2].map((i) => chunkKey(KEY, 'run-a', i)),
      stepCount: 2 * STEPS_PER_CHUNK + HALF,
    });
    expect(changed.map(([, c]) => c.length)).toEqual([STEPS_PER_CHUNK, STEPS_PER_CHUNK, HALF]);
  });

  it('writes only the chunks whose steps changed since the last write', () => {
    const written = new Map<string, readonly unknown[]>();
    const all = steps(3 * STEPS_PER_CHUNK + 8);
    write({ id: 'run-a', steps: all.slice(0, 2 * STEPS_PER_CHUNK + 2) }, written);
    // New steps: chunk 2 grew and chunk 3 is new; chunks 0 and 1 are the same objects.
    const later = write({ id: 'run-a', steps: all }, written);
    expect(later.changed.map(([k]) => k)).toEqual([
      chunkKey(KEY, 'run-a', 2),
      chunkKey(KEY, 'run-a', 3),
    ]);
    // Nothing new: only the record.
    expect(write({ id: 'run-a', steps: all }, written).changed).toEqual([]);
    // The same step numbers but other step objects (a rebuilt run) are written again.
    expect(write({ id: 'run-a', steps: steps(all.length) }, written).changed).toHaveLength(4);
  });

  it('keys records and chunks apart from the head and from other apps’ keys', () => {
    expect(isRunDataKey(KEY, runKey(KEY, 'run-a'))).toBe(true);
    expect(isRunDataKey(KEY, chunkKey(KEY, 'run-a', 3))).toBe(true);
    for (const other of [KEY, `${KEY}:runs`, 'other:run:x', `${KEY}:unload-copy`]) {
      expect(isRunDataKey(KEY, other)).toBe(false);
    }
  });
});

describe('joinRun', () => {
  it('gives back exactly the run that was split', () => {
    for (const run of [
      { id: 'run-a', prompt: 'x', steps: steps(2 * STEPS_PER_CHUNK + 2) },
      { id: 'run-b', steps: [] },
    ]) {
      const { record, changed } = splitRun(KEY, run, new Map());
      expect(chunkKeysOf(record)).toEqual(changed.map(([k]) => k));
      expect(joinRun(record, new Map(changed))).toEqual(run);
    }
  });

  it('reads runs saved with their steps inside as they are', () => {
    const old = { id: 'run-a', steps: steps(3) };
    expect(chunkKeysOf(old)).toEqual([]);
    expect(joinRun(old, new Map())).toEqual(old);
  });

  it('leaves a run with a missing, damaged or short chunk without steps, never with some', () => {
    const { record, changed } = splitRun(KEY, { id: 'run-a', steps: steps(100) }, new Map());
    const [first, second] = changed;
    const missing = new Map<string, unknown>([first]);
    // Every chunk present but one damaged, or one short of steps: that alone must empty the run.
    const damaged = new Map<string, unknown>([...changed, [second[0], 'damaged']]);
    const short = new Map<string, unknown>([...changed, [second[0], second[1].slice(1)]]);
    for (const chunks of [missing, damaged, short]) {
      expect(joinRun(record, chunks)).toEqual({ id: 'run-a' });
    }
  });
});

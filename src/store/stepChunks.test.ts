import { describe, expect, it } from 'vitest';
import { chunkKey, chunkKeysOf, joinState, splitState, STEPS_PER_CHUNK } from './stepChunks';

const KEY = 'stepwise-state';
const HALF = Math.floor(STEPS_PER_CHUNK / 2);
const steps = (n: number): { step: number }[] =>
  Array.from({ length: n }, (_, i) => ({ step: i + 1 }));
const value = (runs: unknown[]) => ({ state: { settings: { lang: 'en' }, runs }, version: 1 });

/** Splits, remembering what was written, as ChunkedIdb does. */
function write(v: unknown, written: Map<string, readonly unknown[]>) {
  const split = splitState(KEY, v, written);
  for (const [k, chunk] of split.changed) written.set(k, chunk);
  return split;
}

describe('splitState', () => {
  it('replaces steps by chunk keys and writes every chunk the first time', () => {
    const run = { id: 'run-a', prompt: 'x', steps: steps(2 * STEPS_PER_CHUNK + HALF) };
    const { head, changed, referenced } = splitState(KEY, value([run]), new Map());
    expect(head).toEqual(
      value([
        {
          id: 'run-a',
          prompt: 'x',
          stepChunks: [0, 1, 2].map((i) => chunkKey(KEY, 'run-a', i)),
        },
      ]),
    );
    expect(changed.map(([, c]) => c.length)).toEqual([STEPS_PER_CHUNK, STEPS_PER_CHUNK, HALF]);
    expect(referenced.size).toBe(3);
  });

  it('writes only the chunks whose steps changed since the last write', () => {
    const written = new Map<string, readonly unknown[]>();
    const all = steps(3 * STEPS_PER_CHUNK + 8);
    write(value([{ id: 'run-a', steps: all.slice(0, 2 * STEPS_PER_CHUNK + 2) }]), written);
    // New steps: chunk 2 grew and chunk 3 is new; chunks 0 and 1 are the same objects.
    const later = write(value([{ id: 'run-a', steps: all }]), written);
    expect(later.changed.map(([k]) => k)).toEqual([
      chunkKey(KEY, 'run-a', 2),
      chunkKey(KEY, 'run-a', 3),
    ]);
    // Nothing new: only the head is written.
    expect(write(value([{ id: 'run-a', steps: all }]), written).changed).toEqual([]);
    // The same step numbers but other step objects (a rebuilt run) are written again.
    const rebuilt = write(value([{ id: 'run-a', steps: steps(all.length) }]), written);
    expect(rebuilt.changed).toHaveLength(4);
  });

  it('stores values of any other shape whole', () => {
    for (const other of ['{"old":"json"}', null, { state: { runs: 'no' } }, { version: 1 }]) {
      expect(splitState(KEY, other, new Map())).toEqual({
        head: other,
        changed: [],
        referenced: new Set(),
      });
    }
  });
});

describe('joinState', () => {
  it('gives back exactly the value that was split', () => {
    const original = value([
      { id: 'run-a', steps: steps(2 * STEPS_PER_CHUNK + 2) },
      { id: 'run-b', steps: [] },
    ]);
    const { head, changed } = splitState(KEY, original, new Map());
    expect(chunkKeysOf(head)).toEqual(changed.map(([k]) => k));
    expect(joinState(head, new Map(changed))).toEqual(original);
  });

  it('reads states saved before chunking as they are', () => {
    const old = value([{ id: 'run-a', steps: steps(3) }]);
    expect(chunkKeysOf(old)).toEqual([]);
    expect(joinState(old, new Map())).toEqual(old);
  });

  it('leaves a run with a missing or damaged chunk without steps, never with some of them', () => {
    const { head, changed } = splitState(
      KEY,
      value([{ id: 'run-a', steps: steps(100) }]),
      new Map(),
    );
    const [first, second] = changed;
    const missing = new Map<string, unknown>([first]);
    // Every chunk present but one damaged: the damage alone must empty the run.
    const damaged = new Map<string, unknown>([...changed, [second[0], 'damaged']]);
    for (const chunks of [missing, damaged]) {
      const joined = joinState(head, chunks) as ReturnType<typeof value>;
      expect(joined.state.runs[0]).toEqual({ id: 'run-a' });
    }
  });
});

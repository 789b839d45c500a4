/**
 * How the kept strategy run is laid out in IndexedDB, so that a run that grows costs a small write
 * per second, not a copy of the whole run: a head under `stepwise-strategy-run` (the run without
 * its rounds, and where they are), and the rounds in chunks of 64 under
 * `stepwise-strategy-run:<lineage>:<n>`. A lineage is one run as one tab grows it; a write puts the
 * head and only the chunks that changed since that tab's last write (the last, growing one, and
 * new ones), and removes the chunks of the run it replaces. A beam search of 8 beams keeps 128
 * candidates a step: its 1024 steps are some 13 MB, which took 0.5–0.85 s to copy whole (Node's
 * structuredClone), once a second, on the page's thread.
 */
import type { KvTransaction } from './kvStore';
import { strategyRunJson } from './strategyFile';
import type { StrategyRun } from './strategyStore';

export const STRATEGY_RUN_KEY = 'stepwise-strategy-run';
export const STRATEGY_RUN_VERSION = 1;
export const ROUND_CHUNK = 64;

type ListKey = 'beamSteps' | 'rounds' | 'specRounds';

/** Where each strategy keeps its rounds. */
const LIST_KEYS: Readonly<Record<string, ListKey>> = {
  beam: 'beamSteps',
  jacobi: 'rounds',
  speculative: 'specRounds',
};

const chunkKey = (lineage: string, n: number) => `${STRATEGY_RUN_KEY}:${lineage}:${n}`;

/** The head as stored: the run without its rounds, and where they are. */
interface SavedHead {
  version: number;
  lineage: string;
  chunks: number;
  run: Record<string, unknown>;
}

function headOf(value: unknown): SavedHead | null {
  if (typeof value !== 'object' || value === null) return null;
  const { version, lineage, chunks, run } = value as Partial<Record<keyof SavedHead, unknown>>;
  const max = Math.ceil(1025 / ROUND_CHUNK);
  if (typeof version !== 'number' || typeof lineage !== 'string') return null;
  if (!Number.isInteger(chunks) || typeof chunks !== 'number' || chunks < 0 || chunks > max) {
    return null;
  }
  if (typeof run !== 'object' || run === null) return null;
  return { version, lineage, chunks, run: run as Record<string, unknown> };
}

/** What one tab last wrote of its run: its lineage, and each chunk's rounds (the objects). */
export interface Written {
  lineage: string | null;
  chunks: Map<number, readonly unknown[]>;
}

const sameItems = (a: readonly unknown[] | undefined, b: readonly unknown[]): boolean =>
  a !== undefined && a.length === b.length && a.every((item, i) => item === b[i]);

/**
 * Writes `run` (null: none) as lineage `lineage` in `tx`, after `written`; returns what is written
 * then, for the next write to build on once this one committed.
 */
export async function writeRun(
  tx: KvTransaction,
  run: StrategyRun | null,
  lineage: string,
  written: Written,
): Promise<Written> {
  const old = headOf(await tx.get(STRATEGY_RUN_KEY));
  // Another tab's run (or a run of this tab that was replaced) goes with its chunks.
  if (old && old.lineage !== lineage) {
    for (let n = 0; n < old.chunks; n++) tx.delete(chunkKey(old.lineage, n));
  }
  if (!run) {
    tx.delete(STRATEGY_RUN_KEY);
    return { lineage: null, chunks: new Map() };
  }
  const json = strategyRunJson(run);
  const listKey = LIST_KEYS[run.settings.strategy];
  const list: readonly unknown[] = json[listKey] ?? [];
  // Chunks this tab wrote are still there only while the stored head is its own lineage.
  const kept = old?.lineage === lineage && written.lineage === lineage ? written.chunks : new Map();
  const chunks = new Map<number, readonly unknown[]>();
  const count = Math.ceil(list.length / ROUND_CHUNK);
  for (let n = 0; n < count; n++) {
    const items = list.slice(n * ROUND_CHUNK, (n + 1) * ROUND_CHUNK);
    if (!sameItems(kept.get(n), items)) tx.put(chunkKey(lineage, n), items);
    chunks.set(n, items);
  }
  for (let n = count; n < (old?.lineage === lineage ? old.chunks : 0); n++) {
    tx.delete(chunkKey(lineage, n));
  }
  const head: SavedHead = {
    version: STRATEGY_RUN_VERSION,
    lineage,
    chunks: count,
    run: { ...json, [listKey]: [] },
  };
  tx.put(STRATEGY_RUN_KEY, head);
  return { lineage, chunks };
}

/** The saved run as one object (unchecked: strategyFileParse.ts reads it), or null. */
export async function readRun(tx: KvTransaction): Promise<unknown> {
  const head = headOf(await tx.get(STRATEGY_RUN_KEY));
  if (!head) return null;
  const keys = Array.from({ length: head.chunks }, (_, n) => chunkKey(head.lineage, n));
  const chunks = await tx.getMany(keys);
  if (!chunks.every(Array.isArray)) return null;
  const settings = head.run.settings;
  const strategy =
    typeof settings === 'object' && settings !== null && 'strategy' in settings
      ? String(settings.strategy)
      : '';
  const listKey = Object.hasOwn(LIST_KEYS, strategy) ? LIST_KEYS[strategy] : null;
  return listKey ? { ...head.run, [listKey]: chunks.flat() } : head.run;
}

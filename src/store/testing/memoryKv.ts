/**
 * An in-memory KvStore with IndexedDB's guarantees that the saved state relies on: values are
 * structured clones, read-write transactions run one at a time, and a transaction's writes land
 * together when it commits. `frozen` makes transactions begun from then on hang and never
 * commit, as those of an unloading page; `failNext` makes the next commit fail (nothing lands).
 */
import type { KvStore, KvTransaction } from '../kvStore';

export class MemoryKv implements KvStore {
  readonly data = new Map<string, unknown>();
  frozen = false;
  failNext: Error | null = null;
  /** Committed read-write transactions. */
  commits = 0;
  /** The keys the last committed read-write transaction wrote or deleted. */
  lastWrites: string[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  transact<T>(mode: IDBTransactionMode, work: (tx: KvTransaction) => Promise<T>): Promise<T> {
    if (this.frozen) return new Promise<T>(() => undefined);
    const run = async (): Promise<T> => {
      const writes = new Map<string, { value: unknown } | null>();
      const read = async (key: string): Promise<unknown> =>
        structuredClone(writes.has(key) ? writes.get(key)?.value : this.data.get(key));
      const tx: KvTransaction = {
        get: read,
        getMany: (keys) => Promise.all(keys.map(read)),
        keys: async () => {
          const all = new Set(this.data.keys());
          for (const [k, w] of writes) {
            if (w) all.add(k);
            else all.delete(k);
          }
          return [...all];
        },
        put: (key, value) => {
          if (mode !== 'readwrite') throw new Error('put in a read-only transaction');
          writes.set(key, { value: structuredClone(value) });
        },
        delete: (key) => {
          if (mode !== 'readwrite') throw new Error('delete in a read-only transaction');
          writes.set(key, null);
        },
      };
      const result = await work(tx);
      if (this.failNext) {
        const error = this.failNext;
        this.failNext = null;
        throw error;
      }
      for (const [k, w] of writes) {
        if (w) this.data.set(k, w.value);
        else this.data.delete(k);
      }
      if (mode === 'readwrite') {
        this.commits++;
        this.lastWrites = [...writes.keys()];
      }
      return result;
    };
    const next = this.queue.then(run);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

/**
 * Transactions over one key-value store: what the saved state needs from IndexedDB. Every read
 * of a transaction sees the same state, and its writes land together or not at all; two tabs'
 * read-write transactions never interleave. The browser's store is idb-keyval's default one
 * (the app has always saved there); tests use an in-memory store with the same guarantees.
 */
import { createStore, promisifyRequest } from 'idb-keyval';

export interface KvTransaction {
  get(key: string): Promise<unknown>;
  getMany(keys: readonly string[]): Promise<unknown[]>;
  /** Every key in the store that is a string. */
  keys(): Promise<string[]>;
  put(key: string, value: unknown): void;
  delete(key: string): void;
}

export interface KvStore {
  /**
   * Runs `work` in one transaction. `work` must await nothing but the transaction's own reads
   * (IndexedDB commits a transaction that is left without a request).
   */
  transact<T>(mode: IDBTransactionMode, work: (tx: KvTransaction) => Promise<T>): Promise<T>;
}

/** idb-keyval's default database and store. */
export function idbKvStore(): KvStore {
  const withStore = createStore('keyval-store', 'keyval');
  return {
    transact: (mode, work) =>
      withStore(mode, async (store) => {
        const read = (key: string): Promise<unknown> => promisifyRequest(store.get(key));
        const tx: KvTransaction = {
          get: read,
          getMany: (keys) => Promise.all(keys.map(read)),
          keys: async () =>
            (await promisifyRequest(store.getAllKeys())).filter(
              (k): k is string => typeof k === 'string',
            ),
          put: (key, value) => void store.put(value, key),
          delete: (key) => void store.delete(key),
        };
        const done = promisifyRequest(store.transaction);
        done.catch(() => undefined); // awaited below; an abort must not go unhandled meanwhile
        let result: Awaited<ReturnType<typeof work>>;
        try {
          result = await work(tx);
        } catch (error) {
          try {
            store.transaction.abort(); // nothing of a failed work lands
          } catch {
            // already finished or aborted
          }
          throw error;
        }
        await done;
        return result;
      }),
  };
}

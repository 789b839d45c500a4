/**
 * Keeping the strategy run on screen (beam search, Jacobi or speculative decoding) across
 * reloads. It goes to IndexedDB (a long beam search with every beam's candidates outgrows
 * localStorage), as the object a strategy run file holds (strategyFile.ts) with its rounds in
 * chunks, so that a growing run writes only what changed (strategyRunChunks.ts), and is read back
 * through the same checks as an imported file: saved state is outside input too.
 *
 * Tabs follow the chain runs' rule (persistence.ts): a tab writes only what it changed itself,
 * never a run it merely read, so a tab left open on an old run does not overwrite the newer run
 * another tab made; the run saved last is the one a reload shows. A run still going is written at
 * most once a second (its rounds are whole at every write), a finished one at once, and whatever
 * is pending when the page is hidden or closed. A run that was running when the page closed comes
 * back stopped after its last saved round (strategyFileParse.ts).
 */
import type { StoreApi } from 'zustand';
import { idbKvStore, type KvStore } from './kvStore';
import { readSavedStrategyRun } from './strategyFileParse';
import { readRun, writeRun, type Written } from './strategyRunChunks';
import { findVocabulary } from './vocabularies';
import type { StrategyRun, StrategyState } from './strategyStore';

export { STRATEGY_RUN_KEY } from './strategyRunChunks';

/** The model id a saved run names, or null (its check says what is wrong with it). */
const savedModelId = (saved: unknown): string | null =>
  typeof saved === 'object' &&
  saved !== null &&
  'modelId' in saved &&
  typeof saved.modelId === 'string'
    ? saved.modelId
    : null;
/** How often a run that is still going is written. */
export const RUN_WRITE_INTERVAL_MS = 1000;

/** What a page's events the keeper listens to come from. */
export interface PageEvents {
  addEventListener(type: 'pagehide' | 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'pagehide' | 'visibilitychange', listener: () => void): void;
}

export interface KeepOptions {
  /** The database; null: nothing is kept. By default IndexedDB, where there is one. */
  kv?: KvStore | null;
  /** Where `pagehide` and `visibilitychange` come from; null: nowhere. */
  page?: PageEvents | null;
}

export interface KeptRun {
  /** Settles once the saved run was read (and shown, where the tab had none yet). */
  restored: Promise<void>;
  /** Writes what is pending now; settles when the write landed or failed. */
  flush(): Promise<void>;
  /** Stops keeping (the listeners and a pending write are dropped). */
  stop(): void;
}

const defaultKv = (): KvStore | null => (typeof indexedDB === 'undefined' ? null : idbKvStore());
const defaultPage = (): PageEvents | null =>
  typeof window === 'undefined' || typeof document === 'undefined' ? null : window;

/** A run worth keeping: one with a prompt (a run refused before it started has none). */
const keepable = (run: StrategyRun | null): run is StrategyRun =>
  run !== null && run.promptIds.length > 0;

export function keepStrategyRun(
  store: StoreApi<StrategyState>,
  options: KeepOptions = {},
): KeptRun {
  const kv = options.kv === undefined ? defaultKv() : options.kv;
  const page = options.page === undefined ? defaultPage() : options.page;
  if (!kv) return { restored: Promise.resolve(), flush: () => Promise.resolve(), stop: () => {} };

  /** The run this tab last saw (made, imported or read): the same object is never written. */
  let known = store.getState().run;
  /** This tab changed its run since its last write. */
  let pending = false;
  /** What this tab last wrote; its lineage names the run it grows (strategyRunChunks.ts). */
  let written: Written = { lineage: null, chunks: new Map() };
  const tab = Math.random().toString(36).slice(2, 10);
  let lineages = 0;
  let lineage = { id: `${tab}-0`, requestId: NaN };
  let timer: ReturnType<typeof setTimeout> | null = null;
  let queue: Promise<void> = Promise.resolve();

  const write = (): Promise<void> => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (!pending) return queue;
    pending = false;
    const { run } = store.getState();
    const kept = keepable(run) ? run : null;
    // The run the worker is growing stays one lineage; any other run starts a new one.
    if (kept && !(kept.requestId >= 0 && kept.requestId === lineage.requestId)) {
      lineage = { id: `${tab}-${++lineages}`, requestId: kept.requestId };
    }
    const { id } = lineage;
    queue = queue
      .then(() => kv.transact('readwrite', (tx) => writeRun(tx, kept, id, written)))
      .then((now) => {
        written = now;
      })
      .catch(() => {
        pending = true; // written again with the next change or flush
        written = { lineage: null, chunks: new Map() }; // and whole
      });
    return queue;
  };

  const unsubscribe = store.subscribe((state) => {
    if (state.run === known) return;
    known = state.run;
    pending = true;
    if (state.run?.status !== 'running') void write();
    else timer ??= setTimeout(() => void write(), RUN_WRITE_INTERVAL_MS);
  });

  const restored = kv
    .transact('readonly', readRun)
    .then(async (saved) => {
      // A Llama-family model's run is read with its own vocabulary, from the model cache.
      const modelId = savedModelId(saved);
      if (modelId) await findVocabulary(modelId, globalThis.location?.href ?? '');
      // The tab made or imported a run meanwhile: that one stays (and is the one written).
      if (store.getState().run !== null || pending || saved === null) return;
      const read = readSavedStrategyRun(saved);
      if (!read.ok) return; // unreadable: the page starts without a run, as before any
      known = read.run;
      store.setState({ run: read.run, selectedStep: null });
    })
    .catch(() => undefined);

  const onHide = (): void => {
    if (typeof document === 'undefined' || document.visibilityState === 'hidden') void write();
  };
  const onPageHide = (): void => void write();
  page?.addEventListener('visibilitychange', onHide);
  page?.addEventListener('pagehide', onPageHide);

  return {
    restored,
    flush: write,
    stop: () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      page?.removeEventListener('visibilitychange', onHide);
      page?.removeEventListener('pagehide', onPageHide);
    },
  };
}

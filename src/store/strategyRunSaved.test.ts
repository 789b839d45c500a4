/**
 * The strategy run on screen across reloads and tabs, at store level: each "tab" is a store of its
 * own over one in-memory IndexedDB, and a "reload" is a fresh store reading what was saved.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createStore, type StoreApi } from 'zustand';
import { realRuns, type RealRuns } from './strategyFileRuns';
import { keepStrategyRun, STRATEGY_RUN_KEY, type KeptRun } from './strategyRunSaved';
import { initialStrategyState, type StrategyRun, type StrategyState } from './strategyStore';
import { MemoryKv } from './testing/memoryKv';

let runs: RealRuns;
beforeAll(async () => {
  runs = await realRuns();
}, 60_000);

interface Tab {
  store: StoreApi<StrategyState>;
  kept: KeptRun;
}

/** A page opened (or reloaded) over `kv`, once it has read what was saved. */
async function open(kv: MemoryKv): Promise<Tab> {
  const store = createStore<StrategyState>()(() => initialStrategyState(''));
  const kept = keepStrategyRun(store, { kv, page: null });
  await kept.restored;
  return { store, kept };
}

/** The tab shows `run` as the page's own (its worker's request id), then writes what is pending. */
async function show(tab: Tab, run: StrategyRun): Promise<void> {
  tab.store.setState({ run: { ...run, requestId: 7 } });
  await tab.kept.flush();
}

const shown = (tab: Tab) => tab.store.getState().run;

describe('the strategy run on screen', () => {
  it('comes back after a reload, for each strategy, drawn without a model', async () => {
    for (const run of [runs.beam, runs.jacobi, runs.speculative, runs.sampled]) {
      const kv = new MemoryKv();
      await show(await open(kv), run);
      // Not the old page's worker request: no event of the new page's worker can reach it.
      expect(shown(await open(kv))).toEqual({ ...run, requestId: -1 });
    }
  });

  it('comes back stopped, with its whole rounds, when the page closed while it ran', async () => {
    const kv = new MemoryKv();
    const tab = await open(kv);
    const rounds = runs.jacobi.rounds.slice(0, 2);
    await show(tab, { ...runs.jacobi, status: 'running', rounds, outcome: null });
    expect(shown(await open(kv))).toEqual({
      ...runs.jacobi,
      requestId: -1,
      status: 'stopped',
      rounds,
      outcome: null,
    });
  });

  it('is written at most once a second while it runs, at once when it ends', async () => {
    const kv = new MemoryKv();
    const tab = await open(kv);
    const running: StrategyRun = { ...runs.beam, status: 'running', outcome: null, beamSteps: [] };
    tab.store.setState({ run: running });
    for (const step of runs.beam.beamSteps) {
      tab.store.setState((s) => ({
        run: s.run && { ...s.run, beamSteps: [...s.run.beamSteps, step] },
      }));
    }
    // Steps arriving within the interval are one pending write, not one each.
    expect(kv.commits).toBe(0);
    tab.store.setState({ run: { ...runs.beam, requestId: 7 } });
    await tab.kept.flush();
    expect(kv.commits).toBe(1);
    expect(shown(await open(kv))).toEqual({ ...runs.beam, requestId: -1 });
    tab.kept.stop();
  });

  it('grows by the chunks that changed: a long run is not written whole every second', async () => {
    const kv = new MemoryKv();
    const tab = await open(kv);
    // A long Jacobi run (the same rounds over and over, renumbered): 150 rounds, three chunks.
    const rounds = Array.from({ length: 150 }, (_, i) => ({
      ...runs.jacobi.rounds[i % runs.jacobi.rounds.length],
      round: i + 1,
    }));
    const settings = { strategy: 'jacobi' as const, window: 4, maxTokens: 1024 };
    const running = { ...runs.jacobi, settings, status: 'running' as const, outcome: null };
    await show(tab, { ...running, rounds: rounds.slice(0, 140) });
    expect(kv.lastWrites.filter((k) => k.startsWith(`${STRATEGY_RUN_KEY}:`))).toHaveLength(3);
    tab.store.setState((s) => ({ run: s.run && { ...s.run, rounds } }));
    await tab.kept.flush();
    // The head and the last chunk only; the two full chunks stay as written.
    expect(kv.lastWrites).toHaveLength(2);
    expect(kv.lastWrites).toContain(STRATEGY_RUN_KEY);
    expect(shown(await open(kv))).toMatchObject({ status: 'stopped', rounds });
    // Another run replaces it, and its chunks go with it.
    await show(tab, runs.beam);
    const keys = [...kv.data.keys()].filter((k) => k.startsWith(`${STRATEGY_RUN_KEY}:`));
    expect(keys).toHaveLength(1);
  });

  it('is the one the last tab made: a tab never writes a run it only read', async () => {
    const kv = new MemoryKv();
    const first = await open(kv);
    await show(first, runs.beam);
    const second = await open(kv);
    expect(shown(second)?.settings.strategy).toBe('beam');
    const commits = kv.commits;
    await second.kept.flush();
    expect(kv.commits).toBe(commits); // reading it back wrote nothing
    // The first tab makes another run; the second, still showing the old one, leaves it be.
    await show(first, runs.jacobi);
    second.store.setState({ selectedStep: 3 });
    await second.kept.flush();
    expect(shown(await open(kv))?.settings.strategy).toBe('jacobi');
    // The second tab's own run is the newest change: it wins.
    await show(second, runs.speculative);
    expect(shown(await open(kv))?.settings.strategy).toBe('speculative');
  });

  it('is not replaced by the saved one when the tab made its own before the read', async () => {
    const kv = new MemoryKv();
    await show(await open(kv), runs.beam);
    const store = createStore<StrategyState>()(() => initialStrategyState(''));
    const kept = keepStrategyRun(store, { kv, page: null });
    store.setState({ run: { ...runs.jacobi, requestId: 9 } });
    await kept.restored;
    expect(store.getState().run?.settings.strategy).toBe('jacobi');
  });

  it('is read back checked: a damaged saved run is left out, the page opens without one', async () => {
    const kv = new MemoryKv();
    await show(await open(kv), runs.beam);
    const saved = kv.data.get(STRATEGY_RUN_KEY) as { run: { promptIds: unknown[] } };
    saved.run.promptIds[0] = 999_999;
    expect(shown(await open(kv))).toBeNull();
    kv.data.set(STRATEGY_RUN_KEY, 'not a run');
    expect(shown(await open(kv))).toBeNull();
  });

  it('is forgotten when the screen shows a run refused before it started (no prompt)', async () => {
    const kv = new MemoryKv();
    const tab = await open(kv);
    await show(tab, runs.beam);
    const refused: StrategyRun = {
      ...runs.beam,
      promptIds: [],
      status: 'failed',
      beamSteps: [],
      outcome: null,
      problem: { kind: 'prompt_empty' },
    };
    await show(tab, refused);
    expect(kv.data.has(STRATEGY_RUN_KEY)).toBe(false);
  });
});

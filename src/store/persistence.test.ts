/**
 * One tab's saved state across reloads: writes coalesced to one a second with only new chunks,
 * the copy made on `pagehide` (a reload right after a step cannot wait for IndexedDB: Chromium
 * aborts transactions begun while the page unloads), and older saved layouts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readRunList } from './runList';
import { chunkKey, runKey, splitRun } from './stepChunks';
import { KEY, newWorld, steps, Tab, type World } from './testing/savedTabs';
import { unloadCopyKey } from './unloadCopy';

let world: World;
const copies = () => [...world.local.items.keys()].filter((k) => k.startsWith(unloadCopyKey(KEY)));
const load = () => new Tab(world).load();
/** A loaded tab, with the database's count of writes started afresh (the load is one). */
async function opened(): Promise<Tab> {
  const tab = await load();
  world.kv.commits = 0;
  return tab;
}

beforeEach(() => {
  vi.useFakeTimers();
  world = newWorld();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('writes', () => {
  it('go at most once a second, and hold only what changed: new chunks, the record, the head', async () => {
    const tab = await opened();
    tab.addRun('run-a', 40);
    await vi.advanceTimersByTimeAsync(1000);
    expect(world.kv.commits).toBe(1);
    // A step every 50 ms for 3 s: three writes.
    for (let n = 41; n <= 100; n++) {
      tab.grow('run-a', steps(n, n));
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(world.kv.commits).toBe(4);
    await vi.advanceTimersByTimeAsync(1000);
    tab.grow('run-a', steps(101, 101));
    await vi.advanceTimersByTimeAsync(1000);
    // Step 101 opens chunk 6: the list, the run's record and that chunk; not the head.
    expect(world.kv.lastWrites.sort()).toEqual(
      [`${KEY}:runs`, runKey(KEY, 'run-a'), chunkKey(KEY, 'run-a', 6)].sort(),
    );
    tab.setPrompt('q');
    await vi.advanceTimersByTimeAsync(1000);
    expect(world.kv.lastWrites.sort()).toEqual([KEY, `${KEY}:runs`]);
    const back = await load();
    expect(back.state.prompt).toBe('q');
    expect(back.stepsOf('run-a')).toBe(101);
    expect(back.state.runs[0].steps).toEqual(steps(1, 101));
  });

  it('skip a change that leaves every saved part as it was', async () => {
    const tab = await opened();
    tab.addRun('run-a', 3);
    await vi.advanceTimersByTimeAsync(1000);
    // The store changed elsewhere (the shown step): the same saved objects come again.
    void tab.storage.setItem(KEY, { state: { ...tab.state }, version: 1 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(world.kv.commits).toBe(1);
  });

  it('try a failed write again with the next change, even one that saves nothing new', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const tab = await opened();
    world.kv.failNext = new Error('aborted');
    tab.addRun('run-a', 3);
    await vi.advanceTimersByTimeAsync(1000);
    expect((await load()).ids()).toEqual([]);
    void tab.storage.setItem(KEY, { state: { ...tab.state }, version: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    expect((await load()).stepsOf('run-a')).toBe(3);
  });

  it('begin at once when the page is hidden', async () => {
    const tab = await opened();
    tab.addRun('run-a', 3);
    vi.stubGlobal('document', { visibilityState: 'hidden' });
    tab.page.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(world.kv.commits).toBe(1);
  });
});

describe('a reload right after a change', () => {
  it('keeps the newest steps through pagehide, with steps still waiting for a frame', async () => {
    const first = await load();
    first.addRun('run-a', 20);
    await vi.advanceTimersByTimeAsync(1000); // in IndexedDB
    expect(copies()).toEqual([]);
    first.grow('run-a', steps(21, 30)); // steps arrive…
    first.waiting.push({ id: 'run-a', steps: steps(31, 33) }); // …more wait for a frame…
    world.kv.frozen = true; // …and the page unloads before IndexedDB could take them
    first.pagehide();
    expect(first.stepsOf('run-a')).toBe(33);
    // The copy holds what IndexedDB lacks, not the whole run: chunk 1 and the record.
    expect(copies()).toHaveLength(1);
    const copy = JSON.parse(world.local.items.get(copies()[0])!) as {
      ops: { runs: { chunks: [string][] }[] };
    };
    expect(copy.ops.runs[0].chunks.map(([k]) => k)).toEqual([
      chunkKey(KEY, 'run-a', 1),
      chunkKey(KEY, 'run-a', 2),
    ]);
    await vi.advanceTimersByTimeAsync(0); // the write begun on pagehide never completes

    world.kv.frozen = false;
    const second = await load();
    expect(second.stepsOf('run-a')).toBe(33);
    expect(second.state.runs[0].steps).toEqual(steps(1, 33)); // NaN included
    // In IndexedDB now; the copy has done its job.
    expect(copies()).toEqual([]);
    expect((await load()).stepsOf('run-a')).toBe(33);
  });

  it('keeps a setting changed just before the reload (the language picked, say)', async () => {
    const first = await load();
    first.setPrompt('saved');
    await vi.advanceTimersByTimeAsync(1000);
    first.setPrompt('changed just now');
    world.kv.frozen = true;
    first.pagehide();
    await vi.advanceTimersByTimeAsync(0);
    world.kv.frozen = false;
    expect((await load()).state.prompt).toBe('changed just now');
    expect((await load()).state.prompt).toBe('changed just now');
  });

  it('writes no copy when IndexedDB already has everything', async () => {
    const tab = await load();
    tab.addRun('run-a', 2);
    await vi.advanceTimersByTimeAsync(1000);
    tab.pagehide();
    expect(copies()).toEqual([]);
  });

  it('removes the copy once the write begun on pagehide completes (a page kept in memory)', async () => {
    const tab = await load();
    tab.addRun('run-a', 2);
    tab.pagehide();
    expect(copies()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(copies()).toEqual([]);
  });

  it('ignores and removes a damaged copy, reading IndexedDB instead', async () => {
    const tab = await load();
    tab.addRun('run-a', 5);
    await vi.advanceTimersByTimeAsync(1000);
    world.local.items.set(`${unloadCopyKey(KEY, 'x')}`, '{"savedAt": 1, "ops": {"runs": [');
    world.local.items.set(`${unloadCopyKey(KEY, 'y')}`, '{"savedAt": 1, "ops": {"runs": 3}}');
    expect((await load()).stepsOf('run-a')).toBe(5);
    expect(copies()).toEqual([]);
  });

  it('over the localStorage quota, falls back on IndexedDB (at most a second old)', async () => {
    const tab = await load();
    tab.addRun('run-a', 6);
    await vi.advanceTimersByTimeAsync(1000);
    tab.grow('run-a', steps(7, 7));
    world.kv.frozen = true;
    world.local.full = true;
    expect(() => tab.pagehide()).not.toThrow();
    await vi.advanceTimersByTimeAsync(0); // the write begun on pagehide never completes
    world.kv.frozen = false;
    expect((await load()).stepsOf('run-a')).toBe(6);
  });
});

describe('older saved layouts', () => {
  const old = (runs: unknown[]) => ({ state: { prompt: 'old', runs }, version: 1 });

  async function expectRewritten(ids: string[]) {
    const tab = await load();
    expect(tab.state.prompt).toBe('old');
    expect(tab.ids()).toEqual(ids);
    expect(readRunList(world.kv.data.get(`${KEY}:runs`)).ids).toEqual(ids);
    expect(world.kv.data.get(KEY)).toEqual({ state: { prompt: 'old' }, version: 1 });
    return tab;
  }

  it('the whole state as a JSON string, and with every run’s steps inside', async () => {
    for (const head of [
      JSON.stringify(old([{ id: 'run-a', steps: steps(1, 2) }])),
      old([{ id: 'run-a', steps: steps(1, 2) }]),
    ]) {
      world = newWorld();
      world.kv.data.set(KEY, head);
      const tab = await expectRewritten(['run-a']);
      expect(tab.state.runs[0].steps.map((s) => s.step)).toEqual([1, 2]);
      expect(world.kv.data.has(chunkKey(KEY, 'run-a', 0))).toBe(true);
    }
  });

  it('runs inside the head with their steps in chunks; chunks of deleted runs go', async () => {
    const { record, changed } = splitRun(KEY, { id: 'run-a', steps: steps(1, 20) }, new Map());
    const { stepCount, ...before } = record; // chunked heads did not count steps
    void stepCount;
    world.kv.data.set(KEY, old([before]));
    for (const [k, c] of changed) world.kv.data.set(k, c);
    world.kv.data.set(chunkKey(KEY, 'run-gone', 0), steps(1, 2));
    const tab = await expectRewritten(['run-a']);
    expect(tab.stepsOf('run-a')).toBe(20);
    expect(world.kv.data.has(chunkKey(KEY, 'run-gone', 0))).toBe(false);
  });

  it('the copy made on pagehide before the run list, which replaces its head', async () => {
    world.kv.data.set(KEY, old([{ id: 'run-a', steps: steps(1, 2) }]));
    // Written as plain JSON (a NaN became null): steps without one.
    const copy = old([
      { id: 'run-a', steps: steps(4, 7) },
      { id: 'run-b', steps: steps(1, 1) },
    ]);
    world.local.items.set(unloadCopyKey(KEY), JSON.stringify(copy));
    const tab = await expectRewritten(['run-a', 'run-b']);
    expect(tab.stepsOf('run-a')).toBe(4);
    expect(copies()).toEqual([]);
  });

  it('keeps a damaged run listed until the next write, which deletes it', async () => {
    world.kv.data.set(KEY, old([{ id: 'run-a', steps: steps(1, 2) }, 42, { id: 'run-b' }]));
    const tab = await load();
    expect(tab.ids()).toEqual(['run-a']); // the others are set aside (restoreState: a notice)
    tab.setPrompt('new');
    await vi.advanceTimersByTimeAsync(1000);
    const list = readRunList(world.kv.data.get(`${KEY}:runs`));
    expect(list.ids).toEqual(['run-a']);
    expect([...world.kv.data.keys()].filter((k) => k.startsWith(`${KEY}:run:`))).toEqual([
      runKey(KEY, 'run-a'),
    ]);
  });
});

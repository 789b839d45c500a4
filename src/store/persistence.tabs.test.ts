/**
 * Two tabs of the app saving at the same time: their runs add up, a deletion in one stays, and
 * each tab learns of the other's runs as they are saved.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readRunList } from './runList';
import { runKey } from './stepChunks';
import { KEY, newWorld, steps, Tab, type World } from './testing/savedTabs';

let world: World;
const load = (options?: { channel: boolean }) => new Tab(world, options).load();
/** Past the next write of every tab, and the messages it sends. */
const written = () => vi.advanceTimersByTimeAsync(1100);

beforeEach(() => {
  vi.useFakeTimers();
  world = newWorld();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('two tabs', () => {
  it('keep each other’s runs: B opened first, A generates, B generates, A generates again', async () => {
    const b = await load();
    const a = await load();
    a.addRun('a1', 5);
    await written();
    b.addRun('b1', 7);
    await written();
    expect((await load()).ids()).toEqual(['a1', 'b1']);
    a.addRun('a2', 3);
    await written();
    const reloaded = await load();
    expect(reloaded.ids()).toEqual(['a1', 'b1', 'a2']);
    expect(reloaded.state.runs.map((r) => r.steps.length)).toEqual([5, 7, 3]);
    // Each tab was told of the other's runs as they were saved, and shows them in one order.
    expect(a.ids()).toEqual(['a1', 'b1', 'a2']);
    expect(b.ids()).toEqual(['a1', 'b1', 'a2']);
  });

  it('see a run grow in the other tab, and do not write it back', async () => {
    const a = await load();
    const b = await load();
    a.addRun('a1', 20);
    await written();
    a.grow('a1', steps(21, 40));
    await written();
    expect(b.stepsOf('a1')).toBe(40);
    const commits = world.kv.commits;
    b.setPrompt('b’s prompt');
    await written();
    expect(world.kv.commits).toBe(commits + 1);
    expect(world.kv.lastWrites).not.toContain(runKey(KEY, 'a1')); // adopted: saved as it is
  });

  it('keep a run deleted in one tab deleted, though the other still showed it', async () => {
    const a = await load();
    const b = await load({ channel: false }); // hears nothing from A
    a.addRun('a1', 4);
    a.addRun('a2', 4);
    await written();
    const shown = await load({ channel: false });
    expect(shown.ids()).toEqual(['a1', 'a2']);
    a.deleteRun('a1');
    await written();
    // B writes with its own new run while the deleted one is still in its list…
    b.addRun('b1', 2);
    shown.addRun('s1', 2);
    await written();
    // …and it stays deleted; B learns of it from the list its write read back.
    const reloaded = await load();
    expect(reloaded.ids()).toEqual(['a2', 'b1', 's1']);
    expect(world.kv.data.has(runKey(KEY, 'a1'))).toBe(false);
    expect(readRunList(world.kv.data.get(`${KEY}:runs`)).deleted).toEqual(['a1']);
    expect(shown.ids()).toEqual(['a2', 'b1', 's1']);
    expect(b.ids()).toEqual(['a2', 'b1']); // s1 came after B's write: B sees it at its next
  });

  it('drop a run the other tab deleted as soon as it is saved', async () => {
    const a = await load();
    const b = await load();
    a.addRun('a1', 4);
    await written();
    expect(b.ids()).toEqual(['a1']);
    a.deleteRun('a1');
    await written();
    expect(b.ids()).toEqual([]);
    expect(b.remote.at(-1)?.deleted).toEqual(['a1']);
  });

  it('keep their own unsaved version of a run the other tab saves meanwhile', async () => {
    const a = await load();
    const b = await load();
    a.addRun('a1', 4);
    await written();
    await written(); // B's own write of what it heard
    a.grow('a1', steps(5, 5)); // A saves a step in 1 s…
    await vi.advanceTimersByTimeAsync(500);
    b.grow('a1', steps(5, 9)); // …while B, which continued a1, writes in 1.5 s
    await vi.advanceTimersByTimeAsync(600);
    expect(a.stepsOf('a1')).toBe(5);
    expect(b.stepsOf('a1')).toBe(9); // A's version did not replace B's unsaved one
    await written();
    // The last write wins, in every tab.
    expect(a.stepsOf('a1')).toBe(9);
    expect((await load()).stepsOf('a1')).toBe(9);
  });

  it('apply both tabs’ unload copies on the next load', async () => {
    const a = await load();
    const b = await load();
    a.addRun('a1', 3);
    b.addRun('b1', 3);
    world.kv.frozen = true;
    a.pagehide();
    b.pagehide();
    await vi.advanceTimersByTimeAsync(0);
    world.kv.frozen = false;
    expect((await load()).ids()).toEqual(['a1', 'b1']);
  });

  it('hear of runs another tab’s reload took from its unload copy', async () => {
    const a = await load();
    const b = await load();
    b.addRun('b1', 2);
    await written();
    expect(a.stepsOf('b1')).toBe(2);
    // B's run grows and B reloads before its next write: the steps go to its unload copy, which
    // only B's next load puts in IndexedDB. A, open all along, must hear of them then.
    b.grow('b1', steps(3, 6));
    world.kv.frozen = true;
    b.pagehide();
    await vi.advanceTimersByTimeAsync(0);
    world.kv.frozen = false;
    const reloaded = await load();
    await vi.advanceTimersByTimeAsync(0);
    expect(reloaded.stepsOf('b1')).toBe(6);
    expect(a.stepsOf('b1')).toBe(6);
  });

  it('hear of other tabs’ runs while hidden only once shown again', async () => {
    const a = await load();
    const b = await load();
    vi.stubGlobal('document', { visibilityState: 'hidden' });
    a.addRun('a1', 2);
    await written();
    expect(b.ids()).toEqual([]);
    vi.stubGlobal('document', { visibilityState: 'visible' });
    b.page.dispatchEvent(new Event('visibilitychange'));
    await vi.advanceTimersByTimeAsync(0);
    expect(b.ids()).toEqual(['a1']);
  });
});

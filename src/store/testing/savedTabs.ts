/**
 * Tabs of the app, as the saved state sees them, for the persistence tests: each holds a state of
 * runs (steps are small objects, one with a NaN as real steps can have) and talks to one shared
 * in-memory IndexedDB (MemoryKv), localStorage and BroadcastChannel, the way appStore.ts wires
 * the storage: what loads is checked then adopted, and runs from another tab are checked,
 * adopted and merged into the state.
 */
import { vi } from 'vitest';
import { createSavedStateStorage, type Channel, type RemoteRuns } from '../persistence';
import { isObj } from '../stepChunks';
import type { LocalStore } from '../unloadCopy';
import { MemoryKv } from './memoryKv';

export const KEY = 'stepwise-state';

export interface Step {
  step: number;
  p: number;
}
export interface TestRun {
  id: string;
  steps: Step[];
}
export interface Saved {
  prompt: string;
  runs: TestRun[];
}

/** A step; step 3's value is NaN, which JSON alone would turn into null. */
export const step = (n: number): Step => ({ step: n, p: n === 3 ? Number.NaN : n / 100 });
export const steps = (from: number, to: number): Step[] =>
  Array.from({ length: to - from + 1 }, (_, i) => step(from + i));

/** What restoreState checks, in small: a run whose every step has numbers where they belong. */
export const isTestRun = (run: unknown): run is TestRun =>
  isObj(run) &&
  typeof run.id === 'string' &&
  Array.isArray(run.steps) &&
  run.steps.every((s) => isObj(s) && typeof s.step === 'number' && typeof s.p === 'number');

/** localStorage in memory; `full` makes writes fail as over the quota. */
export class MemoryStorage implements LocalStore {
  readonly items = new Map<string, string>();
  full = false;
  get length(): number {
    return this.items.size;
  }
  key = (index: number): string | null => [...this.items.keys()][index] ?? null;
  getItem = (key: string): string | null => this.items.get(key) ?? null;
  setItem = (key: string, value: string): void => {
    if (this.full) throw new DOMException('quota', 'QuotaExceededError');
    this.items.set(key, value);
  };
  removeItem = (key: string): void => void this.items.delete(key);
}

/** BroadcastChannel between tabs: a message reaches every other member after a zero timeout. */
export class Bus {
  private readonly members = new Set<(event: MessageEvent) => void>();

  join(): Channel {
    let own: ((event: MessageEvent) => void) | null = null;
    return {
      postMessage: (message) => {
        for (const member of this.members) {
          if (member === own) continue;
          const data: unknown = structuredClone(message);
          setTimeout(() => member(new MessageEvent('message', { data })), 0);
        }
      },
      addEventListener: (_type, listener) => {
        own = listener;
        this.members.add(listener);
      },
    };
  }
}

export interface World {
  kv: MemoryKv;
  local: MemoryStorage;
  bus: Bus;
}

export const newWorld = (): World => ({
  kv: new MemoryKv(),
  local: new MemoryStorage(),
  bus: new Bus(),
});

export class Tab {
  state: Saved = { prompt: 'p', runs: [] };
  readonly page = new EventTarget();
  readonly remote: RemoteRuns[] = [];
  /** Steps that arrived but wait for a frame (frameBatch.ts); `beforeLeave` applies them. */
  readonly waiting: { id: string; steps: Step[] }[] = [];
  readonly storage;

  constructor(world: World, { channel = true } = {}) {
    vi.stubGlobal('addEventListener', this.page.addEventListener.bind(this.page));
    this.storage = createSavedStateStorage<Saved>({
      key: KEY,
      kv: world.kv,
      local: () => world.local,
      channel: channel ? world.bus.join() : null,
      beforeLeave: () => {
        for (const { id, steps } of this.waiting.splice(0)) this.grow(id, steps);
      },
      onRemoteRuns: (change) => this.receive(change),
    });
  }

  /** A page load: reads the saved state back, keeps the runs that pass the checks. */
  async load(): Promise<this> {
    const saved = await this.storage.getItem(KEY);
    const state = saved?.state;
    const runs = Array.isArray(state?.runs) ? state.runs.filter(isTestRun) : [];
    this.state = { prompt: state?.prompt ?? 'p', runs };
    this.storage.adopt(runs);
    return this;
  }

  private set(change: Partial<Saved>): void {
    this.state = { ...this.state, ...change };
    void this.storage.setItem(KEY, { state: this.state, version: 1 });
  }

  private receive({ runs, deleted, order }: RemoteRuns): void {
    const checked = runs.filter(isTestRun);
    this.remote.push({ runs: checked, deleted, order });
    this.storage.adopt(checked);
    const incoming = new Map(checked.map((r) => [r.id, r]));
    const kept = this.state.runs
      .filter((r) => !deleted.includes(r.id))
      .map((r) => incoming.get(r.id) ?? r);
    const added = checked.filter((r) => !kept.some((k) => k.id === r.id));
    const rank = (r: TestRun) => (order.includes(r.id) ? order.indexOf(r.id) : order.length);
    this.set({ runs: [...kept, ...added].sort((a, b) => rank(a) - rank(b)) });
  }

  ids = (): string[] => this.state.runs.map((r) => r.id);
  stepsOf = (id: string): number | undefined =>
    this.state.runs.find((r) => r.id === id)?.steps.length;

  addRun = (id: string, count: number): void =>
    this.set({ runs: [...this.state.runs, { id, steps: steps(1, count) }] });
  grow = (id: string, more: Step[]): void =>
    this.set({
      runs: this.state.runs.map((r) => (r.id === id ? { ...r, steps: [...r.steps, ...more] } : r)),
    });
  deleteRun = (id: string): void => this.set({ runs: this.state.runs.filter((r) => r.id !== id) });
  setPrompt = (prompt: string): void => this.set({ prompt });
  pagehide = (): void => void this.page.dispatchEvent(new Event('pagehide'));
}

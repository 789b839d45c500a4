/** The two store writes the engine's actions and its event routing both make. */
import { useAppStore, type AppState } from './appStore';
import type { Run } from './run';

const { setState } = useAppStore;

export function updateRun(id: string | null, change: (run: Run) => Partial<Run>): void {
  setState((s) => ({ runs: s.runs.map((r) => (r.id === id ? { ...r, ...change(r) } : r)) }));
}

export function setLive(change: Partial<AppState['live']>): void {
  setState((s) => ({ live: { ...s.live, ...change } }));
}

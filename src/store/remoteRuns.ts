/**
 * Runs another tab saved or deleted, merged into this tab's state: new runs join the list, a run
 * saved anew replaces this tab's copy of it, a deleted one leaves (as deleteRun does it), and the
 * list takes the saved order, so every tab shows the runs in the same order.
 */
import type { Run } from './run';
import type { AppState } from './stateTypes';
import { afterRemoval } from './runRemoval';

export interface RunsFromElsewhere {
  /** Checked runs, as saved. */
  runs: Run[];
  deleted: readonly string[];
  /** Every saved run id, oldest first. */
  order: readonly string[];
}

export function withRemoteRuns(
  state: AppState,
  { runs, deleted, order }: RunsFromElsewhere,
): Partial<AppState> {
  const gone = new Set(deleted);
  const incoming = new Map(runs.map((r) => [r.id, r]));
  const kept = state.runs.filter((r) => !gone.has(r.id)).map((r) => incoming.get(r.id) ?? r);
  const held = new Set(kept.map((r) => r.id));
  const added = runs.filter((r) => !held.has(r.id) && !gone.has(r.id));
  // Saved runs in the saved order; runs not saved yet (made here in the last second) stay last.
  const place = new Map(order.map((id, i) => [id, i]));
  const merged = [...kept, ...added]
    .map((run, i) => ({ run, at: place.get(run.id) ?? order.length + i }))
    .sort((a, b) => a.at - b.at)
    .map(({ run }) => run);

  const activeGone = state.activeRunId !== null && gone.has(state.activeRunId);
  return {
    ...afterRemoval(state, merged, (id) => gone.has(id)),
    playback: activeGone ? { step: null, playing: false } : state.playback,
  };
}

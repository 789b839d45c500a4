/**
 * What removing runs does to the rest of the state, wherever they are removed (deleted by the
 * user, a run whose model never loaded, a run another tab deleted): a removed active run gives
 * its place to the newest run left; a comparison ends when its run is gone or is now the active
 * one; the live request forgets a removed run.
 */
import type { AppState } from './stateTypes';
import type { Run } from './run';

export interface AfterRemoval {
  runs: Run[];
  activeRunId: string | null;
  compareRunId: string | null;
  live: AppState['live'];
}

/** `runs` is the list left (in its order); `gone` tells the ids removed. */
export function afterRemoval(
  state: AppState,
  runs: Run[],
  gone: (id: string) => boolean,
): AfterRemoval {
  const activeRunId =
    state.activeRunId !== null && gone(state.activeRunId)
      ? (runs.at(-1)?.id ?? null)
      : state.activeRunId;
  const compare = state.compareRunId;
  const compareRunId =
    compare !== null && !gone(compare) && compare !== activeRunId ? compare : null;
  const live =
    state.live.runId !== null && gone(state.live.runId)
      ? { ...state.live, runId: null }
      : state.live;
  return { runs, activeRunId, compareRunId, live };
}

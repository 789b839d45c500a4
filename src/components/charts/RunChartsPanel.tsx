import {
  activeSteps,
  generatingActive,
  shownStep,
  useAppStore,
  type AppState,
} from '../../store/appStore';
import { selectStep } from '../../store/viewActions';
import { RunCharts } from './RunCharts';
import { useThrottledStore } from '../shared/useThrottledStore';

/**
 * Shown once the active run has steps, and already while it waits for its first one: the charts
 * are then made while the model loads, not in the middle of a fast run.
 */
const chartsWanted = (s: AppState): boolean => activeSteps(s).length > 0 || generatingActive(s);

/** The run's charts, wired to the store: the shown step is marked, a click selects a step. */
export function RunChartsPanel() {
  // Redrawn a few times a second while a run streams in (see useThrottledStore).
  const steps = useThrottledStore(activeSteps);
  const shown = useThrottledStore(shownStep);
  const wanted = useAppStore(chartsWanted);
  if (!wanted) return null;
  return <RunCharts steps={steps} selectedStep={shown} onSelect={selectStep} />;
}

import { activeSteps, shownStep, useAppStore } from '../store/appStore';
import { selectStep } from '../store/viewActions';
import { RunCharts } from './RunCharts';

/** The run's charts, wired to the store: the shown step is marked, a click selects a step. */
export function RunChartsPanel() {
  const steps = useAppStore(activeSteps);
  const shown = useAppStore(shownStep);
  if (steps.length === 0) return null;
  return <RunCharts steps={steps} selectedStep={shown} onSelect={selectStep} />;
}

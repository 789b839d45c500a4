import type { StepRecord } from '../engine/generation';
import type { AppState } from '../store/appStore';

/** The step shown in detail: the chosen one, or the newest while following the run. */
export function selectedStepOf(state: AppState): StepRecord | null {
  const { steps, selectedStep } = state.run;
  if (steps.length === 0) return null;
  if (selectedStep === null) return steps[steps.length - 1];
  return steps[Math.min(Math.max(selectedStep, 1), steps.length) - 1];
}

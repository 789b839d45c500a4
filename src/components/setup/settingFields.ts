/**
 * The number fields of the settings form, each tied to its row of the table of limits
 * (engine/limits.ts): the input's bounds, what counts as invalid and the message saying the
 * allowed range all come from there, as they do for URL parameters and run files.
 */
import { LIMITS, type Limit } from '../../engine/limits';
import type { MessageKey } from '../../i18n/en';
import { useAppStore } from '../../store/appStore';
import { settingProblems, type NumberSetting } from '../../store/settingsCheck';

export interface NumberFieldSpec {
  label: MessageKey;
  testId: string;
  /** The arrows' step; a typed value need not be a multiple of it. */
  step: number;
  limit: Limit;
}

export const NUMBER_FIELDS: Record<NumberSetting, NumberFieldSpec> = {
  steps: { label: 'steps', testId: 'steps-input', step: 1, limit: LIMITS.steps },
  temperature: {
    label: 'temperature',
    testId: 'temperature-input',
    step: 0.1,
    limit: LIMITS.temperature,
  },
  topK: { label: 'topK', testId: 'top-k-input', step: 1, limit: LIMITS.topK },
  topP: { label: 'topP', testId: 'top-p-input', step: 0.01, limit: LIMITS.topP },
  minP: { label: 'minP', testId: 'min-p-input', step: 0.01, limit: LIMITS.minP },
  seed: { label: 'seed', testId: 'seed-input', step: 1, limit: LIMITS.seed },
};

/** The input's min and max: a range open at its minimum starts the arrows one step above it. */
export const inputBounds = ({ limit, step }: NumberFieldSpec): { min: number; max: number } => ({
  min: limit.aboveMin ? limit.min + step : limit.min,
  max: limit.max,
});

/** The settings that are out of range now (the form marks them; Generate waits for them). */
export function useSettingProblems(): NumberSetting[] {
  const steps = useAppStore((s) => s.settings.steps);
  const sampling = useAppStore((s) => s.settings.sampling);
  return settingProblems({ steps, sampling });
}

import { useId } from 'react';
import { useT } from '../../i18n';
import { activeRun, appStatus, useAppStore, type AppState } from '../../store/appStore';
import { generate, resume, stepOnce, stop } from '../../store/engineActions';
import { pause } from '../../store/playback';
import type { NumberSetting } from '../../store/settingsCheck';
import { settingsDiffer } from '../../store/shownSettings';
import { usePromptCheck } from './PromptField';

/** The worker is loading a model or computing steps. */
const engineBusy = (s: AppState): boolean => s.live.busy || s.model.status === 'loading';

/** The shown run has steps and no stop reason: Continue (and Step) can take it further. */
const runCanGoOn = (s: AppState): boolean => {
  const run = activeRun(s);
  return run !== null && run.steps.length > 0 && run.stopReason === null;
};

/**
 * Generate, Step, Continue and Stop, each with a tooltip and description saying what it does
 * (Play's is in the playback bar). The first three stop Play (the user takes over), and wait while
 * a setting is out of range, saying why under the buttons.
 */
export function RunButtons(props: { problems: readonly NumberSetting[] }) {
  const t = useT();
  const status = useAppStore(appStatus);
  const busy = useAppStore(engineBusy);
  const canGoOn = useAppStore(runCanGoOn);
  const steps = useAppStore((s) => s.settings.steps);
  // The panel no longer shows the run on screen: Step starts a new run, Continue waits.
  const changed = useAppStore(settingsDiffer);
  const prompt = usePromptCheck();
  const reasonId = useId();
  const hintId = useId();
  const blocked = props.problems.length > 0;
  const hints: Record<'generate' | 'step' | 'continue', string> = {
    generate: t('generateHint', { n: steps }),
    step: changed ? t('stepNewHint') : t('stepHint'),
    continue: changed ? t('continueChanged') : t('continueHint'),
  };
  /** The button's tooltip and description: what it does, and why it waits if it does. */
  const explain = (name: keyof typeof hints) => ({
    'aria-describedby': blocked ? `${hintId}-${name} ${reasonId}` : `${hintId}-${name}`,
    title: blocked ? `${hints[name]} ${t('settingsInvalid')}` : hints[name],
  });
  const byHand = (action: () => Promise<void>) => () => {
    pause();
    void action();
  };
  return (
    <>
      {changed && (
        <p className="settings-changed" data-testid="settings-changed" role="status">
          {t('settingsChanged')}
        </p>
      )}
      <div className="buttons">
        <button
          type="button"
          className="primary"
          data-testid="generate-button"
          disabled={busy || !prompt.ok || blocked}
          onClick={byHand(generate)}
          {...explain('generate')}
        >
          {t('generate')}
        </button>
        <button
          type="button"
          data-testid="step-button"
          disabled={busy || !prompt.ok || blocked}
          onClick={byHand(stepOnce)}
          {...explain('step')}
        >
          {t('step')}
        </button>
        <button
          type="button"
          data-testid="continue-button"
          disabled={busy || !canGoOn || status === 'error' || blocked || changed}
          onClick={byHand(resume)}
          {...explain('continue')}
        >
          {t('continue')}
        </button>
        <button type="button" data-testid="stop-button" disabled={!busy} onClick={stop}>
          {t('stop')}
        </button>
      </div>
      {(Object.keys(hints) as (keyof typeof hints)[]).map((name) => (
        <span key={name} id={`${hintId}-${name}`} hidden>
          {hints[name]}
        </span>
      ))}
      {blocked && (
        <p className="field-problem" id={reasonId} data-testid="settings-problem" role="status">
          {t('settingsInvalid')}
        </p>
      )}
    </>
  );
}

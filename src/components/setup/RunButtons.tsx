import { useId } from 'react';
import { useT } from '../../i18n';
import { appStatus, useAppStore } from '../../store/appStore';
import { generate, resume, stepOnce, stop } from '../../store/engineActions';
import type { NumberSetting } from '../../store/settingsCheck';
import { usePromptCheck } from './PromptField';

/**
 * Generate, Step, Continue and Stop. The first three wait while a setting is out of range, and
 * say why under the buttons.
 */
export function RunButtons(props: { problems: readonly NumberSetting[] }) {
  const t = useT();
  const status = useAppStore(appStatus);
  const prompt = usePromptCheck();
  const reasonId = useId();
  const busy = status === 'generating' || status === 'loading';
  const blocked = props.problems.length > 0;
  const why = blocked ? { 'aria-describedby': reasonId, title: t('settingsInvalid') } : {};
  return (
    <>
      <div className="buttons">
        <button
          type="button"
          className="primary"
          data-testid="generate-button"
          disabled={busy || !prompt.ok || blocked}
          onClick={() => void generate()}
          {...why}
        >
          {t('generate')}
        </button>
        <button
          type="button"
          data-testid="step-button"
          disabled={busy || !prompt.ok || blocked}
          onClick={() => void stepOnce()}
          {...why}
        >
          {t('step')}
        </button>
        <button
          type="button"
          data-testid="continue-button"
          disabled={status !== 'paused' || blocked}
          onClick={() => void resume()}
          {...why}
        >
          {t('continue')}
        </button>
        <button type="button" data-testid="stop-button" disabled={!busy} onClick={stop}>
          {t('stop')}
        </button>
      </div>
      {blocked && (
        <p className="field-problem" id={reasonId} data-testid="settings-problem" role="status">
          {t('settingsInvalid')}
        </p>
      )}
    </>
  );
}

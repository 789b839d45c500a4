import { useT } from '../../i18n';
import { SETTINGS_FIELDS_ID } from '../../store/formFold';
import { appStatus, useAppStore } from '../../store/appStore';
import { EXECUTION_PREFERENCES } from '../../store/settingsCheck';
import { chooseExecution, chooseModel, setSteps } from '../../store/viewActions';
import { CacheToggle } from './CacheToggle';
import { DownloadOffer } from './DownloadOffer';
import { ModelCheckField } from './ModelCheckField';
import { ModelSelect } from './ModelSelect';
import { NumberField } from './NumberField';
import { PromptField } from './PromptField';
import { RunButtons } from './RunButtons';
import { SamplingFields, StrategySelect } from './SamplingFields';
import { StrategyFields } from '../strategies/StrategyFields';
import { NUMBER_FIELDS, useSettingProblems } from './settingFields';
import './Controls.css';

function BackendSelect(props: { disabled: boolean }) {
  const t = useT();
  const ep = useAppStore((s) => s.settings.ep);
  return (
    <label className="field">
      <span>{t('backendPref')}</span>
      <select
        data-testid="ep-select"
        value={ep}
        disabled={props.disabled}
        onChange={(e) => {
          const chosen = EXECUTION_PREFERENCES.find((p) => p === e.currentTarget.value);
          if (chosen) chooseExecution(chosen);
        }}
      >
        {EXECUTION_PREFERENCES.map((p) => (
          <option key={p} value={p}>
            {t(`ep_${p}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * The settings form: model, prompt, step count, sampling, KV cache, backend, and the run buttons.
 * The fields sit in a box of their own, which a phone folds away during a run (FormFold.css); the
 * run buttons stay out of it, so Stop is in reach while the model computes.
 */
export function Controls() {
  const modelId = useAppStore((s) => s.settings.modelId);
  const steps = useAppStore((s) => s.settings.steps);
  const status = useAppStore(appStatus);
  const problems = useSettingProblems();
  const busy = status === 'generating' || status === 'loading';
  return (
    <form className="controls" onSubmit={(e) => e.preventDefault()}>
      <div className="controls-fields" id={SETTINGS_FIELDS_ID} data-testid="settings-fields">
        <ModelSelect value={modelId} onChange={chooseModel} disabled={busy} />
        <DownloadOffer />
        <ModelCheckField disabled={busy} />
        <PromptField />
        <div className="field-row">
          <NumberField
            spec={NUMBER_FIELDS.steps}
            value={steps}
            invalid={problems.includes('steps')}
            onChange={setSteps}
          />
          <StrategySelect />
        </div>
        <SamplingFields problems={problems} />
        <StrategyFields />
        <CacheToggle />
        <BackendSelect disabled={busy} />
      </div>
      <RunButtons problems={problems} />
    </form>
  );
}

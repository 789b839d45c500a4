import { useT } from '../../i18n';
import { generate, resume, stepOnce, stop } from '../../store/engineActions';
import { chooseExecution, chooseModel, setSampling, setSteps } from '../../store/viewActions';
import { appStatus, useAppStore } from '../../store/appStore';
import type { ExecutionPreference } from '../../worker/protocol';
import { DownloadOffer } from './DownloadOffer';
import { PromptField, usePromptCheck } from './PromptField';
import { ModelSelect } from './ModelSelect';
import './Controls.css';

/** A number input that only reports finite values. */
function NumberField(props: {
  label: string;
  testId: string;
  value: number;
  min: number;
  max: number;
  step: number;
  disabled?: boolean;
  onChange: (value: number) => void;
}) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <input
        type="number"
        data-testid={props.testId}
        value={props.value}
        min={props.min}
        max={props.max}
        step={props.step}
        disabled={props.disabled}
        onChange={(e) => {
          const value = e.currentTarget.valueAsNumber;
          if (Number.isFinite(value)) props.onChange(value);
        }}
      />
    </label>
  );
}

export function Controls() {
  const t = useT();
  const settings = useAppStore((s) => s.settings);
  const status = useAppStore(appStatus);
  const prompt = usePromptCheck();
  const busy = status === 'generating' || status === 'loading';
  const sampling = settings.sampling.strategy === 'sample';

  return (
    <form className="controls" onSubmit={(e) => e.preventDefault()}>
      <ModelSelect value={settings.modelId} onChange={chooseModel} disabled={busy} />
      <DownloadOffer />
      <PromptField />
      <div className="field-row">
        <NumberField
          label={t('steps')}
          testId="steps-input"
          value={settings.steps}
          min={1}
          max={1024}
          step={1}
          onChange={setSteps}
        />
        <label className="field">
          <span>{t('strategy')}</span>
          <select
            data-testid="strategy-select"
            value={settings.sampling.strategy}
            onChange={(e) =>
              setSampling({ strategy: e.currentTarget.value === 'sample' ? 'sample' : 'greedy' })
            }
          >
            <option value="greedy">{t('greedy')}</option>
            <option value="sample">{t('sample')}</option>
          </select>
        </label>
      </div>
      <div className="field-row">
        <NumberField
          label={t('temperature')}
          testId="temperature-input"
          value={settings.sampling.temperature}
          min={0}
          max={10}
          step={0.1}
          disabled={!sampling}
          onChange={(temperature) => setSampling({ temperature })}
        />
        <NumberField
          label={t('seed')}
          testId="seed-input"
          value={settings.sampling.seed}
          min={0}
          max={4294967295}
          step={1}
          disabled={!sampling}
          onChange={(seed) => setSampling({ seed: Math.floor(seed) })}
        />
      </div>
      {sampling && !(settings.sampling.temperature > 0) && (
        <p className="field-hint" data-testid="greedy-hint">
          {t('greedyAtZero')}
        </p>
      )}
      <div className="field-row">
        <NumberField
          label={t('topK')}
          testId="top-k-input"
          value={settings.sampling.topK}
          min={0}
          max={50257}
          step={1}
          disabled={!sampling}
          onChange={(topK) => setSampling({ topK: Math.floor(topK) })}
        />
        <NumberField
          label={t('topP')}
          testId="top-p-input"
          value={settings.sampling.topP}
          min={0.01}
          max={1}
          step={0.01}
          disabled={!sampling}
          onChange={(topP) => setSampling({ topP })}
        />
      </div>
      <label className="field">
        <span>{t('backendPref')}</span>
        <select
          data-testid="ep-select"
          value={settings.ep}
          disabled={busy}
          onChange={(e) => chooseExecution(e.currentTarget.value as ExecutionPreference)}
        >
          <option value="auto">auto</option>
          <option value="webgpu">webgpu</option>
          <option value="wasm">wasm</option>
        </select>
      </label>
      <div className="buttons">
        <button
          type="button"
          className="primary"
          data-testid="generate-button"
          disabled={busy || !prompt.ok}
          onClick={() => void generate()}
        >
          {t('generate')}
        </button>
        <button
          type="button"
          data-testid="step-button"
          disabled={busy || !prompt.ok}
          onClick={() => void stepOnce()}
        >
          {t('step')}
        </button>
        <button
          type="button"
          data-testid="continue-button"
          disabled={status !== 'paused'}
          onClick={() => void resume()}
        >
          {t('continue')}
        </button>
        <button type="button" data-testid="stop-button" disabled={!busy} onClick={stop}>
          {t('stop')}
        </button>
      </div>
    </form>
  );
}

import { useMemo } from 'react';
import { encodeText, viewToken } from '../engine/tokenizer';
import { useT } from '../i18n';
import { generate, resume, stepOnce, stop } from '../store/engineActions';
import {
  chooseExecution,
  chooseModel,
  editPrompt,
  setSampling,
  setSteps,
} from '../store/viewActions';
import { appStatus, useAppStore } from '../store/appStore';
import type { ExecutionPreference } from '../worker/protocol';
import { DownloadOffer } from './DownloadOffer';
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
  const promptIds = useMemo(() => encodeText(settings.prompt), [settings.prompt]);
  const promptTokens = promptIds.length;
  const busy = status === 'generating' || status === 'loading';
  const sampling = settings.sampling.strategy === 'sample';

  return (
    <form className="controls" onSubmit={(e) => e.preventDefault()}>
      <ModelSelect value={settings.modelId} onChange={chooseModel} disabled={busy} />
      <DownloadOffer />
      <label className="field">
        <span>
          {t('prompt')} <small>{t('promptTokens', { n: promptTokens })}</small>
        </span>
        <textarea
          data-testid="prompt-input"
          value={settings.prompt}
          rows={4}
          onChange={(e) => editPrompt(e.currentTarget.value)}
        />
      </label>
      {promptIds.length > 0 && (
        <div className="prompt-chips" data-testid="prompt-chips" aria-label={t('promptChips')}>
          {promptIds.slice(0, 400).map((id, i) => {
            const view = viewToken(id);
            return (
              <span
                key={i}
                className={`prompt-chip${view.complete ? '' : ' fragment'}`}
                data-testid="prompt-chip"
                data-token-id={id}
                title={`id ${id} · ${view.hex}`}
              >
                {view.label}
              </span>
            );
          })}
          {promptIds.length > 400 && <span className="prompt-chip">…</span>}
        </div>
      )}
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
          disabled={busy || promptTokens === 0}
          onClick={() => void generate()}
        >
          {t('generate')}
        </button>
        <button
          type="button"
          data-testid="step-button"
          disabled={busy || promptTokens === 0}
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

import { HUB_CATALOGUE } from '../../engine/hubCatalogue';
import type { MessageKey } from '../../i18n/en';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';
import {
  checkModelId,
  typeModelId,
  useModelCheckStore,
  type ModelCheckResult,
} from '../../store/modelCheck';
import { acceptCheckedDownload } from '../../store/linkDownload';
import { downloadBytes, millions, mb, refusalText } from './modelCheckText';
import { useSpeedEstimate, type SpeedEstimate } from '../../store/userSpeed';
import { HubIdChecking, HubIdInput, HubIdOk, HubIdRefused } from '../shared/HubIdInput';

/** Languages by their own names: the same in every interface language. */
const LANGUAGE_NAMES: Record<string, string> = { en: 'English', zh: '中文' };

const FAMILY: Record<'gpt2' | 'llama', MessageKey> = {
  gpt2: 'modelFamilyGpt2',
  llama: 'modelFamilyLlama',
};

const msText = (ms: number): string => (ms < 10 ? ms.toFixed(1) : String(Math.round(ms)));
const BACKEND_NAMES = { wasm: 'WASM', webgpu: 'WebGPU' } as const;

/**
 * The checked model's speed: from the user's own run where this browser measured one on the
 * backend that will run (which run, its time and date said), else the reference machine's.
 */
function SpeedLine(props: { estimate: SpeedEstimate }) {
  const t = useT();
  const lang = useAppStore((s) => s.settings.lang);
  const { estimate } = props;
  const ms = msText(estimate.ms);
  const rate = Math.round(1000 / estimate.ms);
  const common = { 'data-testid': 'model-check-speed', 'data-ms': estimate.ms.toFixed(2) };
  if (estimate.basis === 'reference') {
    return (
      <p {...common} data-basis="reference">
        {t('modelCheckSpeed', { ms, rate })}
      </p>
    );
  }
  const { run } = estimate;
  return (
    <p
      {...common}
      data-basis="measured"
      data-backend={estimate.backend}
      data-run-id={run.runId}
      data-measured-ms={run.ms.toFixed(2)}
    >
      {t('modelCheckSpeedMeasured', {
        backend: BACKEND_NAMES[estimate.backend],
        ms,
        rate,
        model: run.modelId,
        measured: msText(run.ms),
        steps: run.steps,
        date: new Date(run.createdAt).toLocaleString(lang),
      })}
    </p>
  );
}

function CheckResult(props: { result: ModelCheckResult; busy: boolean }) {
  const t = useT();
  const { result } = props;
  if (result.state === 'refused') {
    return (
      <HubIdRefused
        className="model-check refused"
        testId="model-check"
        reason={result.refusal.kind}
      >
        {refusalText(t, result.repo, result.refusal)}
      </HubIdRefused>
    );
  }
  return <CheckOk result={result} busy={props.busy} />;
}

function CheckOk(props: { result: ModelCheckResult & { state: 'ok' }; busy: boolean }) {
  const t = useT();
  const { result } = props;
  const { model } = result;
  const estimate = useSpeedEstimate(model.parameters, model.chosen.precision);
  const list = model.files.map((f) => `${f.precision} ${mb(f.bytes)}`).join(', ');
  return (
    <HubIdOk className="model-check ok" testId="model-check" checked={result}>
      <p>
        {t('modelCheckOk', {
          repo: model.repo,
          family: t(FAMILY[model.family]),
          layers: model.shape.layers,
          params: millions(model.parameters),
        })}
      </p>
      <p>
        {t('modelCheckFiles', {
          list,
          file: model.chosen.path,
          size: mb(model.chosen.bytes),
          extra: mb(model.extraBytes),
        })}
      </p>
      <SpeedLine estimate={estimate} />
      <button
        type="button"
        data-testid="model-check-use"
        disabled={props.busy}
        onClick={() => void acceptCheckedDownload()}
      >
        {t('modelCheckUse', { size: mb(downloadBytes(model)) })}
      </button>
    </HubIdOk>
  );
}

/**
 * A Hugging Face model id, checked before any large download: what it is, which files it has and
 * how big, or why the app cannot run it. The download starts only on the offer's button.
 */
export function ModelCheckField(props: { disabled: boolean }) {
  const t = useT();
  const { text, checking, result } = useModelCheckStore();
  const loading = useAppStore((s) => s.model.status === 'loading' || s.live.busy);
  return (
    <details
      className="model-check-field"
      data-testid="model-other"
      open={result !== null || checking || undefined}
    >
      <summary>{t('modelOtherSummary')}</summary>
      <div className="model-catalogue" role="group" aria-label={t('modelCatalogueLabel')}>
        {HUB_CATALOGUE.map((model) => (
          <button
            key={model.id}
            type="button"
            className="catalogue-item"
            data-testid="model-catalogue-item"
            data-catalogue-id={model.id}
            data-repo={model.repo}
            disabled={props.disabled || checking}
            onClick={() => void checkModelId(model.repo)}
          >
            {`${model.name} · ${millions(model.parameters)} · ${model.languages.map((l) => LANGUAGE_NAMES[l] ?? l).join(' + ')}`}
          </button>
        ))}
      </div>
      <HubIdInput
        className="source-server"
        label={t('modelIdLabel')}
        title={t('modelIdHint')}
        placeholder="Xenova/distilgpt2"
        testIds={{ input: 'model-id-input', button: 'model-check-button' }}
        disabled={props.disabled}
        text={text}
        checking={checking}
        onType={typeModelId}
        onCheck={() => void checkModelId(text)}
      />
      {checking && <HubIdChecking className="model-check" testId="model-check" text={text} />}
      {!checking && result && <CheckResult result={result} busy={loading || props.disabled} />}
    </details>
  );
}

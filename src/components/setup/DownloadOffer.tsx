import { builtModel, hubModel, modelFromId } from '../../engine/modelCatalog';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';
import { downloadModel } from '../../store/modelChoice';
import { LinkDownloadOffer } from './LinkDownloadOffer';
import { ModelFilesInput } from './ModelFilesInput';
import { SourcePicker } from './SourcePicker';
import './DownloadOffer.css';

const GPT2_IDS = [
  'gpt2',
  'gpt2:q8',
  'Xenova/gpt2@hub',
  'Xenova/gpt2@hub:q8',
  'Xenova/gpt2@hub:fp16',
  'openai-community/gpt2@built',
  'openai-community/gpt2@built:q8',
];

/**
 * While only the tiny random model is at hand, offer the real GPT-2 in one click (8-bit: the
 * smallest download that still writes sensible English), GPT-2 built in this browser from its
 * original weights (a larger download, but the app's own files: every inside view works), both
 * from the chosen source, or from the user's own files. The download selects GPT-2 only once it has loaded: a failure leaves tiny-gpt2
 * selected and this offer in place. A download model chosen in the list shows its source too.
 */
export function DownloadOffer() {
  const t = useT();
  const availability = useAppStore((s) => s.availability);
  const modelId = useAppStore((s) => s.settings.modelId);
  const loading = useAppStore((s) => s.model.status === 'loading' || s.live.busy);
  const hasGpt2 = availability.ready.some((id) => GPT2_IDS.includes(id));
  const offered = availability.checked && !hasGpt2 && modelId === 'tiny-gpt2';
  const origin = modelFromId(modelId)?.origin;
  const awaitsDownload =
    (origin === 'hub' || origin === 'built') && !availability.ready.includes(modelId);
  if (!offered && !awaitsDownload) return null;
  if (!offered) {
    return (
      <div className="download-offer" data-testid="download-source">
        <LinkDownloadOffer />
        <SourcePicker disabled={loading} />
      </div>
    );
  }
  const offer = hubModel(undefined, 'q8');
  const build = builtModel('openai-community/gpt2');
  const mb = (bytes: number): string => `${Math.round(bytes / 1e6)} MB`;
  return (
    <div className="download-offer" data-testid="download-offer">
      <p>{t('offerText')}</p>
      <SourcePicker disabled={loading} />
      <button
        type="button"
        disabled={loading}
        data-testid="download-gpt2-button"
        onClick={() => void downloadModel(offer.id)}
      >
        {t('offerButton', { size: mb(offer.approxBytes) })}
      </button>
      <button
        type="button"
        disabled={loading}
        data-testid="build-gpt2-button"
        onClick={() => void downloadModel(build.id)}
      >
        {t('offerBuildButton', { size: mb(build.approxBytes) })}
      </button>
      <ModelFilesInput />
    </div>
  );
}

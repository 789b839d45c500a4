import { hubModel } from '../../engine/modelCatalog';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';
import { loadModel } from '../../store/engineActions';
import { chooseModel } from '../../store/viewActions';

const GPT2_IDS = [
  'gpt2',
  'gpt2:q8',
  'Xenova/gpt2@hub',
  'Xenova/gpt2@hub:q8',
  'Xenova/gpt2@hub:fp16',
];

/**
 * While only the tiny random model is at hand, offer the real GPT-2 in one click (8-bit: the
 * smallest download that still writes sensible English).
 */
export function DownloadOffer() {
  const t = useT();
  const availability = useAppStore((s) => s.availability);
  const modelId = useAppStore((s) => s.settings.modelId);
  const loading = useAppStore((s) => s.model.status === 'loading');
  const hasGpt2 = availability.ready.some((id) => GPT2_IDS.includes(id));
  if (!availability.checked || hasGpt2 || modelId !== 'tiny-gpt2') return null;
  const offer = hubModel(undefined, 'q8');
  return (
    <div className="download-offer" data-testid="download-offer">
      <p>{t('offerText')}</p>
      <button
        type="button"
        disabled={loading}
        data-testid="download-gpt2-button"
        onClick={() => {
          chooseModel(offer.id);
          void loadModel(offer.id);
        }}
      >
        {t('offerButton', { size: `${Math.round(offer.approxBytes / 1e6)} MB` })}
      </button>
    </div>
  );
}

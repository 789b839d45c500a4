import { useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';
import { acceptLinkedDownload, useLinkDownloadStore } from '../../store/linkDownload';
import { currentSource, sourceName } from '../../store/modelSource';

/**
 * The download a link asked for, waiting for the user: what it is, how big, from where, and the
 * button that starts it (and the run, when the link said `autoplay=1`).
 */
export function LinkDownloadOffer() {
  const t = useT();
  const offer = useLinkDownloadStore((s) => s.offer);
  const modelId = useAppStore((s) => s.settings.modelId);
  const sourceText = useAppStore((s) => s.settings.modelSource);
  const loading = useAppStore((s) => s.model.status === 'loading' || s.live.busy);
  if (!offer || offer.modelId !== modelId) return null;
  const size = `${Math.round(offer.bytes / 1e6)} MB`;
  const named = sourceName(currentSource(sourceText));
  const source = t(named.key, named.params);
  return (
    <div className="link-download" data-testid="link-download-offer" data-model-id={offer.modelId}>
      <p>{t('linkDownloadText', { model: offer.modelId, size, source })}</p>
      <button
        type="button"
        data-testid="link-download-button"
        disabled={loading}
        onClick={() => void acceptLinkedDownload()}
      >
        {t(offer.autoplay ? 'linkDownloadRun' : 'linkDownloadButton', { size })}
      </button>
    </div>
  );
}

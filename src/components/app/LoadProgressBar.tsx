import { useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

export function LoadProgressBar() {
  const t = useT();
  const status = useAppStore((s) => s.model.status);
  const progress = useAppStore((s) => s.model.progress);
  if (status !== 'loading') return null;
  const fraction =
    progress?.phase === 'download' && progress.total ? progress.loaded / progress.total : null;
  const label =
    progress?.phase === 'download'
      ? `${t('phase_download', { file: progress.file ?? '' })} — ${mb(progress.loaded)}${
          progress.total ? ` / ${mb(progress.total)}` : ''
        }${fraction !== null ? ` (${Math.round(fraction * 100)}%)` : ''}${
          progress.fromCache ? ` — ${t('fromCache')}` : ''
        }`
      : progress?.phase === 'warmup'
        ? t('phase_warmup')
        : t('phase_session');
  return (
    <div className="load-progress" data-testid="load-progress" data-phase={progress?.phase ?? ''}>
      <progress
        max={1}
        value={fraction ?? undefined}
        aria-label={label}
        data-testid="load-progress-bar"
      />
      <span>{label}</span>
    </div>
  );
}

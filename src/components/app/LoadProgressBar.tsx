import { useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

export function LoadProgressBar() {
  const t = useT();
  const status = useAppStore((s) => s.model.status);
  const progress = useAppStore((s) => s.model.progress);
  if (status !== 'loading') return null;
  // Bytes of a download, or files of a build: both measure how far the phase is.
  const measured = progress?.phase === 'download' || progress?.phase === 'build';
  const total = measured ? (progress.total ?? 0) : 0;
  const fraction = total > 0 ? progress!.loaded / total : null;
  const label =
    progress?.phase === 'build'
      ? // `loaded` files are done: the one being built is the next, "2 of 3".
        t('phase_build', {
          file: progress.file ?? '',
          n: Math.min(progress.loaded + 1, total),
          total,
        })
      : progress?.phase === 'download'
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

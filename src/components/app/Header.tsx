import { useT } from '../../i18n';
import { activeSteps, appStatus, useAppStore, type AppState } from '../../store/appStore';
import { LanguageSelect } from './LanguageSelect';
import { LessonToggle } from '../lesson/LessonToggle';
import { PresenterToggle } from './PresenterMode';
import { median } from '../shared/stats';
import { useThrottledStore } from '../shared/useThrottledStore';

/** Step 1 includes the prompt's prefill; the decode rhythm is the median of the others. */
const decodeRhythm = (s: AppState): number | null =>
  median(
    activeSteps(s)
      .slice(1)
      .map((step) => step.totalMs),
  );

/**
 * The title, then what the page is doing: the shown run's generation speed (measured when it was
 * made), Play's own speed while it runs, the backend and its threads, and the status.
 */
export function Header() {
  const t = useT();
  const status = useAppStore(appStatus);
  const backend = useAppStore((s) => s.model.backend);
  const threads = useAppStore((s) => s.model.threads);
  const backendNote = useAppStore((s) => s.model.backendNote);
  const playing = useAppStore((s) => s.playback.playing);
  const playSpeed = useAppStore((s) => s.settings.speed);
  const note = backendNote ? t(backendNote.key, backendNote.params) : undefined;
  const decodeMs = useThrottledStore(decodeRhythm);
  return (
    <header className="header">
      <div className="header-brand">
        <h1>{t('appTitle')}</h1>
        <p>{t('appTagline')}</p>
      </div>
      <div className="header-meta">
        {decodeMs !== null && (
          <span className="meta-pill" data-testid="speed" title={t('madeSpeedHelp')}>
            {t('madeSpeed', {
              n: (1000 / decodeMs).toFixed(1),
              ms: decodeMs.toFixed(1),
            })}
          </span>
        )}
        {playing && (
          <span className="meta-pill" data-testid="play-rate" title={t('playRateHelp')}>
            {t('playRate', { n: playSpeed })}
          </span>
        )}
        {backend && (
          <span className="meta-pill" data-testid="backend-pill" title={note}>
            {t('backendLabel')}{' '}
            <span className="backend" data-testid="backend-badge" title={note}>
              {backend}
            </span>{' '}
            {t(backend === 'wasm' ? 'backendOnCpu' : 'backendOnGpu')}
          </span>
        )}
        {backend === 'wasm' && threads > 0 && (
          <span
            className="meta-pill"
            data-testid="threads"
            title={threads === 1 ? t('threadsHelpOne') : t('threadsHelp', { n: threads })}
          >
            {threads === 1 ? t('threadsLabelOne') : t('threadsLabel', { n: threads })}
          </span>
        )}
        <span
          className={`status status-${status}`}
          data-testid="app-status"
          data-state={status}
          role="status"
        >
          {t(`status_${status}`)}
        </span>
        <LessonToggle />
        <PresenterToggle />
        <LanguageSelect />
      </div>
    </header>
  );
}

import { useT } from '../../i18n';
import { activeRun, activeSteps, shownStep, useAppStore } from '../../store/appStore';
import { PlaybackBar } from './PlaybackBar';
import { TimelineTrack } from './TimelineTrack';

/**
 * The prefill block, then one cell per decode step, in order: the chain. Click or drag along it
 * to show any step; the shown step stays in view while the run grows.
 */
export function Timeline() {
  const t = useT();
  const steps = useAppStore(activeSteps);
  const shown = useAppStore(shownStep);
  const stopReason = useAppStore((s) => activeRun(s)?.stopReason ?? null);
  const promptLength = useAppStore((s) => activeRun(s)?.promptIds.length ?? 0);
  return (
    <section className="panel timeline-panel" aria-label={t('timeline')}>
      <h2>
        {t('timeline')} <small>{steps.length}</small>
      </h2>
      <PlaybackBar />
      {steps.length === 0 ? (
        <p className="muted">{t('timelineEmpty')}</p>
      ) : (
        <TimelineTrack steps={steps} shown={shown} promptLength={promptLength} />
      )}
      {stopReason && (
        <p className="muted" data-testid="stop-reason" data-reason={stopReason}>
          {t(`stop_${stopReason}`)}
        </p>
      )}
    </section>
  );
}

import { useT } from '../../i18n';
import { useAppStore } from '../../store/appStore';
import { rerunWithoutCache } from '../../store/cacheActions';
import { compareWith, deleteRun, openRun } from '../../store/viewActions';
import { RunFileButtons } from './RunFileButtons';
import { runOrigin, runSettings } from './runLabels';
import './RunList.css';

/**
 * Every run the user made or imported; the original stays here when a branch is made. Each item
 * says the settings it was made with (runLabels.ts) and where it came from; the run on screen,
 * made with the KV cache, offers its twin without it.
 */
export function RunList() {
  const t = useT();
  const runs = useAppStore((s) => s.runs);
  const activeId = useAppStore((s) => s.activeRunId);
  const compareId = useAppStore((s) => s.compareRunId);
  const busy = useAppStore((s) => s.live.busy);
  return (
    <section className="panel run-list" aria-label={t('runs')}>
      <h2>
        {t('runs')} <small>{runs.length}</small>
      </h2>
      {runs.length === 0 && <p className="muted">{t('runsEmpty')}</p>}
      <ol>
        {runs.map((run, index) => {
          const active = run.id === activeId;
          const compared = run.id === compareId;
          const origin = runOrigin(run, runs, t);
          // The cache-off twin of the run on screen, compared with it (cacheActions.ts).
          const offerTwin = active && run.config.cache !== false && run.steps.length > 0;
          return (
            <li
              key={run.id}
              className={`run-item${active ? ' active' : ''}${compared ? ' compared' : ''}`}
              data-testid="run-item"
              data-run-id={run.id}
              data-active={active}
              data-steps={run.steps.length}
            >
              <button
                type="button"
                className="run-open"
                onClick={() => openRun(run.id)}
                disabled={busy && !active}
                aria-current={active}
                title={t('runOpen')}
              >
                <span className="run-number">{index + 1}</span>
                <span className="run-text">{run.prompt}</span>
                <small data-testid="run-settings">{runSettings(run, t)}</small>
                {origin && <small data-testid="run-origin">{origin}</small>}
              </button>
              {!active && (
                <button
                  type="button"
                  className="run-compare"
                  aria-pressed={compared}
                  data-testid="compare-button"
                  onClick={() => compareWith(compared ? null : run.id)}
                  title={compared ? t('runCompareStop') : t('runCompare')}
                  aria-label={compared ? t('runCompareStop') : t('runCompare')}
                >
                  ⇅
                </button>
              )}
              <button
                type="button"
                className="run-delete"
                onClick={() => deleteRun(run.id)}
                disabled={busy && active}
                aria-label={t('runDelete')}
                title={t('runDelete')}
              >
                ×
              </button>
              {offerTwin && (
                <button
                  type="button"
                  className="run-twin"
                  data-testid="rerun-without-cache"
                  onClick={() => void rerunWithoutCache()}
                  disabled={busy}
                  title={t('rerunWithoutCacheHint')}
                >
                  {t('rerunWithoutCache')}
                </button>
              )}
            </li>
          );
        })}
      </ol>
      <RunFileButtons />
    </section>
  );
}

import { useT } from '../i18n';
import { activeSteps, appStatus, useAppStore } from '../store/appStore';
import { LanguageSelect } from './LanguageSelect';
import { median } from './stats';

export function Header() {
  const t = useT();
  const status = useAppStore(appStatus);
  const backend = useAppStore((s) => s.model.backend);
  const threads = useAppStore((s) => s.model.threads);
  const note = useAppStore((s) => s.model.backendNote);
  const steps = useAppStore(activeSteps);
  // Step 1 includes the prompt's prefill; the decode rhythm is the median of the others.
  const decodeMs = median(steps.slice(1).map((s) => s.totalMs));
  return (
    <header className="header">
      <div className="header-brand">
        <h1>{t('appTitle')}</h1>
        <p>{t('appTagline')}</p>
      </div>
      <div className="header-meta">
        {decodeMs !== null && (
          <span className="meta-pill" data-testid="speed">
            {t('msPerStep', { ms: decodeMs.toFixed(1) })} ·{' '}
            {t('tokensPerSecond', { n: (1000 / decodeMs).toFixed(1) })}
          </span>
        )}
        {backend && (
          <span className="meta-pill backend" data-testid="backend-badge" title={note}>
            {backend}
          </span>
        )}
        {backend === 'wasm' && threads > 0 && (
          <span className="meta-pill" data-testid="threads" title={note}>
            {threads}×
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
        <LanguageSelect />
      </div>
    </header>
  );
}

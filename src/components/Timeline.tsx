import { useT } from '../i18n';
import { selectStep } from '../store/actions';
import { useAppStore } from '../store/appStore';
import { selectedStepOf } from './selection';

export function Timeline() {
  const t = useT();
  const steps = useAppStore((s) => s.run.steps);
  const stopReason = useAppStore((s) => s.run.stopReason);
  const selected = useAppStore(selectedStepOf);
  return (
    <section className="panel" aria-label={t('timeline')}>
      <h2>
        {t('timeline')} <small>{steps.length}</small>
      </h2>
      {steps.length === 0 ? (
        <p className="muted">{t('timelineEmpty')}</p>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {steps.map((step) => (
            <li key={step.step}>
              <button
                type="button"
                className={`timeline-step${selected?.step === step.step ? ' selected' : ''}`}
                data-testid="timeline-step"
                data-step={step.step}
                data-token-id={step.tokenId}
                data-context-length={step.contextLength}
                data-ms={step.modelMs.toFixed(2)}
                aria-pressed={selected?.step === step.step}
                onClick={() => selectStep(step.step)}
                title={`${t('stepRead', { n: step.contextLength })} · ${step.modelMs.toFixed(1)} ms`}
              >
                <span className="timeline-index">{step.step}</span>
                <span className="timeline-token">{step.token.label}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
      {stopReason && (
        <p className="muted" data-testid="stop-reason" data-reason={stopReason}>
          {t(`stop_${stopReason}`)}
        </p>
      )}
    </section>
  );
}

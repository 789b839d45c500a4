import { useT } from '../i18n';
import { useAppStore } from '../store/appStore';
import { selectedStepOf } from './selection';

const percent = (p: number): string => `${(p * 100).toFixed(p < 0.001 ? 3 : 1)}%`;

/** Why this token: the candidates the model weighed at the selected step. */
export function StepDetail() {
  const t = useT();
  const step = useAppStore(selectedStepOf);
  if (!step) return null;
  const top = step.candidates[0]?.prob ?? 1;
  return (
    <section className="panel" data-testid="step-detail" data-step={step.step}>
      <h2>
        {t('stepDetail', { n: step.step })}{' '}
        <small>
          {t('stepRead', { n: step.contextLength })} · {step.modelMs.toFixed(1)} ms
        </small>
      </h2>
      <h3>{t('candidates')}</h3>
      <ul className="candidates">
        {step.candidates.map((c) => {
          const chosen = c.id === step.tokenId;
          return (
            <li
              key={c.id}
              className={`candidate${chosen ? ' chosen' : ''}${c.eligible ? '' : ' ineligible'}`}
              data-testid="candidate"
              data-token-id={c.id}
              data-prob={c.prob}
              data-logit={c.logit}
              data-chosen={chosen}
              data-eligible={c.eligible}
            >
              <span className="candidate-token">{c.token.label}</span>
              <span className="candidate-bar" aria-hidden="true">
                <span style={{ width: `${(c.prob / top) * 100}%` }} />
              </span>
              <span className="candidate-prob" title={t('prob')}>
                {percent(c.prob)}
              </span>
              <span className="candidate-logit" title={t('logit')}>
                {c.logit.toFixed(2)}
              </span>
              {chosen && <span className="candidate-mark">{t('chosen')}</span>}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

import { useT } from '../../i18n';
import { activeRun, compareRun } from '../../store/appStore';
import { firstDivergence, type Run } from '../../store/run';
import { CompareTimes } from './CompareTimes';
import { runName } from './runLabels';
import { useThrottledStore } from '../shared/useThrottledStore';
import './CompareRuns.css';

function Row(props: { run: Run; label: string; diverge: number | null }) {
  return (
    <div className="compare-row" data-testid="compare-row" data-run-id={props.run.id}>
      <span className="compare-label">{props.label}</span>
      <div className="compare-tokens">
        {props.run.steps.map((s) => (
          <span
            key={s.step}
            className={`compare-token${
              props.diverge !== null && s.step === props.diverge ? ' diverge' : ''
            }${props.diverge !== null && s.step > props.diverge ? ' after' : ''}`}
            data-step={s.step}
            data-token-id={s.tokenId}
          >
            {s.token.label}
          </span>
        ))}
      </div>
    </div>
  );
}

/**
 * Two runs one above the other, each named as in the run list, the first step where they chose
 * differently marked, and their model times (CompareTimes.tsx). It sits right under the timeline (App.tsx), where the class looks.
 */
export function CompareRuns() {
  const t = useT();
  // Both rows list every step: redrawn a few times a second while a branch streams in.
  const active = useThrottledStore(activeRun);
  const other = useThrottledStore(compareRun);
  const runs = useThrottledStore((s) => s.runs);
  if (!active || !other) return null;
  const diverge = firstDivergence(other, active);
  return (
    <section
      className="panel compare"
      aria-label={t('compareTitle')}
      data-testid="compare-runs"
      data-diverge-step={diverge ?? ''}
    >
      <h2>
        {t('compareTitle')}{' '}
        <small>{diverge === null ? t('compareSame') : t('compareDiverge', { n: diverge })}</small>
      </h2>
      <Row run={other} label={runName(other, runs, t)} diverge={diverge} />
      <Row run={active} label={runName(active, runs, t)} diverge={diverge} />
      <CompareTimes first={other} second={active} runs={runs} />
    </section>
  );
}

import { useMemo } from 'react';
import { useT } from '../../i18n';
import type { Run } from '../../store/run';
import { CompareTimeChart } from './CompareTimeChart';
import { compareTimeData, formatTotal, totalModelMs } from './compareTime';
import { runNumber } from './runLabels';

/**
 * The compared runs' model time: per step as two curves, and in all side by side, each run named
 * with its cache mode. Without the cache the curve climbs with the context; with it, it stays flat.
 */
export function CompareTimes(props: { first: Run; second: Run; runs: readonly Run[] }) {
  const t = useT();
  const { first, second, runs } = props;
  const data = useMemo(() => compareTimeData(first, second), [first, second]);
  const name = (run: Run): string =>
    `${t('runName', { n: runNumber(run, runs) ?? '?' })} (${
      run.config.cache === false ? t('compareWithoutCache') : t('compareWithCache')
    })`;
  const [a, b] = [name(first), name(second)];
  return (
    <div className="compare-time">
      <p className="compare-time-title">{t('compareTimeTitle')}</p>
      <CompareTimeChart data={data} label={t('compareTimeAria', { a, b })} />
      <ul className="compare-totals">
        {[first, second].map((run, i) => {
          const total = totalModelMs(run);
          return (
            <li
              key={run.id}
              data-testid="compare-time"
              data-run-id={run.id}
              data-total-ms={total.toFixed(3)}
            >
              <span className={`compare-swatch series-${i}`} aria-hidden="true" />
              {t('compareTimeTotal', { name: i === 0 ? a : b, ms: formatTotal(total) })}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

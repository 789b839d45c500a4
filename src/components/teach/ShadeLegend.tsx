import type { MessageKey } from '../../i18n/en';
import type { ShadeBy } from '../../store/teachStore';
import { percent, short, type T } from '../step/format';
import { legendRanges, type LegendRange } from './tokenShade';

function rangeText(by: ShadeBy, r: LegendRange, t: T): string {
  const fmt = (v: number) => (by === 'prob' ? percent(v).replace('.0%', '%') : short(v));
  const from = r.from === null ? '' : fmt(r.from);
  const to = r.to === null ? '' : fmt(r.to);
  const keys: Record<ShadeBy, [MessageKey, MessageKey, MessageKey]> = {
    // [only a lower bound, both, only an upper bound]
    prob: ['teachRangeProbFrom', 'teachRangeProbBetween', 'teachRangeProbBelow'],
    entropy: ['teachRangeBitsFrom', 'teachRangeBitsBetween', 'teachRangeBitsBelow'],
  };
  const [onlyFrom, both, onlyTo] = keys[by];
  if (r.to === null) return t(onlyFrom, { from });
  if (r.from === null) return t(onlyTo, { to });
  return t(both, { from, to });
}

/** What each shade stands for, from "sure" to "unsure"; a swatch and its range in words. */
export function ShadeLegend(props: { by: ShadeBy; t: T }) {
  const { by, t } = props;
  return (
    <div className="tc-legend" data-testid="colored-legend">
      <span className="tc-legend-title">{t('teachLegend')}</span>
      <span className="muted">{t('teachLegendSure')}</span>
      <ul>
        {legendRanges(by).map((r) => (
          <li key={r.level} data-level={r.level}>
            <span className={`tc-swatch tc-l${r.level}`} aria-hidden="true" />
            {rangeText(by, r, t)}
          </li>
        ))}
      </ul>
      <span className="muted">{t('teachLegendUnsure')}</span>
    </div>
  );
}

import { useEffect, useRef } from 'react';
import 'uplot/dist/uPlot.min.css';
import { useT } from '../../i18n';
import type { RunChartData } from './chartData';
import { format, valueAt, type Kind, type Live } from './chartOptions';
import { useChartPlot } from './useChartPlot';
import { useThrottledDraw } from './useThrottledDraw';

export interface MiniChartProps {
  kind: Kind;
  data: RunChartData;
  selected: number | null;
  onSelect: (step: number) => void;
  sync: string;
  title: string;
  label: string;
  median: string;
  note?: string;
}

/** One small chart over a run, one point per step, with the selected step marked. */
export function MiniChart(props: MiniChartProps) {
  const { kind, data, selected, onSelect, sync } = props;
  const t = useT();
  const host = useRef<HTMLDivElement>(null);
  // uPlot's callbacks are made once per mount; they read the newest props through this.
  const live = useRef<Live>({ data, selected, onSelect });
  const plot = useChartPlot(host, kind, sync, live);
  const scheduleDraw = useThrottledDraw(plot, kind, live);

  useEffect(() => {
    live.current.data = data;
    scheduleDraw(true);
  }, [data, scheduleDraw]);

  useEffect(() => {
    live.current.selected = selected;
    scheduleDraw(false);
  }, [selected, scheduleDraw]);

  useEffect(() => {
    live.current.onSelect = onSelect;
  }, [onSelect]);

  const value = selected === null ? null : valueAt(kind, data, selected);
  return (
    <figure className="rc-chart">
      <figcaption>
        <span className="rc-title">{props.title}</span>
        <span className="rc-meta">
          {t('chartMedian', { value: props.median })}
          {value !== null && (
            <strong>{t('chartAt', { n: selected!, value: format[kind](value) })}</strong>
          )}
        </span>
      </figcaption>
      <div
        ref={host}
        className="rc-plot"
        data-testid={`chart-${kind}`}
        role="img"
        aria-label={props.label}
      />
      {props.note && <p className="rc-note">{props.note}</p>}
    </figure>
  );
}

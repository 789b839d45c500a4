import { useCallback, useEffect, useId, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { StepRecord } from '../../engine/generation';
import { useT } from '../../i18n';
import { buildChartData, summarise, nearestStep, type RunChartData } from './chartData';
import {
  CHART_HEIGHT,
  column,
  format,
  makeOptions,
  valueAt,
  type Kind,
  type Live,
} from './chartOptions';
import { afterLayout } from '../shared/afterLayout';
import { whenIdle } from '../shared/whenIdle';
import './RunCharts.css';

export interface RunChartsProps {
  steps: StepRecord[];
  selectedStep: number | null;
  onSelect: (step: number) => void;
}

/** Least time between two redraws while steps stream in. */
const DRAW_INTERVAL_MS = 300;

function MiniChart(props: {
  kind: Kind;
  data: RunChartData;
  selected: number | null;
  onSelect: (step: number) => void;
  sync: string;
  title: string;
  label: string;
  median: string;
  note?: string;
}) {
  const { kind, data, selected, onSelect, sync } = props;
  const t = useT();
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // uPlot's callbacks are made once per mount; they read the newest props through this.
  const live = useRef<Live>({ data, selected, onSelect });

  useEffect(() => {
    const el = host.current!;
    let u: uPlot | null = null;
    let width = 0;
    let cancelCreate: (() => void) | null = null;
    let last: number | null = null;
    const pick = (event: PointerEvent): void => {
      if (!u) return;
      const left = event.clientX - u.over.getBoundingClientRect().left;
      const step = nearestStep(live.current.data.x, u.posToVal(left, 'x'));
      if (step !== null && step !== last) live.current.onSelect(step);
      last = step;
    };
    const down = (event: PointerEvent): void => {
      if (event.button !== 0 || !u) return;
      u.over.setPointerCapture(event.pointerId);
      last = null;
      pick(event);
    };
    const move = (event: PointerEvent): void => {
      if (u?.over.hasPointerCapture(event.pointerId)) pick(event);
    };
    const create = (): void => {
      cancelCreate = null;
      const d = live.current.data;
      u = new uPlot(makeOptions(kind, width, live, sync), [d.x, column(kind, d)], el);
      plot.current = u;
      u.over.addEventListener('pointerdown', down);
      u.over.addEventListener('pointermove', move);
    };
    // The width comes from the observer, which the browser calls after its own layout: reading
    // clientWidth here would force one. The chart itself is made in idle time: creating one
    // measures and draws, and three of them inside the commit that showed a run's first step
    // made one long task.
    const resize = new ResizeObserver(([entry]) => {
      width = Math.floor(entry.contentRect.width);
      if (width <= 0) return;
      if (!u) cancelCreate ??= whenIdle(create);
      else if (width !== u.width) u.setSize({ width, height: CHART_HEIGHT });
    });
    resize.observe(el);
    return () => {
      cancelCreate?.();
      resize.disconnect();
      if (u) {
        u.over.removeEventListener('pointerdown', down);
        u.over.removeEventListener('pointermove', move);
        u.destroy();
      }
      plot.current = null;
    };
  }, [kind, sync]);

  // Drawing makes uPlot measure the page, which forces a layout; during a fast run that cost
  // seconds of main-thread time. So new steps are drawn at most a few times a second, always
  // with the newest data, and a pending draw is never postponed by the steps that follow.
  const pending = useRef<{
    timer: ReturnType<typeof setTimeout> | null;
    last: number;
    full: boolean;
  }>({ timer: null, last: 0, full: false });
  const scheduleDraw = useCallback(
    (full: boolean) => {
      const state = pending.current;
      state.full ||= full;
      if (state.timer) return;
      const wait = Math.max(0, DRAW_INTERVAL_MS - (performance.now() - state.last));
      const draw = (): void => {
        state.timer = null;
        state.last = performance.now();
        const u = plot.current;
        if (!u) return;
        const latest = live.current.data;
        if (state.full) u.setData([latest.x, column(kind, latest)]);
        // Only the overlay changed: reuse the cached paths and axes.
        else u.redraw(false, false);
        state.full = false;
      };
      // Drawn just after a frame, when the page's layout is up to date: inside a frame, after new
      // steps changed the page, the canvas text drawing forced a layout pass of its own.
      state.timer = setTimeout(() => afterLayout(draw), wait);
    },
    [kind],
  );
  useEffect(() => () => clearTimeout(pending.current.timer ?? undefined), []);

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

/**
 * Three small charts over the whole run, one point per step: how sure the model was of the token
 * it took, how spread its distribution was, and how long each step's model run took. The steady
 * beat of the last one is the serial loop: one model run per token, never two at once.
 */
export function RunCharts(props: RunChartsProps) {
  const { steps, selectedStep, onSelect } = props;
  const t = useT();
  const sync = useId();
  const data = useMemo(() => buildChartData(steps), [steps]);
  const summary = useMemo(() => summarise(data), [data]);
  const n = summary.count;
  const count = n === 1 ? t('stepsOne') : t('stepsMany', { n });
  const show = (kind: Kind, v: number | null): string => (v === null ? '—' : format[kind](v));
  const medians = {
    prob: show('prob', summary.medianProb),
    entropy: show('entropy', summary.medianEntropy),
    ms: show('ms', summary.medianDecodeMs),
  };
  const common = { data, selected: selectedStep, onSelect, sync };
  return (
    <section className="panel run-charts" data-testid="run-charts" aria-label={t('chartsTitle')}>
      <h2>
        {t('chartsTitle')} <small>{n > 0 ? t('chartsHint') : t('chartsEmpty')}</small>
      </h2>
      <div className="rc-grid">
        <MiniChart
          {...common}
          kind="prob"
          title={t('chartProb')}
          median={medians.prob}
          label={t('chartProbAria', { steps: count, median: medians.prob })}
        />
        <MiniChart
          {...common}
          kind="entropy"
          title={t('chartEntropy')}
          median={medians.entropy}
          label={t('chartEntropyAria', { steps: count, median: medians.entropy })}
        />
        <MiniChart
          {...common}
          kind="ms"
          title={t('chartMs')}
          median={medians.ms}
          label={t('chartMsAria', {
            steps: count,
            median: medians.ms,
            prefill: show('ms', data.prefillMs),
          })}
          note={n > 0 ? t('chartPrefill', { n: data.x[0] }) : undefined}
        />
      </div>
    </section>
  );
}

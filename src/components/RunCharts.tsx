import { useCallback, useEffect, useId, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { StepRecord } from '../engine/generation';
import { useT } from '../i18n';
import {
  buildChartData,
  headroom,
  maxOf,
  msScaleMax,
  summarise,
  nearestStep,
  xRange,
  type RunChartData,
} from './chartData';
import './RunCharts.css';

export interface RunChartsProps {
  steps: StepRecord[];
  selectedStep: number | null;
  onSelect: (step: number) => void;
}

type Kind = 'prob' | 'entropy' | 'ms';

const HEIGHT = 120;
/** Least time between two redraws while steps stream in. */
const DRAW_INTERVAL_MS = 300;
const FONT = '11px system-ui, sans-serif';
const PREFILL = '#e8590c';
const INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

const format: Record<Kind, (v: number) => string> = {
  prob: (v) => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`,
  entropy: (v) => v.toFixed(2),
  ms: (v) => v.toFixed(1),
};

// Axis ticks are round numbers: no fixed decimals, which would print 0.0% and 3.00.
const trim = (v: number): string => String(Number(v.toFixed(2)));
const tick: Record<Kind, (v: number) => string> = {
  prob: (v) => `${Math.round(v * 100)}%`,
  entropy: trim,
  ms: trim,
};

/** This chart's y column, aligned with the step numbers. */
const column = (kind: Kind, d: RunChartData): (number | null)[] =>
  kind === 'prob' ? d.prob : kind === 'entropy' ? d.entropy : d.decodeMs;

/** The value of one step on this chart (the ms chart's first step is the prefill). */
function valueAt(kind: Kind, d: RunChartData, step: number): number | null {
  const i = step - (d.x[0] ?? 0);
  if (d.x[i] !== step) return null;
  return kind === 'ms' && i === 0 ? d.prefillMs : column(kind, d)[i];
}

const cssVar = (el: Element, name: string, fallback: string): string =>
  getComputedStyle(el).getPropertyValue(name).trim() || fallback;

// Canvas cannot read CSS variables or color-mix, so the fill is the hex colour plus an alpha byte.
const translucent = (hex: string): string =>
  /^#[0-9a-f]{6}$/i.test(hex) ? `${hex}26` : 'rgba(59, 91, 219, 0.15)';

interface Live {
  data: RunChartData;
  selected: number | null;
  onSelect: (step: number) => void;
}

/** Marks drawn over the series: the prefill point (ms chart) and the selected step. */
function drawMarks(u: uPlot, kind: Kind, live: Live, ink: string): void {
  const { ctx, bbox } = u;
  const r = uPlot.pxRatio;
  const d = live.data;
  const xPos = (step: number): number => u.valToPos(step, 'x', true);
  ctx.save();
  if (kind === 'ms' && d.prefillMs !== null) {
    const max = u.scales.y.max ?? d.prefillMs;
    const clamped = d.prefillMs > max;
    const x = xPos(d.x[0]);
    const y = u.valToPos(Math.min(d.prefillMs, max), 'y', true) + (clamped ? 5 * r : 0);
    const s = 5 * r;
    ctx.fillStyle = PREFILL;
    ctx.beginPath();
    ctx.moveTo(x, y - s);
    ctx.lineTo(x + s, y);
    ctx.lineTo(x, y + s);
    ctx.lineTo(x - s, y);
    ctx.closePath();
    ctx.fill();
    // Off the scale (set by the decode steps): say how high it really is.
    if (clamped) {
      ctx.font = `${11 * r}px system-ui, sans-serif`;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(`▲ ${format.ms(d.prefillMs)} ms`, x + 8 * r, y);
    }
  }
  if (live.selected !== null) {
    const value = valueAt(kind, d, live.selected);
    if (value !== null || d.x.includes(live.selected)) {
      const x = xPos(live.selected);
      ctx.strokeStyle = ink;
      ctx.globalAlpha = 0.75;
      ctx.lineWidth = 2 * r;
      ctx.beginPath();
      ctx.moveTo(x, bbox.top);
      ctx.lineTo(x, bbox.top + bbox.height);
      ctx.stroke();
      if (value !== null && value <= (u.scales.y.max ?? value)) {
        ctx.globalAlpha = 1;
        ctx.fillStyle = '#fff';
        ctx.beginPath();
        ctx.arc(x, u.valToPos(value, 'y', true), 4 * r, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      }
    }
  }
  ctx.restore();
}

function makeOptions(kind: Kind, el: HTMLElement, live: { current: Live }, sync: string) {
  const muted = cssVar(el, '--muted', '#5d6779');
  const line = cssVar(el, '--line', '#e1e5ee');
  const ink = cssVar(el, '--ink', '#1d2433');
  const stroke =
    kind === 'prob'
      ? cssVar(el, '--accent', '#3b5bdb')
      : kind === 'entropy'
        ? '#7048e8'
        : cssVar(el, '--generated-ink', '#1b6b3a');
  const axis = {
    stroke: muted,
    font: FONT,
    grid: { stroke: line, width: 1 },
    ticks: { show: false },
  };
  const yMax = (): number =>
    kind === 'prob'
      ? 1
      : kind === 'entropy'
        ? headroom(maxOf(live.current.data.entropy))
        : msScaleMax(live.current.data);
  const opts: uPlot.Options = {
    width: Math.max(160, Math.floor(el.clientWidth) || 300),
    height: HEIGHT,
    legend: { show: false },
    // Hovering one chart shows the same step on the other two; dragging selects, never zooms.
    cursor: { sync: { key: sync }, y: false, drag: { x: false, y: false, setScale: false } },
    scales: {
      x: { time: false, range: (u) => xRange(u.data[0]) },
      y: { range: () => [0, yMax()] },
    },
    axes: [
      { ...axis, size: 22, space: 36, incrs: INCRS },
      { ...axis, size: 42, space: 22, values: (_u, splits) => splits.map(tick[kind]) },
    ],
    series: [
      {},
      { stroke, width: 1.5, fill: translucent(stroke), spanGaps: false, points: { size: 4 } },
    ],
    hooks: { draw: [(u) => drawMarks(u, kind, live.current, ink)] },
  };
  return opts;
}

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
    const u = new uPlot(makeOptions(kind, el, live, sync), [[], []], el);
    plot.current = u;
    const resize = new ResizeObserver(([entry]) => {
      const width = Math.floor(entry.contentRect.width);
      if (width > 0 && width !== u.width) u.setSize({ width, height: HEIGHT });
    });
    resize.observe(el);
    let last: number | null = null;
    const pick = (event: PointerEvent): void => {
      const left = event.clientX - u.over.getBoundingClientRect().left;
      const step = nearestStep(live.current.data.x, u.posToVal(left, 'x'));
      if (step !== null && step !== last) live.current.onSelect(step);
      last = step;
    };
    const down = (event: PointerEvent): void => {
      if (event.button !== 0) return;
      u.over.setPointerCapture(event.pointerId);
      last = null;
      pick(event);
    };
    const move = (event: PointerEvent): void => {
      if (u.over.hasPointerCapture(event.pointerId)) pick(event);
    };
    u.over.addEventListener('pointerdown', down);
    u.over.addEventListener('pointermove', move);
    return () => {
      resize.disconnect();
      u.over.removeEventListener('pointerdown', down);
      u.over.removeEventListener('pointermove', move);
      u.destroy();
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
      state.timer = setTimeout(() => {
        requestAnimationFrame(() => {
          state.timer = null;
          state.last = performance.now();
          const u = plot.current;
          if (!u) return;
          const latest = live.current.data;
          if (state.full) u.setData([latest.x, column(kind, latest)]);
          // Only the overlay changed: reuse the cached paths and axes.
          else u.redraw(false, false);
          state.full = false;
        });
      }, wait);
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

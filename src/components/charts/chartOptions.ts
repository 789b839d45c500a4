/**
 * How the run charts look and what they draw over uPlot's series: colours, axes, number formats,
 * the prefill marker and the selected-step marker. Kept apart from the React component, which only
 * decides when a chart is created and redrawn.
 */
import uPlot from 'uplot';
import { headroom, maxOf, msScaleMax, xRange, type RunChartData } from './chartData';

export type Kind = 'prob' | 'entropy' | 'ms';

export const CHART_HEIGHT = 120;
const FONT = '11px system-ui, sans-serif';
const PREFILL = '#e8590c';
const INCRS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

export const format: Record<Kind, (v: number) => string> = {
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
export const column = (kind: Kind, d: RunChartData): (number | null)[] =>
  kind === 'prob' ? d.prob : kind === 'entropy' ? d.entropy : d.decodeMs;

/** The value of one step on this chart (the ms chart's first step is the prefill). */
export function valueAt(kind: Kind, d: RunChartData, step: number): number | null {
  const i = step - (d.x[0] ?? 0);
  if (d.x[i] !== step) return null;
  return kind === 'ms' && i === 0 ? d.prefillMs : column(kind, d)[i];
}

interface Theme {
  muted: string;
  line: string;
  ink: string;
  accent: string;
  generatedInk: string;
}

let theme: Theme | null = null;

/**
 * The theme's colours (canvas cannot read CSS variables). Read once per page from the root
 * element: reading computed style makes the browser bring style up to date, which during a fast
 * run cost a forced style and layout pass per chart.
 */
function themeColours(): Theme {
  if (theme) return theme;
  const style = getComputedStyle(document.documentElement);
  const read = (name: string, fallback: string): string =>
    style.getPropertyValue(name).trim() || fallback;
  theme = {
    muted: read('--muted', '#5d6779'),
    line: read('--line', '#e1e5ee'),
    ink: read('--ink', '#1d2433'),
    accent: read('--accent', '#3b5bdb'),
    generatedInk: read('--generated-ink', '#1b6b3a'),
  };
  return theme;
}

// Canvas cannot read CSS variables or color-mix, so the fill is the hex colour plus an alpha byte.
const translucent = (hex: string): string =>
  /^#[0-9a-f]{6}$/i.test(hex) ? `${hex}26` : 'rgba(59, 91, 219, 0.15)';

/** What the chart's callbacks read: always the newest props. */
export interface Live {
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

/** uPlot options for one chart `width` px wide; its callbacks read the newest data from `live`. */
export function makeOptions(
  kind: Kind,
  width: number,
  live: { current: Live },
  sync: string,
): uPlot.Options {
  const colours = themeColours();
  const stroke =
    kind === 'prob' ? colours.accent : kind === 'entropy' ? '#7048e8' : colours.generatedInk;
  const axis = {
    stroke: colours.muted,
    font: FONT,
    grid: { stroke: colours.line, width: 1 },
    ticks: { show: false },
  };
  const yMax = (): number =>
    kind === 'prob'
      ? 1
      : kind === 'entropy'
        ? headroom(maxOf(live.current.data.entropy))
        : msScaleMax(live.current.data);
  return {
    width: Math.max(160, width),
    height: CHART_HEIGHT,
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
    hooks: { draw: [(u) => drawMarks(u, kind, live.current, colours.ink)] },
  };
}

import { useCallback, useEffect, useRef, type RefObject } from 'react';
import type uPlot from 'uplot';
import { column, type Kind, type Live } from './chartOptions';
import { afterLayout } from '../shared/afterLayout';

/** Least time between two redraws while steps stream in. */
const DRAW_INTERVAL_MS = 300;

/**
 * The charts' draws that wait, by chart: one timer draws them all together. A canvas drawn is a
 * frame of the page's own (paint, layers); three charts each on a timer of its own made three
 * frames where one does (bench/README.md, "Where the page's time goes").
 */
const waiting = new Map<object, () => void>();
let timer: ReturnType<typeof setTimeout> | null = null;
let last = -Infinity;

function drawWaiting(): void {
  timer = null;
  last = performance.now();
  const draws = [...waiting.values()];
  waiting.clear();
  for (const draw of draws) draw();
}

/** Queues `draw` under `key` (replacing an earlier one) for the charts' next shared draw. */
export function scheduleSharedDraw(key: object, draw: () => void): void {
  waiting.set(key, draw);
  if (timer !== null) return;
  const wait = Math.max(0, DRAW_INTERVAL_MS - (performance.now() - last));
  // Drawn just after a frame, when the page's layout is up to date: inside a frame, after new
  // steps changed the page, the canvas text drawing forced a layout pass of its own.
  timer = setTimeout(() => afterLayout(drawWaiting), wait);
}

/** Forgets `key`'s waiting draw (an unmounted chart). */
export function cancelSharedDraw(key: object): void {
  waiting.delete(key);
}

/**
 * Drawing makes uPlot measure the page, which forces a layout; during a fast run that cost
 * seconds of main-thread time. So new steps are drawn at most a few times a second, always with
 * the newest data, every chart at once, and a pending draw is never postponed by the steps that
 * follow. The returned function asks for a draw: `full` when the data changed, not only the
 * selected step.
 */
export function useThrottledDraw(
  plot: RefObject<uPlot | null>,
  kind: Kind,
  live: RefObject<Live>,
): (full: boolean) => void {
  const pending = useRef({ full: false });
  useEffect(() => {
    const key = pending.current;
    return () => cancelSharedDraw(key);
  }, []);
  return useCallback(
    (full: boolean) => {
      const state = pending.current;
      state.full ||= full;
      scheduleSharedDraw(state, () => {
        const u = plot.current;
        if (!u) return;
        const latest = live.current.data;
        if (state.full) u.setData([latest.x, column(kind, latest)]);
        // Only the overlay changed: reuse the cached paths and axes.
        else u.redraw(false, false);
        state.full = false;
      });
    },
    [plot, kind, live],
  );
}

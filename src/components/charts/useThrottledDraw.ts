import { useCallback, useEffect, useRef, type RefObject } from 'react';
import type uPlot from 'uplot';
import { column, type Kind, type Live } from './chartOptions';
import { afterLayout } from '../shared/afterLayout';

/** Least time between two redraws while steps stream in. */
const DRAW_INTERVAL_MS = 300;

/**
 * Drawing makes uPlot measure the page, which forces a layout; during a fast run that cost
 * seconds of main-thread time. So new steps are drawn at most a few times a second, always with
 * the newest data, and a pending draw is never postponed by the steps that follow. The returned
 * function asks for a draw: `full` when the data changed, not only the selected step.
 */
export function useThrottledDraw(
  plot: RefObject<uPlot | null>,
  kind: Kind,
  live: RefObject<Live>,
): (full: boolean) => void {
  const pending = useRef<{
    timer: ReturnType<typeof setTimeout> | null;
    last: number;
    full: boolean;
  }>({ timer: null, last: 0, full: false });
  useEffect(() => () => clearTimeout(pending.current.timer ?? undefined), []);
  return useCallback(
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
    [plot, kind, live],
  );
}

import { useEffect, useRef, type RefObject } from 'react';
import uPlot from 'uplot';
import { nearestStep } from './chartData';
import { CHART_HEIGHT, column, makeOptions, type Kind, type Live } from './chartOptions';
import { whenIdle } from '../shared/whenIdle';

/**
 * Click or drag on a chart picks the nearest step; a drag reports each step it crosses once.
 * Returns the function that removes the listeners.
 */
function pickStepsByPointer(u: uPlot, live: RefObject<Live>): () => void {
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
    u.over.removeEventListener('pointerdown', down);
    u.over.removeEventListener('pointermove', move);
  };
}

/**
 * The uPlot chart inside `host`, made once per kind and sized by the host's width. `live` holds
 * the newest data and callbacks: uPlot's hooks are made once and read them from there.
 */
export function useChartPlot(
  host: RefObject<HTMLDivElement | null>,
  kind: Kind,
  sync: string,
  live: RefObject<Live>,
): RefObject<uPlot | null> {
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    const el = host.current!;
    let u: uPlot | null = null;
    let unpick: (() => void) | null = null;
    let width = 0;
    let cancelCreate: (() => void) | null = null;
    const create = (): void => {
      cancelCreate = null;
      const d = live.current.data;
      u = new uPlot(makeOptions(kind, width, live, sync), [d.x, column(kind, d)], el);
      plot.current = u;
      unpick = pickStepsByPointer(u, live);
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
      unpick?.();
      u?.destroy();
      plot.current = null;
    };
  }, [host, kind, sync, live]);
  return plot;
}

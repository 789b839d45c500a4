import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { CompareTimeData } from './compareTime';

const HEIGHT = 120;
const FONT = '11px system-ui, sans-serif';
/** The two runs' colours; the totals' swatches (CompareRuns.css) use the same. */
export const SERIES_COLOURS = ['#3b5bdb', '#d9480f'] as const;

function options(width: number): uPlot.Options {
  const axis: uPlot.Axis = { font: FONT, stroke: '#5d6779', grid: { stroke: '#e1e5ee' } };
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { show: false },
    scales: { x: { time: false } },
    axes: [axis, { ...axis, size: 44 }],
    series: [
      {},
      { stroke: SERIES_COLOURS[0], width: 2, points: { show: false } },
      { stroke: SERIES_COLOURS[1], width: 2, points: { show: false } },
    ],
  };
}

/** Two runs' model ms per step as two curves on one small uPlot chart, sized by its box. */
export function CompareTimeChart(props: { data: CompareTimeData; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // The chart is made once, when its box has a width; it reads the newest data from here.
  const data = useRef(props.data);

  useEffect(() => {
    const el = host.current!;
    const columns = (): uPlot.AlignedData => [data.current.x, data.current.a, data.current.b];
    // The width comes from the observer, after the browser's layout: no forced layout here.
    const observer = new ResizeObserver((entries) => {
      const width = Math.floor(entries[0].contentRect.width);
      if (width <= 0) return;
      if (plot.current) plot.current.setSize({ width, height: HEIGHT });
      else plot.current = new uPlot(options(width), columns(), el);
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, []);

  useEffect(() => {
    data.current = props.data;
    plot.current?.setData([props.data.x, props.data.a, props.data.b]);
  }, [props.data]);

  return (
    <div
      ref={host}
      className="compare-time-plot"
      data-testid="compare-time-chart"
      role="img"
      aria-label={props.label}
    />
  );
}

import { useEffect, useRef } from 'react';
import 'uplot/dist/uPlot.min.css';

/**
 * A time series drawn by uPlot (a small, maintained canvas chart library): one line per series over the points'
 * start times. The page loads it only when a usage page opens.
 */
export function UsageChart({ label, times, series, format }: {
  label: string;
  times: number[];
  series: { label: string; values: number[]; colour: string }[];
  format: (value: number) => string;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) {
      return undefined;
    }
    let chart: { destroy(): void; setSize(size: { width: number; height: number }): void } | null = null;
    let cancelled = false;
    void import('uplot').then(({ default: UPlot }) => {
      if (cancelled) {
        return;
      }
      chart = new UPlot({
        width: element.clientWidth || 600,
        height: 240,
        series: [{}, ...series.map((s) => ({ label: s.label, stroke: s.colour, width: 2, value: (_u: unknown, v: number | null) => (v === null ? '—' : format(v)) }))],
        axes: [{}, { values: (_u: unknown, ticks: number[]) => ticks.map(format), size: 80 }],
      }, [times, ...series.map((s) => s.values)], element);
    });
    const resize = () => chart?.setSize({ width: element.clientWidth || 600, height: 240 });
    window.addEventListener('resize', resize);
    return () => {
      cancelled = true;
      window.removeEventListener('resize', resize);
      chart?.destroy();
    };
  }, [times, series, format]);
  return <div className="chart" ref={box} role="img" aria-label={label} />;
}

/** The intervals the usage API reports at, in seconds. */
export type Interval = 300 | 3600 | 86400;

/** How far back each interval looks: a day of 5-minute points, a week of hours, a month of days. */
const SPANS: Record<Interval, number> = { 300: 86_400, 3600: 7 * 86_400, 86400: 30 * 86_400 };

/**
 * The window a report asks for, in UTC: from a boundary of the interval to the boundary after now (the API refuses
 * `start` or `end` off a boundary), covering the interval's span.
 */
export function reportWindow(interval: Interval, now: Date): { start: string; end: string } {
  const step = interval * 1000;
  const end = Math.ceil((now.getTime() + 1) / step) * step;
  const start = end - SPANS[interval] * 1000;
  return { start: new Date(start).toISOString().replace('.000Z', 'Z'), end: new Date(end).toISOString().replace('.000Z', 'Z') };
}

/** The month a statement or a p95 is for, `YYYY-MM` in UTC. */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

import { describe, expect, it } from 'vitest';
import { monthOf, reportWindow } from './reportWindow';

describe('reportWindow', () => {
  const now = new Date('2026-11-21T22:14:05.123Z');

  it('ends on the next boundary of the interval and spans its window', () => {
    expect(reportWindow(300, now)).toEqual({ start: '2026-11-20T22:15:00Z', end: '2026-11-21T22:15:00Z' });
    expect(reportWindow(3600, now)).toEqual({ start: '2026-11-14T23:00:00Z', end: '2026-11-21T23:00:00Z' });
    expect(reportWindow(86400, now)).toEqual({ start: '2026-10-23T00:00:00Z', end: '2026-11-22T00:00:00Z' });
  });

  it('moves past a boundary that is now', () => {
    expect(reportWindow(300, new Date('2026-11-21T22:15:00.000Z')).end).toBe('2026-11-21T22:20:00Z');
  });

  it('names the month in UTC', () => {
    expect(monthOf(new Date('2026-12-01T00:30:00+08:00'))).toBe('2026-11');
  });
});

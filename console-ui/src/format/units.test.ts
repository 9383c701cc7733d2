import { describe, expect, it } from 'vitest';
import { formatBitRate, formatBytes, formatCount, formatDuration, formatMoney, parseMoney } from './units';

describe('units', () => {
  it('counts bytes in binary units, as billing does', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.00 KiB');
    expect(formatBytes(107374182400)).toBe('100 GiB');
    expect(formatBytes(1.5 * 2 ** 40)).toBe('1.50 TiB');
  });

  it('counts viewers grouped by thousands with at most one decimal', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1250)).toBe('1,250');
    expect(formatCount(1099.96)).toBe('1,100');
    expect(formatCount(2.25)).toBe('2.3');
  });

  it('counts bit rates in decimal units', () => {
    expect(formatBitRate(999)).toBe('999 bit/s');
    expect(formatBitRate(2_500_000)).toBe('2.5 Mbit/s');
  });

  it('shows minor units with the currency’s decimals and reads typed amounts back', () => {
    expect(formatMoney(12345, 'USD', 'en')).toBe('$123.45');
    expect(formatMoney(500, 'JPY', 'en')).toBe('¥500');
    expect(parseMoney('12.5', 'USD')).toBe(1250);
    expect(parseMoney('12', 'USD')).toBe(1200);
    expect(parseMoney('12.345', 'USD')).toBeNull();
    expect(parseMoney('-1', 'USD')).toBeNull();
    expect(parseMoney('500', 'JPY')).toBe(500);
  });

  it('writes durations as a clock', () => {
    expect(formatDuration(59)).toBe('0:59');
    expect(formatDuration(3725)).toBe('1:02:05');
  });
});

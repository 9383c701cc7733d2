import { describe, expect, it } from 'vitest';
import { linesOf } from './lines';

describe('linesOf', () => {
  it('keeps the non-empty lines, trimmed', () => {
    expect(linesOf(' *.example.com \n\n10.0.0.0/8\r\n')).toEqual(['*.example.com', '10.0.0.0/8']);
    expect(linesOf('')).toEqual([]);
  });
});

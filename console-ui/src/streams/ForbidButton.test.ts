import { describe, expect, it } from 'vitest';
import { forbidRequest } from './ForbidButton';

describe('forbidRequest', () => {
  const now = new Date('2026-12-04T10:00:00Z');

  it('asks for a forbid until resumed, without a reason, as an empty request', () => {
    expect(forbidRequest(0, '   ', now)).toEqual({});
  });

  it('ends a timed forbid that many seconds from now and keeps the trimmed reason', () => {
    expect(forbidRequest(3600, '  terms of service ', now)).toEqual({
      until: '2026-12-04T11:00:00.000Z', reason: 'terms of service',
    });
  });
});

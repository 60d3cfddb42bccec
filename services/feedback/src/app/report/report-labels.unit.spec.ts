import { describe, expect, it } from 'vitest';
import { formatClosing, formatCount, formatDate } from './report-labels.js';

describe('report labels', () => {
  it('writes dates and counts the Vietnamese way, in Vietnam time', () => {
    expect(formatDate(new Date('2026-11-30T18:00:00Z'))).toBe('01/12/2026');
    expect(formatCount(1234567)).toBe('1.234.567');
  });

  it('writes a close at local midnight as the end of the day before', () => {
    expect(formatClosing(new Date('2026-11-30T17:00:00Z'))).toBe('đến hết ngày 30/11/2026');
    expect(formatClosing(new Date('2026-11-30T10:30:00Z'))).toBe('đến 17:30 ngày 30/11/2026');
  });
});

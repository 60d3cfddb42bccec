import { describe, expect, it } from 'vitest';
import { DEFAULT_TIME_ZONE, isQuiet, nextAllowed, type QuietHours } from './quiet-hours.js';

// Vietnam is UTC+7 all year: 22:00 local is 15:00Z.
const night: QuietHours = { start: '22:00', end: '07:00', timeZone: DEFAULT_TIME_ZONE };
const at = (iso: string) => new Date(iso);

describe('quiet hours', () => {
  it('hold a window that crosses midnight, in local time', () => {
    expect(isQuiet(night, at('2026-12-01T14:59:00Z'))).toBe(false); // 21:59
    expect(isQuiet(night, at('2026-12-01T15:00:00Z'))).toBe(true); // 22:00
    expect(isQuiet(night, at('2026-12-01T20:00:00Z'))).toBe(true); // 03:00
    expect(isQuiet(night, at('2026-12-01T23:59:00Z'))).toBe(true); // 06:59
    expect(isQuiet(night, at('2026-12-02T00:00:00Z'))).toBe(false); // 07:00
  });

  it('defer to the end of the window, and not before', () => {
    expect(nextAllowed(night, at('2026-12-01T16:30:00Z')).toISOString()).toBe(
      '2026-12-02T00:00:00.000Z',
    );
    expect(nextAllowed(night, at('2026-12-01T23:59:30Z')).toISOString()).toBe(
      '2026-12-02T00:00:00.000Z',
    );
    const daytime = at('2026-12-01T05:00:00Z');
    expect(nextAllowed(night, daytime)).toBe(daytime);
  });

  it('handle a same-day window, an empty window, another zone, and bad times', () => {
    const lunch: QuietHours = { start: '11:30', end: '13:30', timeZone: DEFAULT_TIME_ZONE };
    expect(isQuiet(lunch, at('2026-12-01T05:00:00Z'))).toBe(true); // 12:00
    expect(isQuiet(lunch, at('2026-12-01T07:00:00Z'))).toBe(false); // 14:00
    expect(isQuiet({ ...night, end: '22:00' }, at('2026-12-01T15:00:00Z'))).toBe(false);
    expect(isQuiet({ ...night, timeZone: 'UTC' }, at('2026-12-01T15:00:00Z'))).toBe(false);
    expect(() => isQuiet({ ...night, start: '25:00' }, new Date())).toThrow(RangeError);
  });
});

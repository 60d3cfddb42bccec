/**
 * Quiet hours: a daily window, in the subscriber's time zone (Asia/Ho_Chi_Minh unless set), in
 * which nothing but urgent messages is sent. Windows may cross midnight (22:00–07:00).
 */
export interface QuietHours {
  /** `HH:MM`, local. */
  start: string;
  end: string;
  timeZone: string;
}

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** `HH:MM` to minutes past midnight; throws RangeError on anything else. */
export function minutesOf(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`not a HH:MM time: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Minutes past local midnight at `at` in `timeZone`. */
export function localMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value);
  return hour * 60 + minute;
}

export function isQuiet(q: QuietHours, at: Date): boolean {
  const start = minutesOf(q.start);
  const end = minutesOf(q.end);
  if (start === end) return false;
  const now = localMinutes(at, q.timeZone);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** When a message held back at `at` may go: `at` itself outside quiet hours, else the window's end. */
export function nextAllowed(q: QuietHours, at: Date): Date {
  if (!isQuiet(q, at)) return at;
  const end = minutesOf(q.end);
  const now = localMinutes(at, q.timeZone);
  const wait = (end - now + 24 * 60) % (24 * 60);
  const next = new Date(at.getTime() + wait * 60_000);
  next.setUTCSeconds(0, 0);
  return next;
}

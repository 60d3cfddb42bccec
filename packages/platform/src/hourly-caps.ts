import { createHmac } from 'node:crypto';

/**
 * Sliding one-hour caps on what anyone may ask for (verification codes, anonymous comments): each
 * cap is a window of the times something was taken, stored under a keyed hash of its key (an
 * address or an IP is personal data: a stolen store gives neither back), read and written in the
 * transaction that records what it caps, so parallel requests cannot all pass the check.
 */
export const CAP_WINDOW_MS = 3_600_000;

/** One cap's recent takes; `id` is the keyed hash of its purpose, scope and key. */
export interface CapWindow {
  id: string;
  scope: string;
  /** ISO times of the takes still inside the window, oldest first. */
  sentAt: string[];
  /** When the newest take leaves the window: the record can be deleted after that. */
  expiresAt: string;
}

/** The stored id of a cap: HMAC-SHA256 under a service secret, so keys cannot be guessed back. */
export function capWindowId(secret: string, purpose: string, scope: string, key: string): string {
  return createHmac('sha256', secret).update(`${purpose}:${scope}:${key}`).digest('hex');
}

export type SlotResult =
  { ok: true; window: Omit<CapWindow, 'id' | 'scope'> } | { ok: false; retryAt: Date };

/**
 * Takes `count` slots from a window of `limit` per hour at `now`, or says when enough of the
 * earlier takes will have left the window for them to fit.
 */
export function takeSlots(
  sentAt: readonly string[],
  limit: number,
  now: Date,
  count = 1,
): SlotResult {
  const since = now.getTime() - CAP_WINDOW_MS;
  const recent = sentAt.filter((t) => Date.parse(t) > since).sort();
  if (count > limit) return { ok: false, retryAt: new Date(now.getTime() + CAP_WINDOW_MS) };
  const over = recent.length + count - limit;
  if (over > 0) {
    const freedBy = recent[over - 1] as string;
    return { ok: false, retryAt: new Date(Date.parse(freedBy) + CAP_WINDOW_MS) };
  }
  const at = now.toISOString();
  const next = [...recent, ...Array.from({ length: count }, () => at)];
  return {
    ok: true,
    window: { sentAt: next, expiresAt: new Date(now.getTime() + CAP_WINDOW_MS).toISOString() },
  };
}

/** "in 23 minutes", "in 40 seconds": when a person can try again. */
export function retryIn(seconds: number): string {
  if (seconds < 60) return `in ${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export interface RateLimiterOptions {
  /** Sustained rate the provider allows. */
  ratePerSecond: number;
  /**
   * Requests that may go at once after a quiet spell. Default 1: evenly spaced requests, since
   * gateways often enforce their per-second limit over shorter windows.
   */
  burst?: number;
}

export interface RateLimiter {
  /** Resolves when a request may go; callers are served in order. Rejects once closed. */
  take(): Promise<void>;
  /** Fails the waiting callers, so that shutdown never hangs on a queue. */
  close(): void;
}

export class RateLimiterClosedError extends Error {
  constructor() {
    super('rate limiter closed');
    this.name = 'RateLimiterClosedError';
  }
}

// Tokens are fractional, so float sums like 0.1 * 10 must still count as a whole token.
const EPSILON = 1e-9;

/**
 * A token bucket per provider account: providers throttle (and sometimes bill) per account, so every
 * adapter instance shares one. Waiters queue in order behind a single timer set for the moment the
 * next token exists — no polling.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const rate = options.ratePerSecond;
  if (!(rate > 0) || !Number.isFinite(rate)) throw new RangeError('ratePerSecond must be > 0');
  const burst = options.burst ?? 1;
  if (!(burst >= 1)) throw new RangeError('burst must be >= 1');

  let tokens = burst;
  let last = performance.now();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const waiters: { resolve: () => void; reject: (err: Error) => void }[] = [];

  function refill(): void {
    const now = performance.now();
    tokens = Math.min(burst, tokens + ((now - last) * rate) / 1000);
    last = now;
  }

  function drain(): void {
    timer = undefined;
    refill();
    while (waiters.length > 0 && tokens >= 1 - EPSILON) {
      tokens -= 1;
      waiters.shift()?.resolve();
    }
    if (waiters.length > 0) {
      const waitMs = Math.max(1, Math.ceil(((1 - tokens) * 1000) / rate));
      timer = setTimeout(drain, waitMs);
    }
  }

  return {
    take() {
      if (closed) return Promise.reject(new RateLimiterClosedError());
      refill();
      if (waiters.length === 0 && tokens >= 1 - EPSILON) {
        tokens -= 1;
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        waiters.push({ resolve, reject });
        if (!timer) drain();
      });
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      for (const waiter of waiters.splice(0)) waiter.reject(new RateLimiterClosedError());
    },
  };
}

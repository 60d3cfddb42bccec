/**
 * Per-client token buckets: each client may send `perMinute` requests a minute, in bursts up to
 * that size. Buckets idle for a while are dropped, so memory follows active clients only.
 */
export class RateLimiter {
  readonly #perMinute: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #now: () => number;

  constructor(perMinute: number, now: () => number = Date.now) {
    this.#perMinute = perMinute;
    this.#now = now;
  }

  /** Takes one token; returns 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    const now = this.#now();
    const refill = this.#perMinute / 60_000;
    const bucket = this.#buckets.get(key) ?? { tokens: this.#perMinute, at: now };
    bucket.tokens = Math.min(this.#perMinute, bucket.tokens + (now - bucket.at) * refill);
    bucket.at = now;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > 50_000) this.#sweep(now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / refill / 1000);
  }

  #sweep(now: number): void {
    for (const [key, b] of this.#buckets) if (now - b.at > 120_000) this.#buckets.delete(key);
  }
}

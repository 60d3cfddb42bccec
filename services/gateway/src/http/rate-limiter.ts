interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Per-client token buckets: each client may send `perMinute` requests a minute, in bursts up to
 * that size. Memory is bounded by `maxBuckets`:
 *
 * - Buckets are kept least recently used first. A bucket untouched for a minute has refilled,
 *   so it is the same as a new one: such buckets are dropped as new clients arrive, and forget
 *   nothing.
 * - A bucket that still holds a debt is never evicted, however many new keys arrive, so flooding
 *   the limiter with new keys cannot reset anyone's limit (an attacker's own included). When the
 *   map is full of such buckets, newcomers share one overflow bucket instead: memory stays
 *   bounded and existing clients keep their state.
 *
 * Keys are the caller's business: the gateway uses verified identities and client addresses only
 * (see http-server), never an unverified credential, so no one can create buckets at will.
 */
export class RateLimiter {
  readonly #perMinute: number;
  readonly #refillPerMs: number;
  /** How long an idle bucket takes to refill completely (a minute). */
  readonly #fullAfterMs = 60_000;
  readonly #maxBuckets: number;
  readonly #buckets = new Map<string, Bucket>();
  readonly #overflow: Bucket;
  readonly #now: () => number;

  /**
   * @param perMinute requests a client may send a minute, in bursts up to that size
   * @param maxBuckets most buckets kept at once (default 50,000: a few MB)
   */
  constructor(perMinute: number, now: () => number = Date.now, maxBuckets = 50_000) {
    this.#perMinute = perMinute;
    this.#refillPerMs = perMinute / this.#fullAfterMs;
    this.#maxBuckets = maxBuckets;
    this.#now = now;
    this.#overflow = { tokens: perMinute, at: now() };
  }

  /** Buckets held now (the overflow bucket not counted). */
  get size(): number {
    return this.#buckets.size;
  }

  /** Takes one token; returns 0 when allowed, else the seconds to wait. */
  take(key: string): number {
    const now = this.#now();
    let bucket = this.#buckets.get(key);
    if (bucket) {
      // Most recently used last.
      this.#buckets.delete(key);
      this.#buckets.set(key, bucket);
    } else {
      this.#dropRefilled(now);
      if (this.#buckets.size < this.#maxBuckets) {
        bucket = { tokens: this.#perMinute, at: now };
        this.#buckets.set(key, bucket);
      } else {
        bucket = this.#overflow;
      }
    }
    bucket.tokens = Math.min(
      this.#perMinute,
      bucket.tokens + (now - bucket.at) * this.#refillPerMs,
    );
    bucket.at = now;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - bucket.tokens) / this.#refillPerMs / 1000);
  }

  /** Drops the least recently used buckets that have refilled: they hold nothing to remember. */
  #dropRefilled(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (now - bucket.at < this.#fullAfterMs) return;
      this.#buckets.delete(key);
    }
  }
}

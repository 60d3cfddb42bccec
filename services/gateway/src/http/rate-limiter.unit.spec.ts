import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter.js';

describe('per-client rate limits', () => {
  it('allows a burst up to the limit, then asks the client to wait, and refills over time', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    for (let i = 0; i < 60; i++) expect(limiter.take('client-a')).toBe(0);
    expect(limiter.take('client-a')).toBe(1);
    // Another client has its own bucket.
    expect(limiter.take('client-b')).toBe(0);
    now += 1000;
    expect(limiter.take('client-a')).toBe(0);
    expect(limiter.take('client-a')).toBeGreaterThan(0);
  });
});

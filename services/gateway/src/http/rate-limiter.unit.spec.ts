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

describe('the rate limiter’s memory', () => {
  it('holds at most maxBuckets buckets, however many keys arrive', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now, 100);
    for (let i = 0; i < 10_000; i++) {
      limiter.take(`ip:10.0.${i >> 8}.${i & 255}`);
      now += 1;
    }
    expect(limiter.size).toBeLessThanOrEqual(100);
  });

  it('never evicts a bucket that holds a debt, so a flood of new keys resets no one’s limit', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now, 100);
    for (let i = 0; i < 60; i++) limiter.take('user:heavy');
    expect(limiter.take('user:heavy')).toBeGreaterThan(0);
    // 5,000 new keys in 5 seconds.
    for (let i = 0; i < 5_000; i++) {
      limiter.take(`ip:flood-${i}`);
      now += 1;
    }
    expect(limiter.size).toBeLessThanOrEqual(100);
    // The heavy client got back what 5 s refill (5 tokens), not a fresh bucket of 60.
    let allowed = 0;
    while (limiter.take('user:heavy') === 0) allowed += 1;
    expect(allowed).toBe(5);
  });

  it('puts newcomers in one shared bucket while the map is full of active clients', () => {
    const limiter = new RateLimiter(10, () => 0, 3);
    for (const key of ['a', 'b', 'c']) expect(limiter.take(key)).toBe(0);
    // The map is full; the next 10 newcomers share the overflow bucket's 10 tokens.
    for (let i = 0; i < 10; i++) expect(limiter.take(`new-${i}`)).toBe(0);
    expect(limiter.take('new-10')).toBeGreaterThan(0);
    // Known clients keep their own buckets meanwhile.
    expect(limiter.take('a')).toBe(0);
  });

  it('drops buckets that have refilled, making room for new clients with nothing forgotten', () => {
    let now = 0;
    const limiter = new RateLimiter(10, () => now, 3);
    for (const key of ['a', 'b', 'c']) for (let i = 0; i < 10; i++) limiter.take(key);
    expect(limiter.take('a')).toBeGreaterThan(0);
    now += 60_000;
    // A minute later every bucket is full again: a newcomer gets its own bucket.
    for (let i = 0; i < 10; i++) expect(limiter.take('d')).toBe(0);
    expect(limiter.take('d')).toBeGreaterThan(0);
    expect(limiter.size).toBeLessThanOrEqual(3);
  });
});

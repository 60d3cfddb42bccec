import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiter, RateLimiterClosedError } from './rate-limiter.js';

describe('rate limiter', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function track(promise: Promise<void>) {
    const state = { done: false };
    void promise.then(() => {
      state.done = true;
    });
    return state;
  }

  it('lets the burst through at once, then one request per 1/rate seconds, in order', async () => {
    const limiter = createRateLimiter({ ratePerSecond: 10, burst: 2 });
    const order: number[] = [];
    const takes = [0, 1, 2, 3].map((i) => limiter.take().then(() => order.push(i)));
    const third = track(takes[2]!.then(() => undefined));
    const fourth = track(takes[3]!.then(() => undefined));

    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual([0, 1]);

    await vi.advanceTimersByTimeAsync(99);
    expect(third.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(third.done).toBe(true);
    expect(fourth.done).toBe(false);

    await vi.advanceTimersByTimeAsync(100);
    expect(fourth.done).toBe(true);
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('refills up to the burst after a quiet spell, never more', async () => {
    const limiter = createRateLimiter({ ratePerSecond: 5, burst: 3 });
    for (let i = 0; i < 3; i++) await limiter.take();
    await vi.advanceTimersByTimeAsync(10_000);
    const quick = [0, 1, 2].map(() => track(limiter.take()));
    const late = track(limiter.take());
    await vi.advanceTimersByTimeAsync(0);
    expect(quick.every((s) => s.done)).toBe(true);
    expect(late.done).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(late.done).toBe(true);
  });

  it('keeps a waiting caller behind earlier ones even when a token appears', async () => {
    const limiter = createRateLimiter({ ratePerSecond: 1, burst: 1 });
    await limiter.take();
    const first = track(limiter.take());
    await vi.advanceTimersByTimeAsync(500);
    const second = track(limiter.take());
    await vi.advanceTimersByTimeAsync(500);
    expect(first.done).toBe(true);
    expect(second.done).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(second.done).toBe(true);
  });

  it('fails waiting callers on close, and later ones at once', async () => {
    const limiter = createRateLimiter({ ratePerSecond: 1, burst: 1 });
    await limiter.take();
    const waiting = limiter.take();
    limiter.close();
    await expect(waiting).rejects.toBeInstanceOf(RateLimiterClosedError);
    await expect(limiter.take()).rejects.toBeInstanceOf(RateLimiterClosedError);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses nonsense settings', () => {
    expect(() => createRateLimiter({ ratePerSecond: 0 })).toThrow(RangeError);
    expect(() => createRateLimiter({ ratePerSecond: 5, burst: 0 })).toThrow(RangeError);
  });
});

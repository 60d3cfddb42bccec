import { describe, expect, it } from 'vitest';
import {
  afterSignInAttempt,
  DEFAULT_SIGN_IN_THROTTLE as policy,
  signInWaitMs,
  type ThrottleState,
} from './sign-in-throttle.js';

const t0 = new Date('2026-03-02T01:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

/** Attempts made as soon as allowed; returns the wait each one sets. */
function waitsAfter(count: number): number[] {
  let state: ThrottleState | null = null;
  let now = t0;
  const waits: number[] = [];
  for (let i = 0; i < count; i++) {
    now = new Date(now.getTime() + signInWaitMs(state, now));
    state = afterSignInAttempt(state, now, policy);
    waits.push(signInWaitMs(state, now));
  }
  return waits;
}

describe('sign-in throttle rules', () => {
  it('lets 5 attempts through, then waits 1 s, doubling up to 15 minutes', () => {
    expect(waitsAfter(18)).toEqual([
      0, 0, 0, 0, 1000, 2000, 4000, 8000, 16_000, 32_000, 64_000, 128_000, 256_000, 512_000,
      900_000, 900_000, 900_000, 900_000,
    ]);
  });

  it('never waits longer than the cap, however many attempts', () => {
    expect(Math.max(...waitsAfter(200))).toBe(policy.maxWaitMs);
  });

  it('counts the wait from the attempt and lets the next one through once it has passed', () => {
    let state: ThrottleState | null = null;
    for (let i = 0; i < 5; i++) state = afterSignInAttempt(state, t0, policy);
    expect(signInWaitMs(state, t0)).toBe(1000);
    expect(signInWaitMs(state, at(999))).toBe(1);
    expect(signInWaitMs(state, at(1000))).toBe(0);
  });

  it('forgets a count left alone for a day', () => {
    let state: ThrottleState | null = null;
    for (let i = 0; i < 8; i++) state = afterSignInAttempt(state, t0, policy);
    expect(state?.attempts).toBe(8);
    const later = afterSignInAttempt(state, at(policy.forgetAfterMs), policy);
    expect(later).toEqual({
      attempts: 1,
      lastAttemptAt: at(policy.forgetAfterMs).toISOString(),
      blockedUntil: null,
    });
  });

  it('follows a policy given in full', () => {
    const strict = { freeAttempts: 1, firstWaitMs: 500, maxWaitMs: 1500, forgetAfterMs: 60_000 };
    let state = afterSignInAttempt(null, t0, strict);
    expect(signInWaitMs(state, t0)).toBe(500);
    state = afterSignInAttempt(state, t0, strict);
    expect(signInWaitMs(state, t0)).toBe(1000);
    state = afterSignInAttempt(state, t0, strict);
    expect(signInWaitMs(state, t0)).toBe(1500);
  });
});

/**
 * Rules of the per-account sign-in throttle (no I/O): how long an account must wait after failed
 * attempts. `sign-in-throttle.store.ts` keeps the state in the gateway's store, so every replica
 * counts the same attempts.
 */

export interface SignInThrottlePolicy {
  /** Attempts allowed before the first wait (default 5). */
  freeAttempts: number;
  /** The first wait, doubled with each further attempt (default 1 s). */
  firstWaitMs: number;
  /**
   * The longest wait (default 15 minutes). It bounds how long someone who guesses wrong on
   * purpose can keep the account's owner out after each guess.
   */
  maxWaitMs: number;
  /** A count left alone this long starts again from zero (default 24 hours). */
  forgetAfterMs: number;
}

export const DEFAULT_SIGN_IN_THROTTLE: Readonly<SignInThrottlePolicy> = Object.freeze({
  freeAttempts: 5,
  firstWaitMs: 1000,
  maxWaitMs: 15 * 60_000,
  forgetAfterMs: 24 * 3_600_000,
});

/** What is kept per account: attempts not yet followed by a success. */
export interface ThrottleState {
  attempts: number;
  /** ISO-8601 time of the latest attempt. */
  lastAttemptAt: string;
  /** ISO-8601 time before which a new attempt is refused, or null. */
  blockedUntil: string | null;
}

/** Milliseconds before the account may try again; 0 when it may try now. */
export function signInWaitMs(state: ThrottleState | null, now: Date): number {
  if (state?.blockedUntil == null) return 0;
  return Math.max(0, new Date(state.blockedUntil).getTime() - now.getTime());
}

/**
 * The state after one more attempt. Attempts are counted before the password is checked (and the
 * count dropped on success), so that attempts sent in parallel cannot all pass one check: the
 * `freeAttempts`-th sets a wait of `firstWaitMs`, each further one doubles it up to `maxWaitMs`.
 */
export function afterSignInAttempt(
  state: ThrottleState | null,
  now: Date,
  policy: SignInThrottlePolicy,
): ThrottleState {
  const stale =
    state === null ||
    now.getTime() - new Date(state.lastAttemptAt).getTime() >= policy.forgetAfterMs;
  const attempts = (stale ? 0 : state.attempts) + 1;
  const over = attempts - policy.freeAttempts;
  const waitMs = over < 0 ? 0 : Math.min(policy.firstWaitMs * 2 ** over, policy.maxWaitMs);
  return {
    attempts,
    lastAttemptAt: now.toISOString(),
    blockedUntil: waitMs > 0 ? new Date(now.getTime() + waitMs).toISOString() : null,
  };
}

import { createHmac } from 'node:crypto';
import { ResourceExhaustedError, type Clock } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import { signInThrottleCollection, type SignInThrottleRecord } from './identity.collections.js';
import {
  afterSignInAttempt,
  signInWaitMs,
  type SignInThrottlePolicy,
  type ThrottleState,
} from './sign-in-throttle.js';

/** Expired records deleted each time a new one is written, so unknown emails cannot pile up. */
const PRUNE_BATCH = 10;

export interface SignInThrottle {
  /**
   * Counts an attempt for the account, or refuses it with RATE_LIMITED (ResourceExhaustedError)
   * while the account must wait. Known and unknown emails are treated alike.
   */
  attempt(normalisedEmail: string): Promise<void>;
  /** A correct password: the account's count starts again. */
  succeeded(normalisedEmail: string): Promise<void>;
  /**
   * An operator set a new password: the count starts again, so the owner can sign in with it at
   * once. Whether the account was made to wait (locked out) until now.
   */
  unblock(normalisedEmail: string): Promise<boolean>;
}

/**
 * The throttle's state in the gateway's store, one record per account, so that every replica
 * counts the same attempts. Records are keyed by an HMAC of the email under `key`: the store never
 * holds the emails people (or attackers) typed.
 */
export function createSignInThrottle(deps: {
  store: Store;
  clock: Clock;
  key: Uint8Array;
  policy: SignInThrottlePolicy;
}): SignInThrottle {
  const { store, clock, policy } = deps;
  const key = Buffer.from(deps.key);
  const idOf = (email: string) =>
    createHmac('sha256', key).update(`sign-in-throttle\n${email}`).digest('base64url');

  return {
    async attempt(email) {
      const id = idOf(email);
      const now = clock.now();
      // One transaction checks and counts, so parallel attempts are counted one by one.
      const refusedForMs = await store.transaction(async (tx) => {
        const records = tx.collection<SignInThrottleRecord>(signInThrottleCollection);
        const current = await records.get(id);
        const waitMs = signInWaitMs(current, now);
        if (waitMs > 0) return waitMs;
        const next: ThrottleState = afterSignInAttempt(current, now, policy);
        if (current) {
          await records.update({ ...current, ...next });
          return 0;
        }
        await records.insert({ id, ...next });
        const cutoff = new Date(now.getTime() - policy.forgetAfterMs).toISOString();
        const expired = await records.find({
          filter: { last_attempt_at: { $lt: cutoff } },
          limit: PRUNE_BATCH,
        });
        for (const old of expired.items) await records.delete(old.id);
        return 0;
      });
      if (refusedForMs > 0) {
        const seconds = Math.ceil(refusedForMs / 1000);
        throw new ResourceExhaustedError(
          `Too many sign-in attempts for this account; try again in ${seconds} s`,
          'TOO_MANY_SIGN_IN_ATTEMPTS',
          seconds,
        );
      }
    },

    async succeeded(email) {
      await store.collection<SignInThrottleRecord>(signInThrottleCollection).delete(idOf(email));
    },

    async unblock(email) {
      const id = idOf(email);
      return store.transaction(async (tx) => {
        const records = tx.collection<SignInThrottleRecord>(signInThrottleCollection);
        const current = await records.get(id);
        if (current === null) return false;
        await records.delete(id);
        return signInWaitMs(current, clock.now()) > 0;
      });
    },
  };
}

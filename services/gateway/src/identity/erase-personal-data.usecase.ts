import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { Clock, ErasureSubject } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import { anonymisedUser, isErased } from './erase-user-account.js';
import { usersCollection, type UserRecord } from './identity.collections.js';
import { normaliseEmail } from './identity-input.js';

/**
 * Law 91/2025 erasure of a network account, for `pcn-admin erase` through the operator API. The
 * identity store holds emails and names only (no phones, no Zalo ids, no partners' users: a
 * partner system keeps its own). Sign-in throttle records
 * are keyed by an HMAC of the email and expire on their own; they hold no address.
 */
export function createErasePersonalData(deps: { store: Store; clock: Clock }) {
  const users = deps.store.collection<UserRecord>(usersCollection);

  async function find(subject: ErasureSubject) {
    if (subject.kind === 'user')
      return subject.value.length <= 128 ? users.get(subject.value) : null;
    if (subject.kind !== 'email') return null;
    const found = await users.find({ filter: { email: normaliseEmail(subject.value) }, limit: 1 });
    return found.items[0] ?? null;
  }

  return async function erasePersonalData(subject: ErasureSubject, dryRun: boolean) {
    const user = await find(subject);
    const held = user !== null && !isErased(user);
    if (held && !dryRun) {
      const unusable = await hash(randomBytes(32).toString('base64url'));
      await users.update(anonymisedUser(user, deps.clock.now().toISOString(), unusable));
      // The old version of the account must not stay in the store's files.
      await deps.store.scrub();
    }
    return {
      erased: [{ kind: 'accounts', count: held ? 1 : 0 }],
      note: 'accounts disabled, email and name replaced, sessions revoked; the id stays for the records that name it',
    };
  };
}

import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import type { Clock, ErasureSubject } from '@pcn/platform';
import type { Collection, Store } from '@pcn/storage';
import { assertNotLastAdmin, NETWORK_ADMINS_GUARD } from './directory.service.js';
import { anonymisedUser, isErased } from './erase-user-account.js';
import { usersCollection, type UserRecord } from './identity.collections.js';
import { normaliseEmail } from './identity-input.js';

/**
 * Law 91/2025 erasure of a network account, for `pcn-admin erase` through the operator API. The
 * identity store holds emails and names only (no phones, no Zalo ids, no partners' users: a
 * partner system keeps its own). Sign-in throttle records
 * are keyed by an HMAC of the email and expire on their own; they hold no address. The last
 * enabled network admin is refused (FAILED_PRECONDITION `LAST_NETWORK_ADMIN`), as `users disable`
 * refuses it: make another account a network admin first.
 */
export function createErasePersonalData(deps: { store: Store; clock: Clock }) {
  async function find(users: Collection<UserRecord>, subject: ErasureSubject) {
    if (subject.kind === 'user')
      return subject.value.length <= 128 ? users.get(subject.value) : null;
    if (subject.kind !== 'email') return null;
    const found = await users.find({ filter: { email: normaliseEmail(subject.value) }, limit: 1 });
    return found.items[0] ?? null;
  }

  return async function erasePersonalData(subject: ErasureSubject, dryRun: boolean) {
    // Hashed outside the transaction: it is slow, and the transaction may run again.
    const unusable = dryRun ? '' : await hash(randomBytes(32).toString('base64url'));
    const held = await deps.store.transaction(async (tx) => {
      await tx.guard(NETWORK_ADMINS_GUARD);
      const users = tx.collection<UserRecord>(usersCollection);
      const user = await find(users, subject);
      if (user === null || isErased(user)) return false;
      // The last enabled network admin stays: erasing it would leave the network with nobody to
      // administer it. Refused in a dry run too, so that the dry run tells the operator.
      await assertNotLastAdmin(users, user, { ...user, disabled: true }, 'erasing it');
      if (!dryRun)
        await users.update(anonymisedUser(user, deps.clock.now().toISOString(), unusable));
      return true;
    });
    // The old version of the account must not stay in the store's files.
    if (held && !dryRun) await deps.store.scrub();
    return {
      erased: [{ kind: 'accounts', count: held ? 1 : 0 }],
      note: 'accounts disabled, email and name replaced, sessions revoked; the id stays for the records that name it',
    };
  };
}

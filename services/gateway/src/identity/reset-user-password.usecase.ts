import { parseInput } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import type { IdentityAdmin } from './directory.service.js';
import { usersCollection, type UserRecord } from './identity.collections.js';
import { strongPasswordSchema } from './password-policy.js';
import { findUserByRef, toUserAccount, type UserAccount, type UserRef } from './user-account.js';

/**
 * An operator sets a new password for an account whose owner forgot theirs. The operators'
 * password policy applies (the account's email and name count as known), and every session of
 * the account ends.
 */
export function createResetUserPassword(deps: { store: Store; identity: IdentityAdmin }) {
  const users = deps.store.collection<UserRecord>(usersCollection);
  return async function resetUserPassword(
    ref: UserRef | undefined,
    newPassword: string,
  ): Promise<UserAccount> {
    const user = await findUserByRef(deps.store, ref);
    const password = parseInput(
      strongPasswordSchema({ email: user.email, displayName: user.displayName }),
      newPassword,
      'password',
    );
    await deps.identity.updateUser(user.id, { password });
    return toUserAccount((await users.get(user.id)) ?? user);
  };
}

import { parseInput } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import type { SignInLockouts } from './authentication.service.js';
import type { IdentityAdmin } from './directory.service.js';
import { usersCollection, type UserRecord } from './identity.collections.js';
import { strongPasswordSchema } from './password-policy.js';
import { findUserByRef, toUserAccount, type UserAccount, type UserRef } from './user-account.js';

/**
 * An operator sets a new password for an account whose owner forgot theirs. The operators'
 * password policy applies (the account's email and name count as known), and every session of
 * the account ends. A sign-in lockout (the per-account throttle) is lifted, so that the owner can
 * sign in with the new password at once; the answer says whether there was one.
 */
export function createResetUserPassword(deps: {
  store: Store;
  identity: IdentityAdmin & SignInLockouts;
}) {
  const users = deps.store.collection<UserRecord>(usersCollection);
  return async function resetUserPassword(
    ref: UserRef | undefined,
    newPassword: string,
  ): Promise<{ user: UserAccount; signInUnblocked: boolean }> {
    const user = await findUserByRef(deps.store, ref);
    const password = parseInput(
      strongPasswordSchema({ email: user.email, displayName: user.displayName }),
      newPassword,
      'password',
    );
    await deps.identity.updateUser(user.id, { password });
    // After the new password is stored: lifted before, a guess at the old one could lock it again.
    const signInUnblocked = await deps.identity.liftSignInLockout(user.email);
    return { user: toUserAccount((await users.get(user.id)) ?? user), signInUnblocked };
  };
}

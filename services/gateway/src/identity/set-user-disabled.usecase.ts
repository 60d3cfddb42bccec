import type { Store } from '@pcn/storage';
import type { IdentityAdmin } from './directory.service.js';
import { findUserByRef, toUserAccount, type UserAccount, type UserRef } from './user-account.js';
import { usersCollection, type UserRecord } from './identity.collections.js';

/**
 * An operator disables an account (an officer who left) or enables it again. A disabled account
 * cannot sign in and its sessions end at once (its credentials version moves on, so tokens issued
 * before stay refused after it is enabled again). The last enabled network admin cannot be
 * disabled: the directory refuses it (LAST_NETWORK_ADMIN).
 */
export function createSetUserDisabled(deps: { store: Store; identity: IdentityAdmin }) {
  const users = deps.store.collection<UserRecord>(usersCollection);
  return async function setUserDisabled(
    ref: UserRef | undefined,
    disabled: boolean,
  ): Promise<{ user: UserAccount; changed: boolean }> {
    const user = await findUserByRef(deps.store, ref);
    if (user.disabled === disabled) return { user: toUserAccount(user), changed: false };
    await deps.identity.updateUser(user.id, { disabled });
    const updated = await users.get(user.id);
    return { user: toUserAccount(updated ?? user), changed: true };
  };
}

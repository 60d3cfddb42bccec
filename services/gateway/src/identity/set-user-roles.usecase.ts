import { parseInput } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import { z } from 'zod';
import type { IdentityAdmin } from './directory.service.js';
import { usersCollection, type UserRecord } from './identity.collections.js';
import type { Role } from './identity.contract.js';
import { recordIdSchema } from './identity-input.js';
import { findUserByRef, toUserAccount, type UserAccount, type UserRef } from './user-account.js';

export interface SetUserRolesInput {
  roles: readonly string[];
  /** Empty or null: none. */
  organizationId: string | null;
  unitIds: readonly string[];
}

const organizationSchema = z.union([z.literal(''), z.null(), recordIdSchema]);

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/**
 * An operator replaces an account's roles, organization and units (what is left out becomes
 * none). The directory checks that each role fits its organization's kind and that the last
 * enabled network admin keeps that role. Sessions go on: every request reads the account's
 * current roles, so the change applies to the next one.
 */
export function createSetUserRoles(deps: { store: Store; identity: IdentityAdmin }) {
  const users = deps.store.collection<UserRecord>(usersCollection);
  return async function setUserRoles(
    ref: UserRef | undefined,
    input: SetUserRolesInput,
  ): Promise<{ user: UserAccount; previous: UserAccount; changed: boolean }> {
    const user = await findUserByRef(deps.store, ref);
    const org = parseInput(organizationSchema, input.organizationId, 'organizationId');
    const organizationId = org === '' ? null : org;
    const previous = toUserAccount(user);
    // Roles and unit ids are checked by the directory's schema, field by field.
    const updated = await deps.identity.updateUser(user.id, {
      roles: input.roles as Role[],
      organizationId,
      unitIds: [...input.unitIds],
    });
    const changed =
      !sameSet(previous.roles, updated.roles) ||
      previous.organizationId !== updated.organizationId ||
      !sameSet(previous.unitIds, updated.unitIds);
    return {
      user: toUserAccount((await users.get(user.id)) ?? user),
      previous,
      changed,
    };
  };
}

import { parseInput } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import { z } from 'zod';
import type { IdentityAdmin } from './directory.service.js';
import { usersCollection, type UserRecord } from './identity.collections.js';
import { recordIdSchema, unitIdsSchema, userRolesSchema } from './identity-input.js';
import { findUserByRef, toUserAccount, type UserAccount, type UserRef } from './user-account.js';

export interface SetUserRolesInput {
  roles: readonly string[];
  /** Empty or null: none. */
  organizationId: string | null;
  unitIds: readonly string[];
}

/** Every field checked at once, so that one refusal names every bad field. */
const inputSchema = z.object({
  roles: userRolesSchema,
  // Empty or null: none; otherwise a record id, refused with what an id may hold.
  organizationId: z.preprocess(
    (v) => (v === '' || v === null ? undefined : v),
    recordIdSchema.optional(),
  ),
  unitIds: unitIdsSchema,
});

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
    const valid = parseInput(inputSchema, input);
    const previous = toUserAccount(user);
    // The directory checks that they exist and fit, and keeps the last network admin.
    const updated = await deps.identity.updateUser(user.id, {
      roles: valid.roles,
      organizationId: valid.organizationId ?? null,
      unitIds: valid.unitIds,
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

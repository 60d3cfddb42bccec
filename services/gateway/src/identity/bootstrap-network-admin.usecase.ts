import { FailedPreconditionError, parseInput } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import { z } from 'zod';
import type { IdentityAdmin } from './directory.service.js';
import { findAll } from './collection-reads.js';
import { usersCollection, type UserRecord } from './identity.collections.js';
import type { UserView } from './identity.contract.js';
import { emailSchema, nameSchema } from './identity-input.js';
import { strongPasswordSchema } from './password-policy.js';

export interface BootstrapNetworkAdminInput {
  email: string;
  displayName: string;
  password: string;
  /** Create one even though a network admin exists (for example when the only one is lost). */
  force?: boolean;
}

const inputSchema = z.object({ email: emailSchema, displayName: nameSchema });

/**
 * Creates the first network admin of a network that runs without demo data. Refuses when an
 * enabled network admin exists already (unless `force`), and a password that fails the policy.
 * Writes through the identity service, so the account is stored as any other.
 */
export function createBootstrapNetworkAdmin(deps: { store: Store; identity: IdentityAdmin }) {
  const users = deps.store.collection<UserRecord>(usersCollection);

  /** Enabled network admins; the users collection is small, and this runs once. */
  async function networkAdmins(): Promise<number> {
    const all = await findAll(users);
    return all.filter((u) => !u.disabled && u.roles.includes('network_admin')).length;
  }

  return async function bootstrapNetworkAdmin(
    input: BootstrapNetworkAdminInput,
  ): Promise<UserView> {
    const { email, displayName } = parseInput(inputSchema, input);
    const password = parseInput(
      strongPasswordSchema({ email, displayName }),
      input.password,
      'password',
    );
    if (!input.force && (await networkAdmins()) > 0)
      throw new FailedPreconditionError(
        'A network admin exists already; sign in as that admin, or pass --force to add another',
        'NETWORK_ADMIN_EXISTS',
      );
    return deps.identity.createUser({
      email,
      displayName,
      password,
      roles: ['network_admin'],
    });
  };
}

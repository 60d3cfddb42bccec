import { FailedPreconditionError, InvalidArgumentError, type FieldViolation } from '@pcn/platform';
import { MAX_PAGE_SIZE, type Store } from '@pcn/storage';
import { z } from 'zod';
import { usersCollection, type UserRecord } from './identity.collections.js';
import type { UserView } from './identity.contract.js';
import type { IdentityAdmin } from './identity.service.js';
import { strongPasswordSchema } from './password-policy.js';

export interface BootstrapNetworkAdminInput {
  email: string;
  displayName: string;
  password: string;
  /** Create one even though a network admin exists (for example when the only one is lost). */
  force?: boolean;
}

const inputSchema = z.object({
  email: z.email().max(254),
  displayName: z.string().trim().min(1).max(200),
});

function violations(error: z.ZodError, prefix = ''): FieldViolation[] {
  return error.issues.map((issue) => ({
    field: prefix + issue.path.map(String).join('.'),
    description: issue.message,
  }));
}

/**
 * Creates the first network admin of a network that runs without demo data. Refuses when an
 * enabled network admin exists already (unless `force`), and a password that fails the policy.
 * Writes through the identity service, so the account is stored as any other.
 */
export function createBootstrapNetworkAdmin(deps: { store: Store; identity: IdentityAdmin }) {
  const users = deps.store.collection<UserRecord>(usersCollection);

  /** Enabled network admins; the users collection is small, and this runs once. */
  async function networkAdmins(): Promise<number> {
    let count = 0;
    let after: string | null = null;
    do {
      const page = await users.find({ limit: MAX_PAGE_SIZE, after });
      count += page.items.filter((u) => !u.disabled && u.roles.includes('network_admin')).length;
      after = page.nextCursor;
    } while (after !== null);
    return count;
  }

  return async function bootstrapNetworkAdmin(
    input: BootstrapNetworkAdminInput,
  ): Promise<UserView> {
    const parsed = inputSchema.safeParse(input);
    if (!parsed.success) throw new InvalidArgumentError(violations(parsed.error));
    const { email, displayName } = parsed.data;
    const password = strongPasswordSchema({ email, displayName }).safeParse(input.password);
    if (!password.success) throw new InvalidArgumentError(violations(password.error, 'password'));
    if (!input.force && (await networkAdmins()) > 0)
      throw new FailedPreconditionError(
        'A network admin exists already; sign in as that admin, or pass --force to add another',
        'NETWORK_ADMIN_EXISTS',
      );
    return deps.identity.createUser({
      email,
      displayName,
      password: password.data,
      roles: ['network_admin'],
    });
  };
}

import { InvalidArgumentError, NotFoundError, parseInput } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import { usersCollection, type UserRecord } from './identity.collections.js';
import type { Role } from './identity.contract.js';
import { emailSchema, normaliseEmail, recordIdSchema } from './identity-input.js';

/**
 * An account as operators see it (pcn-admin): everything but its password hash and credentials
 * version. The email is personal data: returned to the operator, never logged.
 */
export interface UserAccount {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  organizationId: string | null;
  unitIds: string[];
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
  demo: boolean;
}

export function toUserAccount(r: UserRecord): UserAccount {
  return {
    id: r.id,
    email: r.email,
    displayName: r.displayName,
    roles: [...r.roles],
    organizationId: r.organizationId,
    unitIds: [...r.unitIds],
    disabled: r.disabled,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    demo: r.demo,
  };
}

/** How an operator names an account: by its id or by its email (the gRPC `user` oneof). */
export type UserRef = { $case: 'userId'; value: string } | { $case: 'email'; value: string };

/**
 * The account `ref` names. A junk id or email is INVALID_ARGUMENT on its field (`userId`,
 * `email`); an unknown one NOT_FOUND, which names the id but never the email.
 */
export async function findUserByRef(store: Store, ref: UserRef | undefined): Promise<UserRecord> {
  const users = store.collection<UserRecord>(usersCollection);
  if (ref === undefined)
    throw new InvalidArgumentError([
      { field: 'user', description: 'is required: the account’s userId or its email' },
    ]);
  if (ref.$case === 'userId') {
    const id = parseInput(recordIdSchema, ref.value, 'userId');
    const user = await users.get(id);
    if (user === null) throw new NotFoundError('User', id);
    return user;
  }
  const email = normaliseEmail(parseInput(emailSchema, ref.value.trim(), 'email'));
  const page = await users.find({ filter: { email }, limit: 1 });
  const user = page.items[0];
  // "User with this email was not found": the email itself stays out of errors and logs.
  if (user === undefined) throw new NotFoundError('User', 'with this email');
  return user;
}

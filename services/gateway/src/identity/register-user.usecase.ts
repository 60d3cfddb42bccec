import { parseInput } from '@pcn/platform';
import { z } from 'zod';
import type { IdentityAdmin } from './directory.service.js';
import type { Role, UserView } from './identity.contract.js';
import { emailSchema, idSchema, nameSchema } from './identity-input.js';
import { strongPasswordSchema } from './password-policy.js';

export interface RegisterUserInput {
  email: string;
  displayName: string;
  password: string;
  roles: readonly string[];
  /** Empty or null: none. */
  organizationId: string | null;
  unitIds: readonly string[];
}

const inputSchema = z.object({ email: emailSchema, displayName: nameSchema });

/**
 * An operator adds an account to the directory (an agency editor of an imported organization, a
 * unit officer of imported units). The password follows the operators' policy, as bootstrap's
 * does; the directory service checks that the organization and units exist and that each role
 * fits them (an agency editor in a drafting agency, a unit officer with units).
 */
export function createRegisterUser(deps: { identity: IdentityAdmin }) {
  return async function registerUser(input: RegisterUserInput): Promise<UserView> {
    const { email, displayName } = parseInput(inputSchema, input);
    const organizationId =
      input.organizationId === null || input.organizationId === ''
        ? null
        : parseInput(idSchema, input.organizationId, 'organizationId');
    const password = parseInput(
      strongPasswordSchema({ email, displayName }),
      input.password,
      'password',
    );
    // Roles and unit ids are checked by the directory's own schema, field by field, and each
    // role against its organization's kind (`role-scope.ts`).
    return deps.identity.createUser({
      email,
      displayName,
      password,
      roles: input.roles as Role[],
      organizationId,
      unitIds: [...input.unitIds],
    });
  };
}

import { InvalidArgumentError, parseInput, type FieldViolation } from '@pcn/platform';
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

/** Roles that act for an organization, and the one that acts for units. */
const NEEDS_ORGANIZATION: readonly Role[] = ['agency_editor', 'press_partner'];

/**
 * An operator adds an account to the directory (an agency editor of an imported organization, a
 * unit officer of imported units). The password follows the operators' policy, as bootstrap's
 * does; an editor or a press partner needs its organization, a unit officer its units, and the
 * directory service checks that they exist.
 */
export function createRegisterUser(deps: { identity: IdentityAdmin }) {
  return async function registerUser(input: RegisterUserInput): Promise<UserView> {
    const { email, displayName } = parseInput(inputSchema, input);
    const organizationId =
      input.organizationId === null || input.organizationId === ''
        ? null
        : parseInput(idSchema, input.organizationId, 'organizationId');
    const violations: FieldViolation[] = [];
    const roles = input.roles as Role[];
    if (organizationId === null && roles.some((r) => NEEDS_ORGANIZATION.includes(r)))
      violations.push({
        field: 'organizationId',
        description: `is required for ${NEEDS_ORGANIZATION.join(' and ')} (the organization they act for)`,
      });
    if (roles.includes('unit_officer') && input.unitIds.length === 0)
      violations.push({
        field: 'unitIds',
        description: 'a unit officer needs at least one unit (the units they act for)',
      });
    if (violations.length > 0) throw new InvalidArgumentError(violations);
    const password = parseInput(
      strongPasswordSchema({ email, displayName }),
      input.password,
      'password',
    );
    // Roles and unit ids are checked by the directory's own schema, field by field.
    return deps.identity.createUser({
      email,
      displayName,
      password,
      roles,
      organizationId,
      unitIds: [...input.unitIds],
    });
  };
}

import type { FieldViolation } from '@pcn/platform';
import type { OrganizationKind, Role } from './identity.contract.js';

/**
 * Which organization each role acts for: an agency editor changes its drafting agency's drafts, a
 * press partner speaks for a press organization, a partner system for its system's operator. A
 * unit officer acts for units, and may belong to a unit office. A network admin acts for the
 * whole network, with no organization.
 */
export const ROLE_ORGANIZATION: Readonly<
  Record<Exclude<Role, 'public'>, { kind: OrganizationKind | null; required: boolean }>
> = {
  network_admin: { kind: null, required: false },
  agency_editor: { kind: 'drafting_agency', required: true },
  press_partner: { kind: 'press_agency', required: true },
  partner_system: { kind: 'partner_system', required: true },
  unit_officer: { kind: 'unit_office', required: false },
};

/**
 * What is wrong with an account's roles for its organization (null: none; else its kind) and its
 * units, as field violations (`organizationId`, `unitIds`). Pure: the caller reads the
 * organization. Every path that writes an account's roles checks it (createUser, updateUser).
 */
export function roleScopeViolations(
  roles: readonly Role[],
  organization: { id: string; kind: OrganizationKind } | null,
  unitIds: readonly string[],
): FieldViolation[] {
  const violations: FieldViolation[] = [];
  const scoped = roles.filter((r): r is Exclude<Role, 'public'> => r !== 'public');
  const needing = scoped.filter((r) => ROLE_ORGANIZATION[r].required);
  const using = scoped.filter((r) => ROLE_ORGANIZATION[r].kind !== null);
  if (organization === null) {
    if (needing.length > 0)
      violations.push({
        field: 'organizationId',
        description: `is required for ${needing.join(' and ')}: ${needing
          .map((r) => `${r} acts for a ${ROLE_ORGANIZATION[r].kind ?? ''} organization`)
          .join('; ')}`,
      });
  } else if (using.length === 0) {
    violations.push({
      field: 'organizationId',
      description: `must be empty: no role of the account (${scoped.join(', ')}) acts for an organization`,
    });
  } else {
    for (const role of using) {
      const kind = ROLE_ORGANIZATION[role].kind;
      if (kind !== organization.kind)
        violations.push({
          field: 'organizationId',
          description: `${organization.id} is a ${organization.kind} organization; ${role} needs a ${kind ?? ''} organization`,
        });
    }
  }
  const officer = scoped.includes('unit_officer');
  if (officer && unitIds.length === 0)
    violations.push({
      field: 'unitIds',
      description: 'a unit_officer needs at least one unit (the units they act for)',
    });
  if (!officer && unitIds.length > 0)
    violations.push({
      field: 'unitIds',
      description: 'must be empty: only a unit_officer acts for units',
    });
  return violations;
}

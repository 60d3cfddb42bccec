import { PermissionDeniedError, UnauthenticatedError, type CallerIdentity } from '@pcn/platform';
import type { Draft } from './draft.model.js';

/** The network's roles. A role is limited by the caller's scope (organization or unit subtree). */
export const ROLES = [
  'network_admin',
  'agency_editor',
  'unit_officer',
  'press_partner',
  'partner_system',
  'public',
] as const;
export type Role = (typeof ROLES)[number];

function has(caller: CallerIdentity | undefined, role: Role): boolean {
  return caller?.roles.includes(role) ?? false;
}

/**
 * Who may write a draft: a network admin, or an agency editor of the drafting agency. Checked here
 * again although the gateway checks first, so no other path into the service can skip it.
 */
export function assertCanWrite(
  caller: CallerIdentity | undefined,
  agencyId: string,
): CallerIdentity {
  if (!caller || caller.kind === 'anonymous') throw new UnauthenticatedError();
  if (has(caller, 'network_admin')) return caller;
  if (has(caller, 'agency_editor')) {
    if (caller.organizationId === agencyId) return caller;
    throw new PermissionDeniedError(
      `Only editors of agency ${agencyId} may change its drafts`,
      'OUTSIDE_SCOPE',
    );
  }
  throw new PermissionDeniedError(
    'Only agency editors and network admins may change drafts',
    'ROLE_NOT_ALLOWED',
  );
}

/**
 * Who may read a draft: everyone, once it is disclosed and out of internal drafting; before that,
 * its agency's editors and network admins.
 */
export function canRead(
  caller: CallerIdentity | undefined,
  draft: Pick<Draft, 'agencyId' | 'status' | 'publicDisclosure'>,
): boolean {
  if (has(caller, 'network_admin')) return true;
  if (has(caller, 'agency_editor') && caller?.organizationId === draft.agencyId) return true;
  return draft.publicDisclosure && draft.status !== 'drafting';
}

/** The audit trail's record of who acted. */
export function actorOf(caller: CallerIdentity | undefined): { kind: string; id: string } {
  return caller ? { kind: caller.kind, id: caller.id } : { kind: 'system', id: 'scheduler' };
}

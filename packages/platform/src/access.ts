import { PermissionDeniedError, UnauthenticatedError } from './errors.js';
import type { CallerIdentity } from './context.js';

/**
 * The network's roles, declared here once (the gateway's identity contract re-exports them). A
 * role is limited by the caller's scope (organization or unit subtree).
 */
export const ROLES = [
  'network_admin',
  'agency_editor',
  'unit_officer',
  'press_partner',
  'partner_system',
  'public',
] as const;
export type Role = (typeof ROLES)[number];

export function hasRole(caller: CallerIdentity | undefined, role: Role): boolean {
  return caller?.roles.includes(role) ?? false;
}

/** Throws UnauthenticatedError for a missing or anonymous caller. */
export function assertSignedIn(caller: CallerIdentity | undefined): CallerIdentity {
  if (!caller || caller.kind === 'anonymous') throw new UnauthenticatedError();
  return caller;
}

/**
 * Who may change an agency's documents: a network admin, or an agency editor of that agency. The
 * gateway checks it before calling a service, and the service checks it again from the caller in
 * gRPC metadata, so no path skips it.
 */
export function assertAgencyWriter(
  caller: CallerIdentity | undefined,
  agencyId: string,
): CallerIdentity {
  const signedIn = assertSignedIn(caller);
  if (hasRole(signedIn, 'network_admin')) return signedIn;
  if (hasRole(signedIn, 'agency_editor')) {
    if (signedIn.organizationId === agencyId) return signedIn;
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

/** Network admins only. */
export function assertNetworkAdmin(caller: CallerIdentity | undefined): CallerIdentity {
  const signedIn = assertSignedIn(caller);
  if (!hasRole(signedIn, 'network_admin'))
    throw new PermissionDeniedError('Only network admins may do this', 'ROLE_NOT_ALLOWED');
  return signedIn;
}

import {
  assertAgencyWriter,
  assertSignedIn,
  hasRole,
  PermissionDeniedError,
  type CallerIdentity,
} from '@pcn/platform';

/** Whether a unit (by its path from the root) lies in one of the caller's unit subtrees. */
export function unitInScope(path: readonly string[] | undefined, scope: readonly string[]) {
  return path !== undefined && path.some((u) => scope.includes(u));
}

/**
 * Who may record comments on behalf of people (officer submissions and imports): network admins;
 * the drafting agency's editors; unit officers for people of their units (the comment's unit must
 * lie in one of the officer's unit subtrees). `unitPath` is the comment's unit, if it has one.
 */
export function assertMayRecordFor(
  caller: CallerIdentity | undefined,
  draft: { id: string; agencyId: string },
  unit: { id: string | null; path: readonly string[] | undefined },
): CallerIdentity {
  const signedIn = assertSignedIn(caller);
  if (hasRole(signedIn, 'network_admin')) return signedIn;
  if (hasRole(signedIn, 'agency_editor') && signedIn.organizationId === draft.agencyId)
    return signedIn;
  if (hasRole(signedIn, 'unit_officer')) {
    if (unit.id !== null && unitInScope(unit.path, signedIn.unitIds ?? [])) return signedIn;
    throw new PermissionDeniedError(
      unit.id === null
        ? 'A unit officer records comments of their units\u2019 people: give the unit'
        : `Unit ${unit.id} is outside the units you act for`,
      'OUTSIDE_SCOPE',
    );
  }
  if (hasRole(signedIn, 'agency_editor'))
    throw new PermissionDeniedError(
      `Only editors of agency ${draft.agencyId} record comments on its drafts`,
      'OUTSIDE_SCOPE',
    );
  throw new PermissionDeniedError(
    'Only unit officers, agency editors and network admins record comments for others',
    'ROLE_NOT_ALLOWED',
  );
}

/**
 * The drafting agency's staff (its editors) and network admins: they moderate, answer, publish
 * answers and read the full list of a draft's comments. The platform's rule, told in words of
 * the action asked for.
 */
export function assertAgencyStaff(
  caller: CallerIdentity | undefined,
  agencyId: string,
  action: string,
): CallerIdentity {
  try {
    return assertAgencyWriter(caller, agencyId);
  } catch (err) {
    if (!(err instanceof PermissionDeniedError)) throw err;
    throw new PermissionDeniedError(
      err.reason === 'OUTSIDE_SCOPE'
        ? `Only editors of agency ${agencyId} may ${action} on its drafts`
        : `Only the drafting agency's editors and network admins may ${action}`,
      err.reason,
    );
  }
}

export function isNetworkAdmin(caller: CallerIdentity | undefined): boolean {
  return hasRole(caller, 'network_admin');
}

/**
 * Whether the caller may see that a draft exists here: when it is disclosed to the public, or to
 * its agency's editors and network admins. Others get NOT_FOUND, so nothing leaks.
 */
export function canReadDraft(
  caller: CallerIdentity | undefined,
  draft: { agencyId: string; publicDisclosure: boolean },
): boolean {
  if (draft.publicDisclosure) return true;
  if (hasRole(caller, 'network_admin')) return true;
  return hasRole(caller, 'agency_editor') && caller?.organizationId === draft.agencyId;
}

import { hasRole, type CallerIdentity } from '@pcn/platform';
import type { Draft } from './draft.model.js';

export { assertAgencyWriter as assertCanWrite } from '@pcn/platform';

/**
 * Who may read a draft: everyone, once it is disclosed and out of internal drafting; before that,
 * its agency's editors and network admins.
 */
export function canRead(
  caller: CallerIdentity | undefined,
  draft: Pick<Draft, 'agencyId' | 'status' | 'publicDisclosure'>,
): boolean {
  if (hasRole(caller, 'network_admin')) return true;
  if (hasRole(caller, 'agency_editor') && caller?.organizationId === draft.agencyId) return true;
  return draft.publicDisclosure && draft.status !== 'drafting';
}

/**
 * The guard key of a draft's readers: amending or repealing a draft reads (`canRead`) the draft
 * that amends it and writes only the amended one, so on MongoDB a write that changes who may read
 * the amending draft could commit beside it (write skew). Both guard this key.
 */
export const readersGuard = (draftId: string) => `draft:readers:${draftId}`;

/** Whether a write changes who may read the draft (`canRead`'s inputs). */
export function readersChange(
  before: Pick<Draft, 'agencyId' | 'status' | 'publicDisclosure'>,
  after: Pick<Draft, 'agencyId' | 'status' | 'publicDisclosure'>,
): boolean {
  return (
    before.agencyId !== after.agencyId ||
    before.publicDisclosure !== after.publicDisclosure ||
    (before.status === 'drafting') !== (after.status === 'drafting')
  );
}

/** The audit trail's record of who acted. */
export function actorOf(caller: CallerIdentity | undefined): { kind: string; id: string } {
  return caller ? { kind: caller.kind, id: caller.id } : { kind: 'system', id: 'scheduler' };
}

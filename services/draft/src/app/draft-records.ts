import type { CallerIdentity } from '@pcn/platform';
import { actorOf } from './draft-access.js';
import type { AuditEntry, Draft, DraftVersion } from './draft.model.js';

/** The version record of a draft's current content, written when the content changes. */
export function versionOf(
  draft: Draft,
  note: string,
  caller: CallerIdentity | undefined,
): DraftVersion {
  return {
    id: `${draft.id}:${draft.contentVersion}`,
    draftId: draft.id,
    number: draft.contentVersion,
    content: draft.content,
    translations: draft.translations,
    note,
    createdAt: draft.updatedAt,
    createdBy: actorOf(caller).id,
  };
}

/** The audit entry of one change to a draft, as it is after the change. */
export function auditOf(
  id: string,
  draft: Draft,
  change: {
    caller: CallerIdentity | undefined;
    action: string;
    changes: string[];
    fromVersion: number | null;
  },
): AuditEntry {
  return {
    id,
    draftId: draft.id,
    at: draft.updatedAt,
    actor: actorOf(change.caller),
    action: change.action,
    changes: change.changes,
    fromVersion: change.fromVersion,
    toVersion: draft.contentVersion,
  };
}

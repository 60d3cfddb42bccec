import { assertSignedIn, ConflictError, NotFoundError, type CallerIdentity } from '@pcn/platform';
import { z } from 'zod';
import { assertCanWrite, canRead, readersChange, readersGuard } from './draft-access.js';
import type { DraftDeps } from './draft-deps.js';
import { draftEvents, type EventExtras } from './draft-events.js';
import { parseDraftInput } from './draft-input.js';
import type { Transition } from './draft-lifecycle.js';
import { auditOf, versionOf } from './draft-records.js';
import type { DraftUnitOfWork, StoredDraft } from './draft.ports.js';
import { servedDraft, type ServedDraft } from './readable-text.js';

/** What a write decided: the transition, the fields it changed, and whether content changed. */
export interface Change {
  transition: Transition;
  changes: string[];
  contentChanged?: { note: string };
  extras?: EventExtras;
}

/** Which draft a write changes, and the version the caller read. */
export interface DraftRef {
  id: string;
  expectedVersion: number;
}

/** What a write to an existing draft is built from. */
export type WriteDeps = Pick<DraftDeps, 'repo' | 'events' | 'rules' | 'clock' | 'newId'>;

const EXPECTED_VERSION = 'the version you read, 1 or more';
const expectedVersionSchema = z
  .number({ error: EXPECTED_VERSION })
  .refine((version) => Number.isInteger(version) && version >= 1, EXPECTED_VERSION);

/**
 * Runs one write to an existing draft in one transaction: read it, check the caller and the
 * expected version, let `change` decide, then store the draft with its version record (when the
 * content changed), its audit entry and its events in the outbox.
 */
export async function writeDraft(
  deps: Omit<WriteDeps, 'rules'>,
  caller: CallerIdentity | undefined,
  { id, expectedVersion }: DraftRef,
  /** What the audit entry calls the write. */
  action: string,
  change: (draft: StoredDraft, uow: DraftUnitOfWork) => Change | Promise<Change>,
): Promise<ServedDraft> {
  const saved = await deps.repo.transaction(async (uow) => {
    const current = await uow.getDraft(id);
    if (!current) throw new NotFoundError('draft', id);
    assertSignedIn(caller);
    // A draft the caller cannot even read is "not found", so its existence does not leak.
    if (!canRead(caller, current)) throw new NotFoundError('draft', id);
    assertCanWrite(caller, current.agencyId);
    parseDraftInput(expectedVersionSchema, expectedVersion, 'expectedVersion');
    if (current.version !== expectedVersion)
      throw new ConflictError('draft', id, expectedVersion, current.version);
    const { transition, changes, contentChanged, extras } = await change(current, uow);
    const now = deps.clock.now();
    let next: StoredDraft = {
      ...transition.draft,
      version: current.version,
      updatedAt: now.toISOString(),
    };
    if (contentChanged) next = { ...next, contentVersion: current.contentVersion + 1 };
    // Meets an amendment or repeal that rests on this draft's readers in the same moment.
    if (readersChange(current, next)) await uow.guard(readersGuard(id));
    const saved = await uow.updateDraft(next);
    if (contentChanged) await uow.addVersion(versionOf(saved, contentChanged.note, caller));
    await uow.addAudit(
      auditOf(deps.newId(), saved, {
        caller,
        action,
        changes,
        fromVersion: current.contentVersion,
      }),
    );
    await uow.enqueueEvents(draftEvents(deps.events, saved, transition.events, extras));
    return saved;
  });
  return servedDraft(caller, saved);
}

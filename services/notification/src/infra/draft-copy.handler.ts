import { EVENT_TYPES, domainOf, type EventEnvelope, type EventType } from '@pcn/events';
import type { Transaction } from '@pcn/storage';
import type { DraftRecord } from '../app/notification.ports.js';
import { draftsCollection } from './notification.collections.js';

/** Every draft event: each carries the draft's code and published title. */
export const DRAFT_EVENT_TYPES: readonly EventType[] = EVENT_TYPES.filter(
  (t) => domainOf(t) === 'draft',
);

/**
 * Keeps the service's copy of a draft's code and title, which replies to comments name it by (the
 * feedback events carry the draft's id only). Put semantics: the newest event about a draft wins,
 * so one delivered late cannot undo a newer title.
 */
export async function putDraftCopy(tx: Transaction, event: EventEnvelope): Promise<void> {
  const data = event.data as { draftId: string; code: string; title: Record<string, string> };
  const drafts = tx.collection<DraftRecord>(draftsCollection);
  const next: DraftRecord = {
    id: data.draftId,
    code: data.code,
    title: data.title,
    eventTime: event.time,
    eventId: event.id,
  };
  const current = await drafts.get(data.draftId);
  if (!current) await drafts.insert(next);
  else if (
    current.eventTime < event.time ||
    (current.eventTime === event.time && current.eventId < event.id)
  )
    await drafts.update({ ...next, version: current.version });
}

import { EVENT_TYPES, domainOf, type EventEnvelope, type EventType } from '@pcn/events';
import type { Store, Transaction } from '@pcn/storage';
import type { DraftRecord, FanoutRecord } from '../app/notification.ports.js';
import { draftsCollection, fanoutsCollection } from './notification.collections.js';

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

/**
 * Fills an empty copy from the draft events already fanned out (kept in `fanouts`): the fan-out
 * consumer took those before it kept the copy, so without this, replies about drafts opened before
 * the upgrade would leave the code and title out. Runs at boot; does nothing once the copy holds
 * anything. Returns the events read.
 */
export async function backfillDraftCopies(store: Store): Promise<number> {
  if ((await store.collection<DraftRecord>(draftsCollection).count()) > 0) return 0;
  const fanouts = store.collection<FanoutRecord>(fanoutsCollection);
  let after: string | null = null;
  let read = 0;
  do {
    const page = await fanouts.find({ limit: 500, after });
    await store.transaction(async (tx) => {
      for (const f of page.items)
        if (domainOf(f.event.type) === 'draft') await putDraftCopy(tx, f.event);
    });
    read += page.items.length;
    after = page.nextCursor;
  } while (after);
  return read;
}

import {
  idempotent,
  PermanentEventError,
  type BusNames,
  type EventHandler,
  type EventType,
} from '@pcn/events';
import type { Store } from '@pcn/storage';
import { DRAFT_EVENT_TYPES, isDraftEvent } from '../app/draft-knowledge.js';
import { learnDraft } from '../app/learn-draft.usecase.js';
import { feedbackUnitOfWork } from './feedback.repository.js';

export { DRAFT_EVENT_TYPES };
/** The directory events the feedback service follows (the unit tree, for scope and filters). */
export const DIRECTORY_EVENT_TYPES: readonly EventType[] = ['pcn.directory.v1.UnitsChanged'];

/** Only the draft service speaks for drafts, and only the gateway for the directory. */
const OWNER = { draft: 'draft', directory: 'gateway' } as const;

/**
 * What the service learns from the draft stream: each draft's agency, disclosure, window and
 * articles, once per event (the inbox record commits with the change).
 */
export function draftEventsHandler(deps: { store: Store; names: BusNames; consumer: string }) {
  return idempotent(deps.store, deps.consumer, async (tx, event) => {
    if (!isDraftEvent(event.type)) return;
    if (event.source !== OWNER.draft)
      throw new PermanentEventError(
        `draft events come from the draft service, not ${event.source}`,
      );
    await learnDraft(feedbackUnitOfWork(tx, deps.names), event);
  }) satisfies EventHandler;
}

/** The units of `pcn.directory.v1.UnitsChanged`, put whole, once per event. */
export function unitEventsHandler(deps: { store: Store; names: BusNames; consumer: string }) {
  return idempotent(deps.store, deps.consumer, async (tx, event) => {
    if (event.type !== 'pcn.directory.v1.UnitsChanged') return;
    if (event.source !== OWNER.directory)
      throw new PermanentEventError(`directory events come from the gateway, not ${event.source}`);
    const { units } = event.data as { units: { id: string; name: string; path: string[] }[] };
    await feedbackUnitOfWork(tx, deps.names).putUnits(
      units.map((u) => ({ id: u.id, path: u.path, name: u.name })),
    );
  }) satisfies EventHandler;
}

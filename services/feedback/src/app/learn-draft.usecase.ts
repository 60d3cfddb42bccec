import type { EventEnvelope } from '@pcn/events';
import { applyDraftEvent, draftVersionOf } from './draft-knowledge.js';
import type { FeedbackUnitOfWork } from './feedback.ports.js';

/**
 * Learns a draft's agency, disclosure, window and articles from one of its events, inside the
 * consumer's transaction (with its inbox record, so each event counts once).
 */
export async function learnDraft(uow: FeedbackUnitOfWork, event: EventEnvelope): Promise<void> {
  const current = await uow.getDraft(event.subject);
  const next = applyDraftEvent(current, event);
  await uow.putDraft(current ? { ...next, version: current.version } : next);
  const version = draftVersionOf(event);
  if (version) await uow.putDraftVersion(version);
}

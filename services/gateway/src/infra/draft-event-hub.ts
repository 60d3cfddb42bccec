import type { JetStreamClient } from '@nats-io/jetstream';
import type { BusNames, EventEnvelope } from '@pcn/events';
import type { Logger } from '@pcn/platform';
import { LiveEventHub } from './live-event-feed.js';

/** What one subscriber wants; the gateway fills in what the caller may see. */
export interface DraftEventSelector {
  draftId?: string;
  agencyId?: string;
  /** Any of these units (a unit's subtree, expanded by the gateway). */
  unitIds?: ReadonlySet<string>;
  /** Short names such as `ConsultationOpened`. */
  types?: ReadonlySet<string>;
  /** Whether the caller may see this event (by type, agency and disclosure). */
  visible: (type: string, data: { agencyId: string; publicDisclosure?: boolean }) => boolean;
}

/**
 * Feeds live draft events to GraphQL subscriptions, from one ordered consumer on the DRAFT stream
 * per gateway process.
 */
export class DraftEventHub extends LiveEventHub {
  constructor(js: JetStreamClient, names: BusNames, logger: Logger) {
    super({ js, stream: names.stream('draft'), logger, what: 'draft' });
  }

  /** Called for every draft event, for example to invalidate cached answers. */
  onEvent(listener: (event: EventEnvelope) => void): void {
    this.feed.onEvent(listener);
  }

  /** Events for one subscriber until it stops iterating (the SSE connection closes). */
  subscribe(selector: DraftEventSelector): AsyncIterableIterator<EventEnvelope> {
    return this.feed.subscribe((event) => (matches(selector, event) ? event : undefined));
  }
}

function matches(s: DraftEventSelector, event: EventEnvelope): boolean {
  const data = event.data as {
    draftId?: string;
    agencyId?: string;
    targetUnitIds?: string[];
    publicDisclosure?: boolean;
  };
  const type = event.type.slice(event.type.lastIndexOf('.') + 1);
  if (!event.type.startsWith('pcn.draft.') || !data.draftId || !data.agencyId) return false;
  if (!s.visible(type, { agencyId: data.agencyId, publicDisclosure: data.publicDisclosure }))
    return false;
  if (s.types && !s.types.has(type)) return false;
  if (s.draftId && s.draftId !== data.draftId) return false;
  if (s.agencyId && s.agencyId !== data.agencyId) return false;
  if (s.unitIds && !(data.targetUnitIds ?? []).some((u) => s.unitIds?.has(u))) return false;
  return true;
}

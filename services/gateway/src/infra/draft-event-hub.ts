import { DeliverPolicy, type JetStreamClient } from '@nats-io/jetstream';
import { decodeEvent, type BusNames, type EventEnvelope } from '@pcn/events';
import type { Logger } from '@pcn/platform';

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

interface Subscriber {
  selector: DraftEventSelector;
  push: (event: EventEnvelope) => void;
}

/** A slow subscriber is cut off rather than letting its queue grow without bound. */
const MAX_QUEUED = 1000;

/**
 * Feeds live draft events to GraphQL subscriptions. One ordered JetStream consumer per gateway
 * process reads the DRAFT stream from "now" and fans events out in memory, so a thousand SSE
 * clients cost one consumer, not a thousand.
 */
export class DraftEventHub {
  readonly #js: JetStreamClient;
  readonly #names: BusNames;
  readonly #logger: Logger;
  readonly #subscribers = new Set<Subscriber>();
  readonly #listeners = new Set<(event: EventEnvelope) => void>();
  #messages: { close(): Promise<void | Error> } | undefined;
  #running: Promise<void> | undefined;
  #stopping = false;

  constructor(js: JetStreamClient, names: BusNames, logger: Logger) {
    this.#js = js;
    this.#names = names;
    this.#logger = logger;
  }

  get subscriberCount(): number {
    return this.#subscribers.size;
  }

  /** Resolves once the consumer is reading, so events published after it are seen. */
  async start(): Promise<void> {
    const consumer = await this.#js.consumers.get(this.#names.stream('draft'), {
      deliver_policy: DeliverPolicy.New,
    });
    const messages = await consumer.consume();
    this.#messages = messages;
    this.#running = (async () => {
      for await (const msg of messages) {
        let event: EventEnvelope;
        try {
          event = decodeEvent(msg.data);
        } catch (err) {
          this.#logger.warn({ err, subject: msg.subject }, 'skipping an invalid draft event');
          continue;
        }
        for (const listener of this.#listeners) listener(event);
        for (const s of this.#subscribers) if (matches(s.selector, event)) s.push(event);
      }
    })().catch((err: unknown) => {
      if (!this.#stopping) this.#logger.error({ err }, 'draft event feed stopped');
    });
  }

  /** Called for every draft event, for example to invalidate cached answers. */
  onEvent(listener: (event: EventEnvelope) => void): void {
    this.#listeners.add(listener);
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#messages?.close();
    await this.#running;
  }

  /** Events for one subscriber until it stops iterating (the SSE connection closes). */
  subscribe(selector: DraftEventSelector): AsyncIterableIterator<EventEnvelope> {
    const queue: EventEnvelope[] = [];
    let wake: (() => void) | undefined;
    let done = false;
    let overflow = false;
    const subscriber: Subscriber = {
      selector,
      push: (event) => {
        if (queue.length >= MAX_QUEUED) {
          overflow = true;
          done = true;
          this.#subscribers.delete(subscriber);
        } else queue.push(event);
        wake?.();
      },
    };
    this.#subscribers.add(subscriber);
    const end = () => {
      done = true;
      this.#subscribers.delete(subscriber);
      wake?.();
    };
    const iterator: AsyncIterableIterator<EventEnvelope> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        while (queue.length === 0 && !done) await new Promise<void>((resolve) => (wake = resolve));
        const value = queue.shift();
        if (value) return { value, done: false };
        if (overflow)
          throw new Error('Subscriber too slow: more than 1000 events queued; reconnect');
        return { value: undefined, done: true };
      },
      return: () => {
        end();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
    return iterator;
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

import { DeliverPolicy, type JetStreamClient } from '@nats-io/jetstream';
import { decodeEvent, type BusNames, type EventEnvelope } from '@pcn/events';
import type { Logger } from '@pcn/platform';

/** An in-app notification was put in someone's inbox; the inbox item's id is the delivery id. */
export interface InAppDelivered {
  deliveryId: string;
  /** Absent on events from before the field existed: the owner is then found by asking. */
  subscriberId: string | undefined;
}

interface Listener {
  push: (event: InAppDelivered) => void;
}

/** A slow listener is cut off rather than letting its queue grow without bound. */
const MAX_QUEUED = 1000;

const DELIVERED = 'pcn.notification.v1.NotificationDelivered';

/**
 * Feeds `notificationAdded` subscriptions. One ordered JetStream consumer per gateway process
 * reads the NOTIFICATION stream from "now" and hands each in-app delivery to every live
 * subscription, which keeps only its own caller's (by subscriber id, then the inbox's owner check).
 */
export class NotificationEventHub {
  readonly #js: JetStreamClient;
  readonly #names: BusNames;
  readonly #logger: Logger;
  readonly #listeners = new Set<Listener>();
  #messages: { close(): Promise<void | Error> } | undefined;
  #running: Promise<void> | undefined;
  #stopping = false;

  constructor(js: JetStreamClient, names: BusNames, logger: Logger) {
    this.#js = js;
    this.#names = names;
    this.#logger = logger;
  }

  get subscriberCount(): number {
    return this.#listeners.size;
  }

  /** Resolves once the consumer is reading, so events published after it are seen. */
  async start(): Promise<void> {
    const consumer = await this.#js.consumers.get(this.#names.stream('notification'), {
      deliver_policy: DeliverPolicy.New,
      // One subject as a string: `filter_subject`, which servers before 2.10 understand too.
      filter_subjects: this.#names.subjectFor(DELIVERED),
    });
    const messages = await consumer.consume();
    this.#messages = messages;
    this.#running = (async () => {
      for await (const msg of messages) {
        let event: EventEnvelope;
        try {
          event = decodeEvent(msg.data);
        } catch (err) {
          this.#logger.warn(
            { err, subject: msg.subject },
            'skipping an invalid notification event',
          );
          continue;
        }
        if (event.type !== DELIVERED) continue;
        const data = event.data as { deliveryId: string; subscriberId?: string; channel: string };
        if (data.channel !== 'in_app') continue;
        const delivered = { deliveryId: data.deliveryId, subscriberId: data.subscriberId };
        for (const l of this.#listeners) l.push(delivered);
      }
    })().catch((err: unknown) => {
      if (!this.#stopping) this.#logger.error({ err }, 'notification event feed stopped');
    });
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#messages?.close();
    await this.#running;
  }

  /** In-app deliveries until the caller stops iterating (the SSE connection closes). */
  subscribe(): AsyncIterableIterator<InAppDelivered> {
    const queue: InAppDelivered[] = [];
    let wake: (() => void) | undefined;
    let done = false;
    let overflow = false;
    const listener: Listener = {
      push: (event) => {
        if (queue.length >= MAX_QUEUED) {
          overflow = true;
          done = true;
          this.#listeners.delete(listener);
        } else queue.push(event);
        wake?.();
      },
    };
    this.#listeners.add(listener);
    const iterator: AsyncIterableIterator<InAppDelivered> = {
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
        done = true;
        this.#listeners.delete(listener);
        wake?.();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
    return iterator;
  }
}

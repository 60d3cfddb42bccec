import { DeliverPolicy, type JetStreamClient } from '@nats-io/jetstream';
import { decodeEvent, type EventEnvelope } from '@pcn/events';
import type { Logger } from '@pcn/platform';

/** A slow subscriber is cut off rather than letting its queue grow without bound. */
const MAX_QUEUED = 1000;

export interface LiveEventFeedOptions {
  js: JetStreamClient;
  stream: string;
  /** One subject, sent as `filter_subject` (which servers before 2.10 understand). */
  filterSubject?: string;
  logger: Logger;
  /** Names the feed in logs, for example `draft`. */
  what: string;
}

/**
 * One ordered JetStream consumer per gateway process that reads a stream from "now" and fans its
 * events out in memory to live subscriptions, so a thousand SSE clients cost one consumer, not a
 * thousand. Each subscription picks (and shapes) what it wants, and gets a bounded queue.
 */
export class LiveEventFeed {
  readonly #options: LiveEventFeedOptions;
  readonly #subscribers = new Set<(event: EventEnvelope) => void>();
  /** Each listener with the subjects it wants (undefined: every event). */
  readonly #listeners = new Map<(event: EventEnvelope) => void, ReadonlySet<string> | undefined>();
  #messages: { close(): Promise<void | Error> } | undefined;
  #running: Promise<void> | undefined;
  #stopping = false;

  constructor(options: LiveEventFeedOptions) {
    this.#options = options;
  }

  get subscriberCount(): number {
    return this.#subscribers.size;
  }

  /** Resolves once the consumer is reading, so events published after it are seen. */
  async start(): Promise<void> {
    const { js, stream, filterSubject, logger, what } = this.#options;
    const consumer = await js.consumers.get(stream, {
      deliver_policy: DeliverPolicy.New,
      ...(filterSubject ? { filter_subjects: filterSubject } : {}),
    });
    const messages = await consumer.consume();
    this.#messages = messages;
    this.#running = (async () => {
      for await (const msg of messages) {
        // Decoding (JSON and the catalogue's schema) is most of a message's cost: skip it for an
        // event nobody reads, such as every comment taken in while no live subscription is open.
        if (this.#subscribers.size === 0 && !this.#wanted(msg.subject)) continue;
        let event: EventEnvelope;
        try {
          event = decodeEvent(msg.data);
        } catch (err) {
          logger.warn({ err, subject: msg.subject }, `skipping an invalid ${what} event`);
          continue;
        }
        for (const [listener, subjects] of this.#listeners)
          if (!subjects || subjects.has(msg.subject)) listener(event);
        for (const push of this.#subscribers) push(event);
      }
    })().catch((err: unknown) => {
      if (!this.#stopping) logger.error({ err }, `${what} event feed stopped`);
    });
  }

  /**
   * Called for every event, or only for those published on `subjects`, for example to invalidate
   * cached answers.
   */
  onEvent(listener: (event: EventEnvelope) => void, subjects?: ReadonlySet<string>): void {
    this.#listeners.set(listener, subjects);
  }

  #wanted(subject: string): boolean {
    for (const subjects of this.#listeners.values())
      if (!subjects || subjects.has(subject)) return true;
    return false;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#messages?.close();
    await this.#running;
  }

  /**
   * What `pick` makes of each event (undefined skips it), until the caller stops iterating (the
   * SSE connection closes). More than 1000 unread ends the subscription with an error.
   */
  subscribe<T>(pick: (event: EventEnvelope) => T | undefined): AsyncIterableIterator<T> {
    const queue: T[] = [];
    let wake: (() => void) | undefined;
    let done = false;
    let overflow = false;
    const push = (event: EventEnvelope) => {
      const value = pick(event);
      if (value === undefined) return;
      if (queue.length >= MAX_QUEUED) {
        overflow = true;
        done = true;
        this.#subscribers.delete(push);
      } else queue.push(value);
      wake?.();
    };
    this.#subscribers.add(push);
    const iterator: AsyncIterableIterator<T> = {
      [Symbol.asyncIterator]: () => iterator,
      next: async () => {
        while (queue.length === 0 && !done) await new Promise<void>((resolve) => (wake = resolve));
        if (queue.length > 0) return { value: queue.shift() as T, done: false };
        if (overflow)
          throw new Error(`Subscriber too slow: more than ${MAX_QUEUED} events queued; reconnect`);
        return { value: undefined, done: true };
      },
      return: () => {
        done = true;
        this.#subscribers.delete(push);
        wake?.();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
    return iterator;
  }
}

/**
 * What every hub over one feed offers (start, stop, its live subscriptions); each hub adds how its
 * subscriptions pick and shape events.
 */
export abstract class LiveEventHub {
  protected readonly feed: LiveEventFeed;

  constructor(options: LiveEventFeedOptions) {
    this.feed = new LiveEventFeed(options);
  }

  get subscriberCount(): number {
    return this.feed.subscriberCount;
  }

  /** Resolves once the consumer is reading, so events published after it are seen. */
  start(): Promise<void> {
    return this.feed.start();
  }

  stop(): Promise<void> {
    return this.feed.stop();
  }
}

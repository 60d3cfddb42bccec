import type { PubAck } from '@nats-io/jetstream';
import type { Logger } from '@pcn/platform';
import { systemClock, type Clock } from '@pcn/platform';
import type { OutboxMessage, Store } from '@pcn/storage';
import type { EventEnvelope } from './envelope.js';
import type { BusNames } from './names.js';

/** Turns an event into the outbox row that the relay will publish. */
export function toOutboxMessage(names: BusNames, event: EventEnvelope): OutboxMessage {
  return { id: event.id, subject: names.subjectFor(event.type), payload: JSON.stringify(event) };
}

/** The one JetStream call the relay needs; tests wrap it to inject crashes. */
export type Publish = (subject: string, payload: string, msgId: string) => Promise<PubAck>;

export interface OutboxRelayOptions {
  store: Store;
  publish: Publish;
  logger: Logger;
  /** Identifies this replica for the relay lease. */
  holder: string;
  clock?: Clock;
  /** Messages read and published per round; they are pipelined on one connection. */
  batchSize?: number;
  /** Poll interval when the outbox is empty and nobody called `notify()`. */
  idleMs?: number;
  leaseTtlMs?: number;
  /** First retry delay after a failed publish; doubles per attempt up to `maxRetryMs`. */
  retryBaseMs?: number;
  maxRetryMs?: number;
  /** Published rows are kept this long for inspection, then pruned. */
  keepPublishedMs?: number;
}

/**
 * Publishes outbox rows in commit order, with the event id as `Nats-Msg-Id`, and marks them
 * published once JetStream has acknowledged them. A crash between publish and mark republishes the
 * same ids, which the stream's de-duplication window drops: nothing is lost or published twice.
 * One replica at a time relays, under a lease, so that order holds with several replicas running.
 */
export class OutboxRelay {
  readonly #o: Required<Omit<OutboxRelayOptions, 'clock'>> & { clock: Clock };
  #running: Promise<void> | undefined;
  #stopping = false;
  #wake: (() => void) | undefined;
  #lastPrune = 0;
  #published = 0;

  constructor(options: OutboxRelayOptions) {
    this.#o = {
      clock: systemClock,
      batchSize: 256,
      idleMs: 100,
      leaseTtlMs: 10_000,
      retryBaseMs: 500,
      maxRetryMs: 60_000,
      keepPublishedMs: 24 * 3600_000,
      ...options,
    };
  }

  /** Messages this relay has published since it started. */
  get published(): number {
    return this.#published;
  }

  start(): void {
    this.#running ??= this.#loop().catch((err: unknown) => {
      this.#o.logger.fatal({ err }, 'outbox relay stopped unexpectedly');
    });
  }

  /** Wakes the relay now, for example right after a commit, instead of at the next poll. */
  notify(): void {
    this.#wake?.();
  }

  /** Finishes the round in progress, then stops and gives up the lease. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.notify();
    await this.#running;
    await this.#o.store.releaseLease('outbox-relay', this.#o.holder).catch(() => undefined);
  }

  async #sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#wake = undefined;
  }

  async #loop(): Promise<void> {
    const { store, logger, holder, leaseTtlMs, idleMs } = this.#o;
    let leaseRenewedAt = 0;
    while (!this.#stopping) {
      try {
        const now = this.#o.clock.now();
        if (now.getTime() - leaseRenewedAt > leaseTtlMs / 3) {
          if (!(await store.acquireLease('outbox-relay', holder, leaseTtlMs, now))) {
            leaseRenewedAt = 0;
            await this.#sleep(leaseTtlMs / 3);
            continue;
          }
          leaseRenewedAt = now.getTime();
        }
        const sent = await this.#round(now);
        if (sent === 0) {
          await this.#maybePrune(now);
          await this.#sleep(idleMs);
        }
      } catch (err) {
        logger.error({ err }, 'outbox relay round failed; retrying');
        await this.#sleep(Math.min(this.#o.maxRetryMs, 1000));
      }
    }
  }

  /** Publishes one batch; returns how many were published. */
  async #round(now: Date): Promise<number> {
    const { store, publish, batchSize, logger } = this.#o;
    const batch = await store.outbox.pending(batchSize, now);
    if (batch.length === 0) return 0;
    // Issued back to back on one connection, so JetStream stores them in commit order.
    const results = await Promise.allSettled(batch.map((m) => publish(m.subject, m.payload, m.id)));
    const done: string[] = [];
    for (const [i, result] of results.entries()) {
      const message = batch[i];
      if (!message) continue;
      if (result.status === 'fulfilled') {
        done.push(message.id);
      } else {
        const reason: unknown = result.reason;
        const error = reason instanceof Error ? reason.message : String(reason);
        const delay = Math.min(this.#o.maxRetryMs, this.#o.retryBaseMs * 2 ** message.attempts);
        const jittered = delay / 2 + Math.random() * (delay / 2);
        logger.warn(
          { eventId: message.id, attempts: message.attempts + 1, error },
          'publish failed',
        );
        await store.outbox.markFailed(message.id, error, new Date(now.getTime() + jittered));
      }
    }
    if (done.length > 0) await store.outbox.markPublished(done, this.#o.clock.now());
    this.#published += done.length;
    return done.length;
  }

  async #maybePrune(now: Date): Promise<void> {
    if (now.getTime() - this.#lastPrune < 10 * 60_000) return;
    this.#lastPrune = now.getTime();
    const pruned = await this.#o.store.outbox.prune(
      new Date(now.getTime() - this.#o.keepPublishedMs),
    );
    if (pruned > 0) this.#o.logger.debug({ pruned }, 'pruned published outbox rows');
  }
}

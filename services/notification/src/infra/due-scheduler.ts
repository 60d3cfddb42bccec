import type { BusNames } from '@pcn/events';
import type { Clock, Logger } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import { dueDigestDay, newDelivery } from '../app/delivery-policy.js';
import { DEFAULT_TIME_ZONE } from '../app/quiet-hours.js';
import { workItems } from './fanout-runner.js';
import { deliveriesCollection, digestEntriesCollection } from './notification.collections.js';
import type { DeliveryRecord, DigestEntry } from './notification.records.js';

export interface DueSchedulerOptions {
  store: Store;
  names: BusNames;
  logger: Logger;
  clock: Clock;
  holder: string;
  intervalMs: number;
  /** Local time (`HH:MM`, Asia/Ho_Chi_Minh) daily digests go out. */
  digestAt: string;
  onCommit: () => void;
  /** Housekeeping run at most once a minute under the same lease (erasing stale sign-ups). */
  housekeeping?: () => Promise<unknown>;
}

const BATCH = 500;

/**
 * Puts deliveries back on their channel's queue when their time comes: deferred ones when quiet
 * hours end, failed attempts when their backoff has passed; and turns each due daily digest
 * bundle into one delivery. One replica at a time, under a lease; state lives in the store, so
 * nothing waits in memory and a restart loses nothing.
 */
export class DueScheduler {
  readonly #o: DueSchedulerOptions;
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<void> | undefined;
  #housekeptAt = 0;

  constructor(options: DueSchedulerOptions) {
    this.#o = options;
  }

  start(): void {
    this.#timer = setInterval(() => void this.tick(), this.#o.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#tick;
    await this.#o.store.releaseLease('notification-due', this.#o.holder).catch(() => undefined);
  }

  /** One pass; overlapping calls share the running one. */
  tick(): Promise<void> {
    this.#tick ??= this.#run()
      .catch((err: unknown) => this.#o.logger.error({ err }, 'due scheduler pass failed'))
      .finally(() => (this.#tick = undefined));
    return this.#tick;
  }

  async #run(): Promise<void> {
    const { store, holder, clock, intervalMs } = this.#o;
    const now = clock.now();
    if (
      !(await store.acquireLease('notification-due', holder, Math.max(10_000, intervalMs * 5), now))
    )
      return;
    while ((await this.#requeue(now)) === BATCH);
    while ((await this.#digests(now)) > 0);
    if (this.#o.housekeeping && now.getTime() - this.#housekeptAt >= 60_000) {
      this.#housekeptAt = now.getTime();
      await this.#o.housekeeping();
    }
  }

  async #requeue(now: Date): Promise<number> {
    const { store, names, onCommit } = this.#o;
    const page = await store.collection<DeliveryRecord>(deliveriesCollection).find({
      filter: { retry_at: { $lte: now.toISOString() } },
      sort: [{ field: 'retry_at', direction: 'asc' }],
      limit: BATCH,
    });
    if (page.items.length === 0) return 0;
    const at = now.toISOString();
    await store.transaction(async (tx) => {
      const deliveries = tx.collection<DeliveryRecord>(deliveriesCollection);
      for (const d of page.items)
        await deliveries.update({ ...d, state: 'queued', retryAt: null, updatedAt: at });
      await tx.enqueue(workItems(names, page.items, `due-${now.getTime()}`));
    });
    onCommit();
    return page.items.length;
  }

  /** Flushes due digest bundles; returns how many entries it took. */
  async #digests(now: Date): Promise<number> {
    const { store, names, onCommit, digestAt } = this.#o;
    const due = dueDigestDay(now, digestAt, DEFAULT_TIME_ZONE);
    const page = await store.collection<DigestEntry>(digestEntriesCollection).find({
      filter: { day: { $lte: due } },
      sort: [{ field: 'bundle', direction: 'asc' }],
      limit: 1000,
    });
    if (page.items.length === 0) return 0;
    // Whole bundles only: the last one may continue on the next page.
    const entries = page.nextCursor
      ? page.items.filter((e) => e.bundle !== page.items.at(-1)?.bundle)
      : page.items;
    const taken = entries.length > 0 ? entries : page.items;
    const bundles = new Map<string, DigestEntry[]>();
    for (const e of taken) bundles.set(e.bundle, [...(bundles.get(e.bundle) ?? []), e]);
    const at = now.toISOString();
    const created: DeliveryRecord[] = [];
    await store.transaction(async (tx) => {
      const deliveries = tx.collection<DeliveryRecord>(deliveriesCollection);
      const digestEntries = tx.collection<DigestEntry>(digestEntriesCollection);
      for (const [bundle, list] of bundles) {
        const first = list[0] as DigestEntry;
        const last = list.at(-1) as DigestEntry;
        // The day's digest; entries that arrive after it went out (a fan-out batch that straddled
        // the send time, a bundle past one page) make a follow-up, never vanish.
        const id = (await deliveries.get(`digest:${bundle}`))
          ? `digest:${bundle}:${last.eventId}`
          : `digest:${bundle}`;
        const delivery = newDelivery(
          {
            id,
            kind: 'digest',
            sourceEventId: last.eventId,
            eventType: last.eventType,
            subscriberId: first.subscriberId,
            channel: first.channel,
            eventIds: list.map((e) => e.eventId),
          },
          at,
        );
        await deliveries.insert(delivery);
        created.push(delivery);
        for (const e of list) await digestEntries.delete(e.id);
      }
      await tx.enqueue(workItems(names, created, 'digest'));
    });
    onCommit();
    return taken.length;
  }
}

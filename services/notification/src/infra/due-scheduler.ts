import type { BusNames } from '@pcn/events';
import { ConflictError, type Clock, type Logger } from '@pcn/platform';
import type { Collection, Store, Stored } from '@pcn/storage';
import {
  DEFAULT_REDRIVE_AFTER_MS,
  dueDigestDay,
  newDelivery,
  redriveAt,
} from '../app/delivery-policy.js';
import { DEFAULT_TIME_ZONE } from '../app/quiet-hours.js';
import { plannedWorkItem, workItems } from './work-items.js';
import {
  deliveriesCollection,
  digestEntriesCollection,
  plannedWorkCollection,
} from './notification.collections.js';
import type { DeliveryRecord, DigestEntry, PlannedWorkRecord } from '../app/notification.ports.js';
import { isStoreUnavailable, type StoreOutage } from '@pcn/service-kit';

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
  /** How long queued work may wait for a worker before it is queued again; default 15 min. */
  redriveAfterMs?: number;
  /** While the store is known to be unavailable, passes are skipped. */
  outage?: StoreOutage;
}

const BATCH = 500;

/** Applies a versioned update unless someone changed the record meanwhile; true if applied. */
async function updateUnlessChanged<T extends { id: string }>(
  coll: Collection<T>,
  changed: Stored<T>,
): Promise<boolean> {
  try {
    await coll.update(changed);
    return true;
  } catch (err) {
    if (err instanceof ConflictError) return false;
    throw err;
  }
}

/**
 * Puts deliveries back on their channel's queue when their time comes: deferred ones when quiet
 * hours end, failed attempts when their backoff has passed, and queued work no worker handled by
 * its due time (its work item was lost, say dead-lettered during a store outage); and turns each
 * due daily digest bundle into one delivery. One replica at a time, under a lease; state lives in
 * the store, so nothing waits in memory and a restart loses nothing.
 */
export class DueScheduler {
  readonly #options: DueSchedulerOptions;
  #timer: NodeJS.Timeout | undefined;
  #tick: Promise<void> | undefined;
  #housekeptAt = 0;

  constructor(options: DueSchedulerOptions) {
    this.#options = options;
  }

  start(): void {
    this.#timer = setInterval(() => void this.tick(), this.#options.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#tick;
    await this.#options.store
      .releaseLease('notification-due', this.#options.holder)
      .catch(() => undefined);
  }

  /** One pass; overlapping calls share the running one. */
  tick(): Promise<void> {
    const { outage, logger } = this.#options;
    // Each try at a locked SQLite file blocks for its busy timeout: wait for the outage's probe.
    if (outage?.down) return Promise.resolve();
    this.#tick ??= this.#run()
      .catch((err: unknown) => {
        if (isStoreUnavailable(err)) {
          outage?.report(err);
          logger.warn({ err }, 'due scheduler: store unavailable; will run again once it is back');
        } else logger.error({ err }, 'due scheduler pass failed');
      })
      .finally(() => (this.#tick = undefined));
    return this.#tick;
  }

  async #run(): Promise<void> {
    const { store, holder, clock, intervalMs } = this.#options;
    const now = clock.now();
    if (
      !(await store.acquireLease('notification-due', holder, Math.max(10_000, intervalMs * 5), now))
    )
      return;
    while ((await this.#requeue(now)) === BATCH);
    while ((await this.#redrive(now)) === BATCH);
    while ((await this.#redrivePlanned(now)) === BATCH);
    while ((await this.#digests(now)) > 0);
    if (this.#options.housekeeping && now.getTime() - this.#housekeptAt >= 60_000) {
      this.#housekeptAt = now.getTime();
      await this.#options.housekeeping();
    }
  }

  async #requeue(now: Date): Promise<number> {
    const { store, names, onCommit } = this.#options;
    const page = await store.collection<DeliveryRecord>(deliveriesCollection).find({
      filter: { retry_at: { $lte: now.toISOString() } },
      sort: [{ field: 'retry_at', direction: 'asc' }],
      limit: BATCH,
    });
    if (page.items.length === 0) return 0;
    const at = now.toISOString();
    await store.transaction(async (tx) => {
      const deliveries = tx.collection<DeliveryRecord>(deliveriesCollection);
      const queued: DeliveryRecord[] = [];
      for (const d of page.items) {
        const next = { ...d, state: 'queued' as const, retryAt: null, updatedAt: at };
        if (await updateUnlessChanged(deliveries, { ...next, redriveAt: this.#redriveAt(now, d) }))
          queued.push(d);
      }
      await tx.enqueue(workItems(names, queued, `due-${now.getTime()}`));
    });
    onCommit();
    return page.items.length;
  }

  #redriveAt(now: Date, d: Pick<DeliveryRecord, 'createdAt'>): string {
    return redriveAt(now, d.createdAt, this.#options.redriveAfterMs ?? DEFAULT_REDRIVE_AFTER_MS);
  }

  /**
   * Queued deliveries that waited for a worker past their due time: queued again, with a later
   * one. A copy of work that was only slow is harmless: workers touch queued deliveries only, and
   * whichever copy comes first settles them. Records that moved on keep no due time.
   */
  async #redrive(now: Date): Promise<number> {
    const { store, names, onCommit } = this.#options;
    const page = await store.collection<DeliveryRecord>(deliveriesCollection).find({
      filter: { redrive_at: { $lte: now.toISOString() } },
      sort: [{ field: 'redrive_at', direction: 'asc' }],
      limit: BATCH,
    });
    if (page.items.length === 0) return 0;
    await store.transaction(async (tx) => {
      const deliveries = tx.collection<DeliveryRecord>(deliveriesCollection);
      const again: DeliveryRecord[] = [];
      for (const d of page.items) {
        const waiting = d.state === 'queued' && d.retryAt === null;
        const redrive = waiting ? this.#redriveAt(now, d) : null;
        if ((await updateUnlessChanged(deliveries, { ...d, redriveAt: redrive })) && waiting)
          again.push(d);
      }
      await tx.enqueue(workItems(names, again, `redrive-${now.getTime()}`));
    });
    if (page.items.some((d) => d.state === 'queued'))
      this.#options.logger.warn(
        { deliveries: page.items.length },
        'queued deliveries not handled by their due time; queued again',
      );
    onCommit();
    return page.items.length;
  }

  /** Planned work no worker finished by its due time: queued again, with a later due time. */
  async #redrivePlanned(now: Date): Promise<number> {
    const { store, names, onCommit, logger } = this.#options;
    const page = await store.collection<PlannedWorkRecord>(plannedWorkCollection).find({
      filter: { redrive_at: { $lte: now.toISOString() } },
      sort: [{ field: 'redrive_at', direction: 'asc' }],
      limit: BATCH,
    });
    if (page.items.length === 0) return 0;
    await store.transaction(async (tx) => {
      const planned = tx.collection<PlannedWorkRecord>(plannedWorkCollection);
      const items = [];
      for (const w of page.items) {
        if (await updateUnlessChanged(planned, { ...w, redriveAt: this.#redriveAt(now, w) }))
          items.push(plannedWorkItem(names, w, `${w.id}:redrive-${now.getTime()}`));
      }
      await tx.enqueue(items);
    });
    logger.warn(
      { items: page.items.length },
      'planned work not recorded by its due time; queued again',
    );
    onCommit();
    return page.items.length;
  }

  /** Flushes due digest bundles; returns how many entries it took. */
  async #digests(now: Date): Promise<number> {
    const { store, names, onCommit, digestAt } = this.#options;
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
        delivery.redriveAt = this.#redriveAt(now, delivery);
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

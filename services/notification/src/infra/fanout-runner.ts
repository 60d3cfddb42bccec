import type { BusNames, EventEnvelope } from '@pcn/events';
import { ConflictError, type Clock, type Logger } from '@pcn/platform';
import type { Store, Stored, Transaction } from '@pcn/storage';
import { audiencePasses, channelsFor, firstPassOf } from '../app/audience.js';
import { DEFAULT_REDRIVE_AFTER_MS, digestDay, redriveAt } from '../app/delivery-policy.js';
import { audienceOf, type NotifiableEventType } from '../app/notifiable-events.js';
import type { Channel } from '../app/notification.model.js';
import { DEFAULT_TIME_ZONE } from '../app/quiet-hours.js';
import { isStoreUnavailable, type StoreOutage } from './store-outage.js';
import {
  digestEntriesCollection,
  fanoutsCollection,
  plannedWorkCollection,
  subscribersCollection,
  unitsCollection,
} from './notification.collections.js';
import type {
  DeliveryRecord,
  DigestEntry,
  FanoutRecord,
  PlannedWorkRecord,
  SendWork,
  SubscriberRecord,
  UnitRecord,
} from '../app/notification.ports.js';

/** Channels that bundle into a daily digest when the subscriber asks for one. */
const DIGEST_CHANNELS: ReadonlySet<Channel> = new Set(['email', 'sms', 'zalo']);
/** Deliveries per work item: big enough to amortise a message, small enough to retry cheaply. */
export const WORK_ITEM_SIZE = 1000;

export interface FanoutRunnerOptions {
  store: Store;
  names: BusNames;
  logger: Logger;
  clock: Clock;
  holder: string;
  /** Subscribers read per batch (one transaction each). */
  batchSize: number;
  /** Local time (`HH:MM`, Asia/Ho_Chi_Minh) daily digests go out. */
  digestAt: string;
  /** Called after each committed batch, so the relay publishes its work items at once. */
  onCommit: () => void;
  /** How often to look for unfinished fan-outs when not told (a crash-left one, another replica's). */
  pollMs?: number;
  /** How long planned work may wait for a worker before it is queued again; default 15 min. */
  redriveAfterMs?: number;
  /** While the store is known to be unavailable, runs wait for it to be back. */
  outage?: StoreOutage;
}

/**
 * Turns notifiable events into planned deliveries. The consumer records each event as a fan-out
 * (once, through the inbox); this runner then streams the audience from the store in batches, and
 * for every batch commits, in one transaction: the work items for the channel queues (an event and
 * its subscribers), a planned-work record for each of them, the digest entries, and the fan-out's
 * cursor. A crash or a store outage between batches resumes after the last committed one, so
 * nobody is planned twice and no subscriber is ever loaded all at once. The channel workers record
 * each delivery, keyed by event, subscriber and channel, when they attempt it, and then drop the
 * planned-work record; one still there past its due time (its work item was lost) is queued again
 * by the due scheduler. A lease per fan-out keeps replicas apart.
 */
export class FanoutRunner {
  readonly #o: FanoutRunnerOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopping = false;
  #resumeQueued = false;

  constructor(options: FanoutRunnerOptions) {
    this.#o = options;
  }

  /** Records an event for fan-out, in the consumer's transaction. */
  static async record(
    tx: Transaction,
    event: EventEnvelope,
    type: NotifiableEventType,
    now: Date,
  ): Promise<void> {
    const audience = audienceOf(type, event.data);
    const units = tx.collection<UnitRecord>(unitsCollection);
    const ancestors = new Set<string>();
    for (const id of audience.targetUnitIds) {
      const unit = await units.get(id);
      // A unit the directory has not pushed yet still matches its own followers.
      for (const a of unit?.path ?? [id]) ancestors.add(a);
    }
    const record: FanoutRecord = {
      id: event.id,
      event,
      audience,
      ancestors: [...ancestors].sort(),
      status: 'running',
      pass: 0,
      after: null,
      counts: { subscribers: 0, deliveries: 0, digest: 0 },
      createdAt: now.toISOString(),
      completedAt: null,
    };
    await tx.collection<FanoutRecord>(fanoutsCollection).insert(record);
  }

  start(): void {
    this.#timer = setInterval(() => this.kick(), this.#o.pollMs ?? 2000);
    this.kick();
  }

  /** Runs unfinished fan-outs now (again, if a run is in progress). */
  kick(): void {
    if (this.#stopping) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    const { outage, logger } = this.#o;
    // Each try at a locked SQLite file blocks for its busy timeout: wait for the outage's probe,
    // then carry on from the fan-outs' cursors.
    if (outage?.down) {
      if (!this.#resumeQueued) {
        this.#resumeQueued = true;
        void outage.back().then(() => {
          this.#resumeQueued = false;
          this.kick();
        });
      }
      return;
    }
    this.#running = this.#runAll()
      .catch((err: unknown) => {
        if (isStoreUnavailable(err)) {
          outage?.report(err);
          logger.warn({ err }, 'fan-out: store unavailable; will resume once it is back');
        } else logger.error({ err }, 'fan-out run failed; will retry');
      })
      .finally(() => {
        this.#running = undefined;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#timer);
    await this.#running;
  }

  /** Resolves when no fan-out is running or left (for tests and the benchmark). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #runAll(): Promise<void> {
    const { store } = this.#o;
    const fanouts = store.collection<FanoutRecord>(fanoutsCollection);
    const page = await fanouts.find({ filter: { status: 'running' }, limit: 50 });
    for (const fanout of page.items) {
      if (this.#stopping) return;
      await this.#run(fanout.id);
    }
  }

  async #run(id: string): Promise<void> {
    const { store, holder, logger } = this.#o;
    const lease = `fanout:${id}`;
    const leaseMs = 30_000;
    if (!(await store.acquireLease(lease, holder, leaseMs, this.#o.clock.now()))) return;
    try {
      let done = false;
      while (!done && !this.#stopping) {
        if (!(await store.acquireLease(lease, holder, leaseMs, this.#o.clock.now()))) return;
        done = await this.#batch(id);
        // SQLite calls complete synchronously: without a turn of the event loop between
        // batches, a big fan-out would keep the channel workers (NATS I/O) waiting until it ends.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (done) logger.info({ eventId: id }, 'fan-out complete');
    } catch (err) {
      if (err instanceof ConflictError) return; // another replica moved it on
      throw err;
    } finally {
      await store.releaseLease(lease, holder).catch(() => undefined);
    }
  }

  /** One batch of subscribers; returns true when the fan-out is complete. */
  async #batch(id: string): Promise<boolean> {
    const { store, names, batchSize, clock, onCommit, digestAt } = this.#o;
    const fanouts = store.collection<FanoutRecord>(fanoutsCollection);
    const fanout = await fanouts.get(id);
    if (!fanout || fanout.status !== 'running') return true;
    const now = clock.now();
    const passes = audiencePasses(fanout.audience, fanout.ancestors);
    const pass = passes[fanout.pass];
    if (!pass) {
      await fanouts.update({ ...fanout, status: 'done', completedAt: now.toISOString() });
      return true;
    }
    const page = await store.collection<SubscriberRecord>(subscribersCollection).find({
      filter: pass.filter,
      limit: batchSize,
      after: fanout.after,
    });
    // Deliveries are recorded by the channel workers with their outcome (one write each); the
    // fan-out only plans them: per channel, the subscribers to reach.
    const planned = new Map<Channel, string[]>();
    let deliveries = 0;
    const digest: DigestEntry[] = [];
    let matched = 0;
    const event = fanout.event;
    const at = now.toISOString();
    for (const subscriber of page.items) {
      if (firstPassOf(passes, subscriber) !== fanout.pass) continue;
      const channels = channelsFor(subscriber, fanout.audience);
      if (channels.length > 0) matched += 1;
      for (const channel of channels) {
        if (subscriber.digest === 'daily' && DIGEST_CHANNELS.has(channel)) {
          const day = digestDay(now, digestAt, DEFAULT_TIME_ZONE);
          const bundle = `${day}:${subscriber.id}:${channel}`;
          digest.push({
            id: `${bundle}:${event.id}`,
            bundle,
            day,
            subscriberId: subscriber.id,
            channel,
            eventId: event.id,
            eventType: event.type,
            createdAt: at,
          });
          continue;
        }
        const list = planned.get(channel) ?? [];
        list.push(subscriber.id);
        planned.set(channel, list);
        deliveries += 1;
      }
    }
    const next: Stored<FanoutRecord> = {
      ...fanout,
      pass: page.nextCursor ? fanout.pass : fanout.pass + 1,
      after: page.nextCursor,
      counts: {
        subscribers: fanout.counts.subscribers + matched,
        deliveries: fanout.counts.deliveries + deliveries,
        digest: fanout.counts.digest + digest.length,
      },
    };
    const redrive = redriveAt(now, at, this.#o.redriveAfterMs ?? DEFAULT_REDRIVE_AFTER_MS);
    const records = plannedWork(event.id, planned, at, redrive);
    await store.transaction(async (tx) => {
      // The version check makes a second runner's batch (after a lost lease) roll back whole.
      await tx.collection<FanoutRecord>(fanoutsCollection).update(next);
      if (digest.length > 0)
        await tx.collection<DigestEntry>(digestEntriesCollection).insertMany(digest);
      if (records.length > 0)
        await tx.collection<PlannedWorkRecord>(plannedWorkCollection).insertMany(records);
      await tx.enqueue(records.map((r) => plannedWorkItem(names, r, r.id)));
    });
    onCommit();
    return false;
  }
}

/** The id of planned work, derived from its contents; also its work item's Msg-Id. */
export function plannedWorkId(channel: Channel, eventId: string, subscriberIds: readonly string[]) {
  return `work:fanout:${channel}:${eventId}:${subscriberIds[0]}:${subscriberIds.length}`;
}

/** Planned deliveries as records: per channel, an event and up to `WORK_ITEM_SIZE` subscribers. */
export function plannedWork(
  eventId: string,
  planned: ReadonlyMap<Channel, readonly string[]>,
  createdAt: string,
  redriveAt: string,
): PlannedWorkRecord[] {
  const out: PlannedWorkRecord[] = [];
  for (const [channel, subscriberIds] of planned) {
    for (let i = 0; i < subscriberIds.length; i += WORK_ITEM_SIZE) {
      const chunk = subscriberIds.slice(i, i + WORK_ITEM_SIZE);
      out.push({
        id: plannedWorkId(channel, eventId, chunk),
        eventId,
        channel,
        subscriberIds: chunk,
        createdAt,
        redriveAt,
      });
    }
  }
  return out;
}

/**
 * The work item for planned work. `msgId` is its id the first time, so the same work published
 * twice is de-duplicated by JetStream; a re-drive gives a new one.
 */
export function plannedWorkItem(
  names: BusNames,
  work: Pick<PlannedWorkRecord, 'eventId' | 'channel' | 'subscriberIds'>,
  msgId: string,
): { id: string; subject: string; payload: string } {
  const payload: SendWork = { eventId: work.eventId, subscriberIds: work.subscriberIds };
  return {
    id: msgId,
    subject: names.workSubject('notification', work.channel),
    payload: JSON.stringify(payload),
  };
}

/**
 * Groups recorded deliveries into work items per channel queue. Ids derive from the deliveries and `tag`,
 * so the same work published twice is de-duplicated by JetStream.
 */
export function workItems(
  names: BusNames,
  deliveries: readonly Pick<DeliveryRecord, 'id' | 'channel'>[],
  tag: string,
): { id: string; subject: string; payload: string }[] {
  const byChannel = new Map<Channel, string[]>();
  for (const d of deliveries) {
    const list = byChannel.get(d.channel) ?? [];
    list.push(d.id);
    byChannel.set(d.channel, list);
  }
  const out: { id: string; subject: string; payload: string }[] = [];
  for (const [channel, ids] of byChannel) {
    for (let i = 0; i < ids.length; i += WORK_ITEM_SIZE) {
      const chunk = ids.slice(i, i + WORK_ITEM_SIZE);
      const work: SendWork = { deliveryIds: chunk };
      out.push({
        id: `work:${tag}:${channel}:${chunk[0]}:${chunk.length}`,
        subject: names.workSubject('notification', channel),
        payload: JSON.stringify(work),
      });
    }
  }
  return out;
}

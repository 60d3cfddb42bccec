import type { BusNames, EventEnvelope } from '@pcn/events';
import { currentTraceparent } from '@pcn/platform';
import type { Store, Transaction } from '@pcn/storage';
import { audienceOf, type NotifiableEventType } from '../app/notifiable-events.js';
import type {
  DigestEntry,
  FanoutRecord,
  FanoutRepository,
  PlannedWorkRecord,
  SubscriberRecord,
  UnitRecord,
} from '../app/notification.ports.js';
import {
  digestEntriesCollection,
  fanoutsCollection,
  plannedWorkCollection,
  subscribersCollection,
  unitsCollection,
} from './notification.collections.js';
import { plannedWorkItem } from './work-items.js';

/** The fan-out runner's storage, on the storage contract. */
export function createFanoutRepository(store: Store, names: BusNames): FanoutRepository {
  const fanouts = store.collection<FanoutRecord>(fanoutsCollection);
  const subscribers = store.collection<SubscriberRecord>(subscribersCollection);
  return {
    async runningFanouts(limit) {
      return (await fanouts.find({ filter: { status: 'running' }, limit })).items;
    },
    getFanout: (id) => fanouts.get(id),
    audiencePage: (filter, limit, after) => subscribers.find({ filter, limit, after }),
    async completeFanout(fanout, at) {
      await fanouts.update({ ...fanout, status: 'done', completedAt: at });
    },
    async commitBatch(next, digest, planned) {
      await store.transaction(async (tx) => {
        await tx.collection<FanoutRecord>(fanoutsCollection).update(next);
        if (digest.length > 0)
          await tx.collection<DigestEntry>(digestEntriesCollection).insertMany(digest);
        if (planned.length > 0)
          await tx.collection<PlannedWorkRecord>(plannedWorkCollection).insertMany(planned);
        await tx.enqueue(planned.map((r) => plannedWorkItem(names, r, r.id)));
      });
    },
  };
}

/**
 * Records an event for fan-out, in the consumer's transaction, with its target units and all
 * their ancestors as the unit tree has them now.
 */
export async function recordFanout(
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
  const fanout: FanoutRecord = {
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
  const traceparent = currentTraceparent();
  if (traceparent !== undefined) fanout.traceparent = traceparent;
  await tx.collection<FanoutRecord>(fanoutsCollection).insert(fanout);
}

import { toOutboxMessage, type BusNames } from '@pcn/events';
import { ConflictError } from '@pcn/platform';
import type {
  Collection,
  DocumentBase,
  FieldCondition,
  Filter,
  Store,
  Stored,
  Transaction,
} from '@pcn/storage';
import { DEFAULT_REDRIVE_AFTER_MS, redriveAt } from '../app/delivery-policy.js';
import type { Channel, Delivery, InboxItem } from '../app/notification.model.js';
import type {
  AlertRecord,
  NotificationRepository,
  ReplyOptOutRecord,
  SubscriberRecord,
  UnitRecord,
  Writes,
} from '../app/notification.ports.js';
import type { ReplyRecord } from '../app/reply-plan.js';
import type { Verification } from '../app/verification.js';
import type { CapWindow } from '../app/verification-caps.js';
import { workItems } from './work-items.js';
import {
  alertsCollection,
  deliveriesCollection,
  inboxCollection,
  repliesCollection,
  replyOptOutsCollection,
  subscribersCollection,
  unitsCollection,
  verificationCapsCollection,
  verificationsCollection,
} from './notification.collections.js';

async function all<T extends DocumentBase>(
  coll: Collection<T>,
  filter: Filter,
  cap = 10_000,
): Promise<Stored<T>[]> {
  const out: Stored<T>[] = [];
  let after: string | null = null;
  do {
    const page = await coll.find({ filter, limit: 1000, after });
    out.push(...page.items);
    after = page.nextCursor;
  } while (after && out.length < cap);
  return out;
}

/** Subscribers holding any of these contact keys, each once. */
async function byContact(
  coll: Collection<SubscriberRecord>,
  keys: readonly string[],
): Promise<Stored<SubscriberRecord>[]> {
  if (keys.length === 0) return [];
  const filter =
    keys.length === 1 ? { contact_keys: keys[0] as string } : { contact_keys: { $in: [...keys] } };
  return all(coll, filter, 1000);
}

/**
 * Inserts deliveries in `tx` and puts them on their channel queues (through the outbox). Queued
 * work always has a due time: should its work item be lost, it goes out again.
 */
export async function queueDeliveries(
  tx: Transaction,
  names: BusNames,
  list: readonly Delivery[],
  redriveAfterMs: number,
): Promise<void> {
  if (list.length === 0) return;
  await tx.collection<Delivery>(deliveriesCollection).insertMany(
    list.map((d) => ({
      ...d,
      redriveAt: redriveAt(new Date(d.createdAt), d.createdAt, redriveAfterMs),
    })),
  );
  await tx.enqueue(workItems(names, list, 'direct'));
}

function keepIfMoved(err: unknown): false {
  if (err instanceof ConflictError) return false;
  throw err;
}

/** The use cases' storage, on the storage contract (SQLite or MongoDB). */
export function createNotificationRepository(
  store: Store,
  names: BusNames,
  onCommit: () => void,
  options: {
    /** How long queued deliveries may wait for a worker before being queued again. */
    redriveAfterMs?: number;
  } = {},
): NotificationRepository {
  const redriveAfterMs = options.redriveAfterMs ?? DEFAULT_REDRIVE_AFTER_MS;
  const subscribers = store.collection<SubscriberRecord>(subscribersCollection);
  const verifications = store.collection<Verification>(verificationsCollection);
  const deliveries = store.collection<Delivery>(deliveriesCollection);
  const inbox = store.collection<InboxItem>(inboxCollection);
  const units = store.collection<UnitRecord>(unitsCollection);
  const caps = store.collection<CapWindow>(verificationCapsCollection);
  const alerts = store.collection<AlertRecord>(alertsCollection);

  function writes(tx: Transaction): Writes {
    const subs = tx.collection<SubscriberRecord>(subscribersCollection);
    const vers = tx.collection<Verification>(verificationsCollection);
    const dels = tx.collection<Delivery>(deliveriesCollection);
    const capWindows = tx.collection<CapWindow>(verificationCapsCollection);
    return {
      getSubscriber: (id) => subs.get(id),
      subscribersByContact: (keys) => byContact(subs, keys),
      guard: (key) => tx.guard(key),
      async openVerifications(subscriberId) {
        const list = await all(vers, { subscriber_id: subscriberId }, 1000);
        return list.filter((v) => v.usedAt === null && !v.supersededAt);
      },
      capWindow: (id) => capWindows.get(id),
      async saveCapWindow(w) {
        if ('version' in w) await capWindows.update(w);
        else await capWindows.insert(w);
      },
      async insertSubscriber(s) {
        await subs.insert(s);
      },
      async updateSubscriber(s) {
        return subs.update(s);
      },
      async deleteSubscriber(id) {
        await subs.delete(id);
      },
      async insertVerification(v) {
        await vers.insert(v);
      },
      async updateVerification(v) {
        await vers.update(v);
      },
      async deleteVerificationsOf(subscriberId) {
        for (const v of await all(vers, { subscriber_id: subscriberId })) await vers.delete(v.id);
      },
      async queueDeliveries(list) {
        await queueDeliveries(tx, names, list, redriveAfterMs);
      },
      async updateDelivery(d) {
        // Only work waiting in a queue keeps a due time to be driven again.
        const waiting = d.state === 'queued' && d.retryAt === null;
        await dels.update(waiting ? d : { ...d, redriveAt: null });
      },
      async updateInboxItem(i) {
        await tx.collection<InboxItem>(inboxCollection).update(i);
      },
      async putUnits(list) {
        const coll = tx.collection<UnitRecord>(unitsCollection);
        const changed: string[] = [];
        for (const unit of list) {
          const existing = await coll.get(unit.id);
          if (!existing) await coll.insert({ id: unit.id, path: unit.path });
          else if (existing.path.join('/') !== unit.path.join('/'))
            await coll.update({ ...existing, path: unit.path });
          else continue;
          changed.push(unit.id);
        }
        return changed;
      },
      async emit(events) {
        await tx.enqueue(events.map((e) => toOutboxMessage(names, e)));
      },
      async putReplyOptOut(r) {
        const refusals = tx.collection<ReplyOptOutRecord>(replyOptOutsCollection);
        if (!(await refusals.get(r.id))) await refusals.insert(r);
      },
      getReply: (id) => tx.collection<ReplyRecord>(repliesCollection).get(id),
      async updateReply(r) {
        await tx.collection<ReplyRecord>(repliesCollection).update(r);
      },
    };
  }

  return {
    getSubscriber: (id) => subscribers.get(id),
    subscribersByContact: (keys) => byContact(subscribers, keys),
    subscribersByUser: (userId) => all(subscribers, { user_id: userId }, 1000),
    scanReplies: (pageSize, after) =>
      store.collection<ReplyRecord>(repliesCollection).find({ limit: pageSize, after }),
    async unverifiedBefore(before, limit) {
      const page = await subscribers.find({
        filter: { status: 'pending', created_at: { $lt: before } },
        sort: [{ field: 'created_at', direction: 'asc' }],
        limit,
      });
      return page.items;
    },
    async listSubscribers(filter, first, after) {
      const f: Record<string, FieldCondition> = {};
      if (filter.status) f.status = filter.status;
      if (filter.unitId) f.unit_ids = filter.unitId;
      if (filter.unitIds) f.unit_ids = { $in: filter.unitIds };
      return subscribers.find({
        filter: f,
        sort: [{ field: 'created_at', direction: 'desc' }],
        limit: first,
        after,
      });
    },
    async unitPaths(ids) {
      const out = new Map<string, string[]>();
      for (const id of ids) {
        const unit = await units.get(id);
        if (unit) out.set(id, unit.path);
      }
      return out;
    },
    getVerification: (id) => verifications.get(id),
    async openVerification(subscriberId, channel: Channel) {
      const list = await all(verifications, { subscriber_id: subscriberId }, 1000);
      const open = list
        .filter((v) => v.channel === channel && v.usedAt === null && !v.supersededAt)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return open[0] ?? null;
    },
    async listInbox(userId, unreadOnly, first, after) {
      return inbox.find({
        filter: unreadOnly ? { user_id: userId, read_at: null } : { user_id: userId },
        sort: [{ field: 'created_at', direction: 'desc' }],
        limit: first,
        after,
      });
    },
    countUnread: (userId) => inbox.count({ user_id: userId, read_at: null }),
    async getInboxItems(ids) {
      if (ids.length === 0) return [];
      return (await inbox.find({ filter: { id: { $in: [...ids] } }, limit: 1000 })).items;
    },
    async listDeliveries(filter, first, after) {
      return deliveries.find({
        filter,
        sort: [{ field: 'created_at', direction: 'desc' }],
        limit: first,
        after,
      });
    },
    async countDeliveriesByState(filter) {
      const counts: Record<string, number> = {};
      for (const g of await deliveries.countBy('state', filter)) counts[String(g.key)] = g.count;
      return counts;
    },
    async pendingDeliveriesOf(subscriberId) {
      const list = await all(
        deliveries,
        { subscriber_id: subscriberId, state: { $in: ['queued', 'deferred'] } },
        10_000,
      );
      return list;
    },
    async deliveryByProviderId(channel, providerMessageId) {
      const page = await deliveries.find({
        filter: { provider_message_id: providerMessageId, channel },
        limit: 1,
      });
      return page.items[0] ?? null;
    },
    async listAlerts(limit) {
      const page = await alerts.find({
        sort: [{ field: 'created_at', direction: 'desc' }],
        limit,
      });
      return page.items;
    },
    async purgeCapWindows(before, limit) {
      const page = await caps.find({
        filter: { expires_at: { $lt: before } },
        sort: [{ field: 'expires_at', direction: 'asc' }],
        limit,
      });
      if (page.items.length === 0) return 0;
      await store.transaction(async (tx) => {
        const coll = tx.collection<CapWindow>(verificationCapsCollection);
        // At the version read: a window that took a send meanwhile is kept.
        for (const w of page.items) await coll.delete(w.id, w.version).catch(keepIfMoved);
      });
      return page.items.length;
    },
    async write(work) {
      const result = await store.transaction((tx) => work(writes(tx)));
      onCommit();
      return result;
    },
  };
}

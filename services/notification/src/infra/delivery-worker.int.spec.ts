import { BusNames, createEventFactory, type Bus } from '@pcn/events';
import { createLogger, systemClock } from '@pcn/platform';
import { holdWriteLock, openStore, type Store, type WriteLock } from '@pcn/storage';
import { tempDir, waitFor, type TempDir } from '@pcn/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DELIVERY_RULES, newDelivery } from '../app/delivery-policy.js';
import type { SubscriberRecord } from '../app/notification.ports.js';
import { seedSmsSubscribers } from '../testing/seed-subscribers.js';
import type { ChannelAdapter, OutboundMessage } from './channels/channel.js';
import { DeliveryWorker } from './delivery-worker.js';
import { plannedWorkId } from '../app/fanout-plan.js';
import {
  deliveriesCollection,
  plannedWorkCollection,
  subscribersCollection,
} from './notification.collections.js';
import type { DeliveryRecord, PlannedWorkRecord } from '../app/notification.ports.js';
import { storeOutage, type StoreOutage } from '@pcn/service-kit';

let dir: TempDir;
let store: Store;

beforeEach(async () => {
  dir = await tempDir();
  store = await openStore({ kind: 'sqlite', path: dir.file('notification.db') });
  await seedSmsSubscribers(store, 5);
});

afterEach(async () => {
  await store.close();
  await dir[Symbol.asyncDispose]();
});

const silent = createLogger({ service: 'test', version: '0', level: 'silent', pretty: false });

function worker(adapter: ChannelAdapter, outage?: StoreOutage): DeliveryWorker {
  return new DeliveryWorker({
    outage,
    channel: 'sms',
    store,
    names: new BusNames('wk'),
    // Dead letters go through JetStream only for failed deliveries; none fail here.
    js: {} as Bus['js'],
    events: createEventFactory('notification', systemClock),
    clock: systemClock,
    logger: silent,
    rules: DEFAULT_DELIVERY_RULES,
    composer: {
      compose: ({ delivery, contact }) =>
        Promise.resolve({
          deliveryId: delivery.id,
          channel: 'sms',
          to: contact.address,
          language: 'vi',
          subject: 'Mã xác nhận',
          text: 'Mã xác nhận PCN của bạn: 123456',
        }),
    },
    adapter,
    concurrency: 2,
    onCommit: () => undefined,
  });
}

/** A queued SMS verification for each seeded subscriber; the deliveries and their ids. */
async function queueVerifications() {
  const at = new Date().toISOString();
  const deliveries = store.collection<DeliveryRecord>(deliveriesCollection);
  const subs = await store.collection<SubscriberRecord>(subscribersCollection).find({});
  const ids = subs.items.map((s) => `verify:${s.id}`);
  await deliveries.insertMany(
    subs.items.map((s) =>
      newDelivery(
        {
          id: `verify:${s.id}`,
          kind: 'verification',
          sourceEventId: `v-${s.id}`,
          eventType: 'pcn.notification.verification',
          subscriberId: s.id,
          channel: 'sms',
        },
        at,
      ),
    ),
  );
  return { deliveries, ids };
}

describe('DeliveryWorker', () => {
  it('keeps the other outcomes when a delivery changes under it, and sends nothing twice', async () => {
    const { deliveries, ids } = await queueVerifications();
    const sent: string[] = [];
    const adapter: ChannelAdapter = {
      channel: 'sms',
      async send(message: OutboundMessage) {
        sent.push(message.deliveryId);
        // Meanwhile, an opt-out suppresses another delivery of the same work item.
        if (sent.length === 1) {
          const other = await deliveries.get(ids[3] as string);
          if (other)
            await deliveries.update({ ...other, state: 'suppressed', reason: 'opted_out' });
        }
        return { status: 'sent', providerMessageId: `p-${message.deliveryId}` };
      },
      close: () => Promise.resolve(),
    };
    const w = worker(adapter);
    await w.handle({ deliveryIds: ids });
    // The suppressed one was already in flight (it went out), but is not recorded over the
    // opt-out; the other four are recorded as sent, not rolled back with it.
    expect([...sent].sort()).toEqual([...ids].sort());
    const states = new Map(
      (await deliveries.find({ filter: { id: { $in: ids } } })).items.map((d) => [d.id, d.state]),
    );
    expect(states.get(ids[3] as string)).toBe('suppressed');
    expect([...states.values()].filter((s) => s === 'sent')).toHaveLength(4);
    // Handled again, as after a redelivery: nothing is sent twice.
    await w.handle({ deliveryIds: ids });
    expect(sent).toHaveLength(5);
  });

  it('holds its outcomes through a store outage and records them once it is back, sending nothing twice', async () => {
    const { deliveries, ids } = await queueVerifications();
    const sent: string[] = [];
    let locking: Promise<WriteLock> | undefined;
    const adapter: ChannelAdapter = {
      channel: 'sms',
      async send(message: OutboundMessage) {
        sent.push(message.deliveryId);
        // The store locks while the messages are out: their outcomes cannot be recorded.
        await (locking ??= holdWriteLock(dir.file('notification.db')));
        return { status: 'sent', providerMessageId: `p-${message.deliveryId}` };
      },
      close: () => Promise.resolve(),
    };
    const outage = storeOutage(store, 'test', silent);
    const w = worker(adapter, outage);
    let heartbeats = 0;
    const handled = w.handle({ deliveryIds: ids }, () => (heartbeats += 1));
    await waitFor(() => outage.down, { description: 'the outage to be seen' });
    // The same work again meanwhile (a redelivery): it leaves the held deliveries to the holder.
    const again = w.handle({ deliveryIds: ids });
    expect(heartbeats).toBeGreaterThan(0);
    await (await locking)?.release();
    await Promise.all([handled, again]);
    expect([...sent].sort()).toEqual([...ids].sort());
    const stored = (await deliveries.find({ filter: { id: { $in: ids } } })).items;
    expect(stored.map((d) => [d.state, d.attempts])).toEqual(ids.map(() => ['sent', 1]));
    // Redelivered after it all: nothing is sent twice.
    await w.handle({ deliveryIds: ids });
    expect(sent).toHaveLength(ids.length);
  }, 30_000);

  it('refuses a malformed work item with a permanent error, which is dead-lettered at once', async () => {
    const w = worker({
      channel: 'sms',
      send: () => Promise.reject(new Error('not called')),
      close: () => Promise.resolve(),
    });
    await expect(w.handle({ deliveryIds: 'not a list' })).rejects.toMatchObject({
      name: 'PermanentEventError',
    });
    await expect(
      w.handle({ deliveryIds: Array.from({ length: 1001 }, (_, i) => `d-${i}`) }),
    ).rejects.toMatchObject({ name: 'PermanentEventError' });
  });

  it('drops planned work for an event that is not stored, so it is not driven again forever', async () => {
    const w = worker({
      channel: 'sms',
      send: () => Promise.reject(new Error('not called')),
      close: () => Promise.resolve(),
    });
    const planned = store.collection<PlannedWorkRecord>(plannedWorkCollection);
    const work = { eventId: 'gone', subscriberIds: ['sub-0000001'] };
    const id = plannedWorkId('sms', work.eventId, work.subscriberIds);
    const at = new Date().toISOString();
    await planned.insert({ id, ...work, channel: 'sms', createdAt: at, redriveAt: at });
    await expect(w.handle(work)).rejects.toMatchObject({ name: 'PermanentEventError' });
    expect(await planned.get(id)).toBeNull();
  });
});

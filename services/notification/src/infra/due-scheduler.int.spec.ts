import { BusNames } from '@pcn/events';
import { createLogger } from '@pcn/platform';
import { openStore, type Store } from '@pcn/storage';
import { tempDir, type TempDir } from '@pcn/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newDelivery } from '../app/delivery-policy.js';
import { DueScheduler } from './due-scheduler.js';
import { plannedWorkId } from '../app/fanout-plan.js';
import {
  deliveriesCollection,
  notificationCollections,
  plannedWorkCollection,
} from './notification.collections.js';
import type { DeliveryRecord, PlannedWorkRecord, SendWork } from '../app/notification.ports.js';

const silent = createLogger({ service: 'test', version: '0', level: 'silent', pretty: false });
const names = new BusNames('due');
let dir: TempDir;
let store: Store;
let now = new Date('2026-03-02T03:00:00Z');

beforeEach(async () => {
  dir = await tempDir();
  store = await openStore({ kind: 'sqlite', path: dir.file('notification.db') });
  await store.migrate(notificationCollections);
});

afterEach(async () => {
  await store.close();
  await dir[Symbol.asyncDispose]();
});

function scheduler(): DueScheduler {
  return new DueScheduler({
    store,
    names,
    logger: silent,
    clock: { now: () => now },
    holder: 'test',
    intervalMs: 1000,
    digestAt: '18:00',
    onCommit: () => undefined,
    redriveAfterMs: 60_000,
  });
}

function delivery(id: string, fields: Partial<DeliveryRecord>): DeliveryRecord {
  return {
    ...newDelivery(
      {
        id,
        kind: 'verification',
        sourceEventId: `v-${id}`,
        eventType: 'pcn.notification.verification',
        subscriberId: `s-${id}`,
        channel: 'sms',
      },
      '2026-03-02T02:50:00Z',
    ),
    ...fields,
  };
}

async function queuedWork(): Promise<SendWork[]> {
  const pending = await store.outbox.pending(100, new Date('2100-01-01T00:00:00Z'));
  return pending.map((m) => JSON.parse(m.payload) as SendWork);
}

describe('due scheduler: work that was lost', () => {
  it('queues again the deliveries whose work item no worker handled by their due time', async () => {
    const deliveries = store.collection<DeliveryRecord>(deliveriesCollection);
    await deliveries.insertMany([
      // Waiting in a work queue past its due time: its work item was lost.
      delivery('lost', { redriveAt: '2026-03-02T02:55:00Z' }),
      // Not due yet.
      delivery('waiting', { redriveAt: '2026-03-02T03:05:00Z' }),
      // Settled meanwhile (an opt-out): keeps no due time, is not sent.
      delivery('settled', { state: 'suppressed', redriveAt: '2026-03-02T02:55:00Z' }),
    ]);
    await scheduler().tick();
    expect(await queuedWork()).toEqual([{ deliveryIds: ['lost'] }]);
    const lost = await deliveries.get('lost');
    // Its next due time is as far again as it has waited since it was created (10 minutes).
    expect(lost).toMatchObject({ state: 'queued', retryAt: null });
    expect(lost?.redriveAt).toBe('2026-03-02T03:10:00.000Z');
    expect((await deliveries.get('settled'))?.redriveAt).toBeNull();
    expect((await deliveries.get('waiting'))?.redriveAt).toBe('2026-03-02T03:05:00Z');
  });

  it('gives every queued delivery a due time, retries included, when it queues them', async () => {
    const deliveries = store.collection<DeliveryRecord>(deliveriesCollection);
    await deliveries.insert(
      delivery('retry', { attempts: 1, retryAt: '2026-03-02T02:59:00Z', reason: 'http 503' }),
    );
    await scheduler().tick();
    expect(await queuedWork()).toEqual([{ deliveryIds: ['retry'] }]);
    expect(await deliveries.get('retry')).toMatchObject({
      state: 'queued',
      retryAt: null,
      redriveAt: '2026-03-02T03:10:00.000Z',
    });
  });

  it('queues again planned work that no worker recorded by its due time', async () => {
    const planned = store.collection<PlannedWorkRecord>(plannedWorkCollection);
    const subscriberIds = ['s-1', 's-2'];
    const id = plannedWorkId('sms', 'e-1', subscriberIds);
    await planned.insert({
      id,
      eventId: 'e-1',
      channel: 'sms',
      subscriberIds,
      createdAt: '2026-03-02T02:59:00Z',
      redriveAt: '2026-03-02T02:59:30Z',
    });
    await scheduler().tick();
    expect(await queuedWork()).toEqual([{ eventId: 'e-1', subscriberIds }]);
    expect((await planned.get(id))?.redriveAt).toBe('2026-03-02T03:01:00.000Z');
    // Not due again yet: nothing more.
    now = new Date('2026-03-02T03:00:30Z');
    await scheduler().tick();
    expect(await queuedWork()).toHaveLength(1);
    now = new Date('2026-03-02T03:00:00Z');
  });
});

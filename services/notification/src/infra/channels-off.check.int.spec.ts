import { captureLogs, type Clock } from '@pcn/platform';
import { openSqliteStore, type Store } from '@pcn/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertRecord } from '../app/notification.ports.js';
import { seedSmsSubscribers } from '../testing/seed-subscribers.js';
import { reportChannelsOff } from './channels-off.check.js';
import { alertsCollection } from './notification.collections.js';

let store: Store;
beforeEach(async () => {
  store = await openSqliteStore({ path: ':memory:' });
  await seedSmsSubscribers(store, 3);
});
afterEach(async () => {
  await store.close();
});

const alerts = async () =>
  (await store.collection<AlertRecord>(alertsCollection).find({ limit: 100 })).items;

describe('channels that are off while people subscribe to them', () => {
  it('warns and raises one admin alert per channel and day, naming the setting', async () => {
    const logs = captureLogs();
    const clock: Clock = { now: () => new Date('2026-12-01T02:00:00Z') };
    const run = () =>
      reportChannelsOff({
        store,
        configured: new Set(['email', 'webhook']),
        logger: logs.logger,
        clock,
      });
    expect(await run()).toEqual([{ channel: 'sms', setting: 'SMS_API_URL', subscribers: 3 }]);
    // A restart the same day adds no second alert; it still warns.
    await run();
    expect(await alerts()).toEqual([
      expect.objectContaining({
        id: 'channel-off:sms:2026-12-01',
        kind: 'channel_off',
        channel: 'sms',
        subscriberId: '',
        message: expect.stringContaining('SMS_API_URL is not set') as string,
      }),
    ]);
    const warnings = logs.lines().filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatchObject({ channel: 'sms', setting: 'SMS_API_URL', subscribers: 3 });
    // Counts only: no phone number reaches the log or the alert.
    expect(logs.raw.join('')).not.toMatch(/\+?8491\d{7}/);
    expect(JSON.stringify(await alerts())).not.toMatch(/8491\d{7}/);
  });

  it('is quiet when the channel is on, or when nobody subscribes to the one that is off', async () => {
    const logs = captureLogs();
    const clock: Clock = { now: () => new Date('2026-12-01T02:00:00Z') };
    expect(
      await reportChannelsOff({
        store,
        configured: new Set(['sms', 'webhook']),
        logger: logs.logger,
        clock,
      }),
    ).toEqual([]);
    expect(await alerts()).toEqual([]);
    expect(
      logs.lines().filter((l) => ['warn', 'error', 'fatal'].includes(String(l.level))),
    ).toEqual([]);
  });
});

import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { BusNames } from '@pcn/events';
import { openStore } from '@pcn/storage';
import {
  ServiceProcesses,
  tempDir,
  uniquePrefix,
  waitFor,
  type FixtureProcess,
  type TempDir,
} from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  deliveriesCollection,
  fanoutsCollection,
  notificationCollections,
} from './infra/notification.collections.js';
import type { DeliveryRecord, FanoutRecord } from './app/notification.ports.js';
import { startRecordingProvider, type RecordingProvider } from './testing/recording-provider.js';
import { seededConsultationOpened, seedSmsSubscribers } from './testing/seed-subscribers.js';

const RECIPIENTS = 10_000;

let dir: TempDir;
let provider: RecordingProvider;
let nc: NatsConnection;
const prefix = uniquePrefix('crash');
const names = new BusNames(prefix);
let services: ServiceProcesses;

/** The built service, as operators run it (the test command builds before the e2e tier). */
function launch(): FixtureProcess {
  return services.launch('notification', {
    SQLITE_FILE: dir.file('notification.db'),
    GRPC_PORT: '0',
    NOTIFICATION_LINK_SECRET: 'crash-test-link-secret-0123456789abcdef',
    SMS_API_URL: provider.url,
    SMS_API_KEY: 'key',
    SMS_SECRET_KEY: 'secret',
    SMS_RATE_PER_SECOND: '100000',
    // Small batches: the fan-out takes long enough to be caught in the middle.
    FANOUT_BATCH: '10',
  });
}

beforeAll(async () => {
  dir = await tempDir('pcn-fanout-crash-');
  services = new ServiceProcesses({
    servicesDir: new URL('../../', import.meta.url),
    natsUrl: inject('natsUrl'),
    busPrefix: prefix,
  });
  provider = await startRecordingProvider();
  const store = await openStore({ kind: 'sqlite', path: dir.file('notification.db') });
  await seedSmsSubscribers(store, RECIPIENTS);
  await store.close();
  nc = await connect({ servers: inject('natsUrl') });
}, 60_000);

afterAll(async () => {
  await services.stopAll('SIGKILL');
  await nc?.drain();
  await provider?.close();
  await dir?.[Symbol.asyncDispose]();
});

describe('a crash in the middle of a 10,000-recipient fan-out', () => {
  it('gives every recipient exactly one message after a restart', async () => {
    const first = launch();
    await first.waitForLine(/gRPC serving/);
    const event = seededConsultationOpened('d-crash');
    await jetstream(nc).publish(names.subjectFor(event.type), JSON.stringify(event), {
      msgID: event.id,
    });

    // Kill it once the fan-out is under way but not finished, and messages are going out.
    const watcher = await openStore({ kind: 'sqlite', path: dir.file('notification.db') });
    await watcher.migrate(notificationCollections);
    const fanouts = watcher.collection<FanoutRecord>(fanoutsCollection);
    const atKill = await waitFor(
      async () => {
        const f = await fanouts.get(event.id);
        return f && f.counts.deliveries >= 3000 ? f : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 5, description: 'the fan-out to be under way' },
    );
    first.kill('SIGKILL');
    await first.exited;
    const sentBeforeRestart = provider.accepted;
    expect(atKill.status).toBe('running');
    expect(atKill.counts.deliveries).toBeLessThan(RECIPIENTS);
    // Killed mid-way: the restarted service has messages left to send.
    expect(sentBeforeRestart).toBeLessThan(RECIPIENTS);
    const stored = await fanouts.get(event.id);
    expect(stored?.status).toBe('running');

    const second = launch();
    await second.waitForLine(/gRPC serving/);
    await waitFor(() => provider.accepted >= RECIPIENTS, {
      timeoutMs: 120_000,
      intervalMs: 100,
      description: () => `${RECIPIENTS} messages (have ${provider.accepted})`,
    });

    // Counted at the provider: one message per phone, none missing, none extra.
    const perPhone = new Map<string, Set<string>>();
    for (const r of provider.requestsTo('esms')) {
      const body = r.json as { Phone: string; RequestId: string };
      const ids = perPhone.get(body.Phone) ?? new Set<string>();
      ids.add(body.RequestId);
      perPhone.set(body.Phone, ids);
    }
    expect(perPhone.size).toBe(RECIPIENTS);
    expect([...perPhone.values()].every((ids) => ids.size === 1)).toBe(true);
    expect(provider.accepted).toBe(RECIPIENTS);

    // The delivery log agrees: one delivery per recipient, all sent, and the fan-out finished.
    const deliveries = watcher.collection<DeliveryRecord>(deliveriesCollection);
    await waitFor(async () => (await deliveries.count({ state: 'sent' })) === RECIPIENTS, {
      timeoutMs: 30_000,
      description: 'every delivery recorded as sent',
    });
    expect(await deliveries.count({ source_event_id: event.id })).toBe(RECIPIENTS);
    expect((await fanouts.get(event.id))?.status).toBe('done');
    await watcher.close();
  }, 240_000);
});

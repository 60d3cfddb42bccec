import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { BusNames, decodeEvent } from '@pcn/events';
import { openStore, type Store } from '@pcn/storage';
import { freePorts, tempDir, uniquePrefix, waitFor, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  DEMO_UNITS,
  identityCollections,
  startTestGateway,
  unitsCollection as gatewayUnits,
  type Gateway,
  type UnitRecord,
} from '@pcn/gateway/testing';
import { unitsCollection as notificationUnits } from '@pcn/notification-service/testing';
import { startNotificationBackend, type NotificationBackend } from './notification-backend.js';

// The directory's unit tree travels from the gateway's outbox to the notification service as
// `pcn.directory.v1` events on the DIRECTORY stream (real nats-server, real SQLite files).
const INTERNAL_SECRET = 'int-internal-secret-int-internal-secret';
const MOVED = 'lc-xa-y-ty';
let dir: TempDir;
let nc: NatsConnection;
let jsm: JetStreamManager;
/** What the tests started and have not stopped yet, stopped last first after the file. */
const running = new Set<{ gateway?: Gateway; stop(): Promise<void> }>();

beforeAll(async () => {
  dir = await tempDir('pcn-directory-');
  nc = await connect({ servers: inject('natsUrl') });
  jsm = await jetstreamManager(nc);
});

afterAll(async () => {
  for (const r of [...running].reverse()) await r.stop();
  await nc?.close();
  await dir?.remove();
});

async function gatewayOn(prefix: string, file: string): Promise<Gateway> {
  const gateway = await startTestGateway({
    BUS_PREFIX: prefix,
    SQLITE_FILE: dir.file(file),
    INTERNAL_SECRET,
  });
  running.add({ gateway, stop: () => gateway.lifecycle.shutdown('test done') });
  return gateway;
}

async function stopGateway(gateway: Gateway): Promise<void> {
  for (const r of running) if (r.gateway === gateway) running.delete(r);
  await gateway.lifecycle.shutdown('test step');
}

async function notificationOn(prefix: string, file: string): Promise<NotificationBackend> {
  const grpcPort = await freePorts(1);
  const backend = await startNotificationBackend({
    natsUrl: inject('natsUrl'),
    busPrefix: prefix,
    sqliteFile: dir.file(file),
    grpcPort,
    internalSecret: INTERNAL_SECRET,
    publicBaseUrl: 'http://127.0.0.1:1',
  });
  running.add(backend);
  return backend;
}

/** The unit paths the notification service holds, by id. */
async function pathsIn(backend: NotificationBackend): Promise<Map<string, string[]>> {
  const units = backend.service.host.store.collection<{ id: string; path: string[] }>(
    notificationUnits,
  );
  const out = new Map<string, string[]>();
  let after: string | null = null;
  do {
    const page = await units.find({ limit: 1000, after });
    for (const u of page.items) out.set(u.id, u.path);
    after = page.nextCursor;
  } while (after);
  return out;
}

const demoPaths = new Map(DEMO_UNITS.map((u) => [u.id, [...u.path]]));

describe('directory events', () => {
  const prefix = uniquePrefix('dirlive');
  const names = new BusNames(prefix);
  let backend: NotificationBackend;
  let gateway: Gateway;
  let movedPath: string[];

  it('carry the seeded tree from the gateway to a notification service already running', async () => {
    backend = await notificationOn(prefix, 'live-notification.db');
    gateway = await gatewayOn(prefix, 'live-gateway.db');
    await backend.unitTreeReceived();
    expect(await pathsIn(backend)).toEqual(demoPaths);
    // Written in the seeding transaction: the boot check found the tree already on its way.
    const info = await jsm.streams.info(names.stream('directory'));
    expect(info.state.messages).toBe(1);
    const stored = await jsm.streams.getMessage(names.stream('directory'), { seq: 1 });
    expect(stored).not.toBeNull();
    const event = decodeEvent(stored?.data ?? new Uint8Array());
    expect(event).toMatchObject({ type: 'pcn.directory.v1.UnitsChanged', source: 'gateway' });
  });

  it('carry a change made while the gateway was down, sent at its next boot', async () => {
    await stopGateway(gateway);
    // A tool changes the directory without events: the gateway's boot finds the tree changed.
    const store: Store = await openStore({ kind: 'sqlite', path: dir.file('live-gateway.db') });
    try {
      await store.migrate(identityCollections);
      const units = store.collection<UnitRecord>(gatewayUnits);
      const unit = await units.get(MOVED);
      const district = (await units.find({ filter: { level: 'district' }, limit: 1 })).items[0];
      if (!unit || !district) throw new Error('demo units missing');
      movedPath = [...district.path, MOVED];
      await units.update({ ...unit, parentId: district.id, path: movedPath });
    } finally {
      await store.close();
    }
    const handled = backend.service.directory.handled;
    gateway = await gatewayOn(prefix, 'live-gateway.db');
    await waitFor(
      async () => (await pathsIn(backend)).get(MOVED)?.join('/') === movedPath.join('/'),
      {
        description: 'the moved unit reaching the notification service',
      },
    );
    expect(backend.service.directory.handled).toBe(handled + 1);
    expect(await pathsIn(backend)).toEqual(new Map([...demoPaths, [MOVED, movedPath]]));
  });

  it('change nothing when an event is delivered again, even an older one', async () => {
    const first = await jsm.streams.getMessage(names.stream('directory'), { seq: 1 });
    if (!first) throw new Error('the first directory event is not in the stream');
    const handled = backend.service.directory.handled;
    // Published again under another Msg-Id, so the stream keeps it: as if redelivered after the
    // de-duplication window. Without the inbox it would move the unit back.
    await jetstream(nc).publish(first.subject, first.data, {
      msgID: `${decodeEvent(first.data).id}-again`,
    });
    await waitFor(() => backend.service.directory.handled === handled + 1, {
      description: 'the notification service handling the event again',
    });
    expect((await pathsIn(backend)).get(MOVED)).toEqual(movedPath);
    expect(await pathsIn(backend)).toEqual(new Map([...demoPaths, [MOVED, movedPath]]));
  });
});

describe('a notification service started after the directory changed', () => {
  it('takes in the tree from the stream', async () => {
    const prefix = uniquePrefix('dirlate');
    const names = new BusNames(prefix);
    const gateway = await gatewayOn(prefix, 'late-gateway.db');
    await waitFor(() => gateway.relay.published > 0, { description: 'the tree published' });
    expect((await jsm.streams.info(names.stream('directory'))).state.messages).toBe(1);
    const backend = await notificationOn(prefix, 'late-notification.db');
    await backend.unitTreeReceived();
    expect(await pathsIn(backend)).toEqual(demoPaths);
  });

  it('gets the tree of a store seeded before directory events, once', async () => {
    // A gateway store seeded on a bus that has never carried the tree (here: seeded under
    // another prefix) is sent whole at the gateway's boot on this one.
    const seeded = uniquePrefix('dirold');
    const prefix = uniquePrefix('dirnew');
    const names = new BusNames(prefix);
    const old = await gatewayOn(seeded, 'old-gateway.db');
    await waitFor(() => old.relay.published > 0, { description: 'the tree published' });
    await stopGateway(old);
    const gateway = await gatewayOn(prefix, 'old-gateway.db');
    await waitFor(() => gateway.relay.published > 0, { description: 'the tree published' });
    const backend = await notificationOn(prefix, 'new-notification.db');
    await backend.unitTreeReceived();
    expect(await pathsIn(backend)).toEqual(demoPaths);
    // A second boot with the tree on the stream sends nothing more.
    await stopGateway(gateway);
    await stopGateway(await gatewayOn(prefix, 'old-gateway.db'));
    expect((await jsm.streams.info(names.stream('directory'))).state.messages).toBe(1);
  });
});

import { fileURLToPath } from 'node:url';
import { Client, credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { health } from '@pcn/contracts';
import { BusNames, createEventFactory } from '@pcn/events';
import { callUnary, createGrpcClient, systemClock } from '@pcn/platform';
import { holdWriteLock } from '@pcn/storage';
import {
  readStream,
  spawnTsProcess,
  tempDir,
  uniquePrefix,
  waitFor,
  type FixtureProcess,
  type TempDir,
} from '@pcn/testing';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { slowService } from './__fixtures__/slow-service.js';

const fixture = fileURLToPath(new URL('./__fixtures__/slow-backend.fixture.ts', import.meta.url));
let dir: TempDir;
let proc: FixtureProcess | undefined;

beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  proc?.kill('SIGKILL');
  await proc?.exited;
  proc = undefined;
  await dir.remove();
});

function start(env: Record<string, string> = {}): FixtureProcess {
  proc = spawnTsProcess(fixture, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    NATS_URL: inject('natsUrl'),
    SQLITE_FILE: dir.file('slow.db'),
    GRPC_PORT: '0',
    BUS_PREFIX: uniquePrefix('kit'),
    SHUTDOWN_TIMEOUT_MS: '8000',
    ...env,
  });
  return proc;
}

async function servingPort(p: FixtureProcess): Promise<number> {
  const [, port] = await p.waitForLine(
    /"msg":"gRPC serving".*"port":(\d+)|"port":(\d+).*"msg":"gRPC serving"/,
  );
  return Number(
    port ?? /"port":(\d+)/.exec(p.lines.find((l) => l.includes('gRPC serving')) ?? '')?.[1],
  );
}

function wait(client: Client, ms: number): Promise<{ waited: number }> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      slowService.wait!.path,
      (v: unknown) => Buffer.from(JSON.stringify(v)),
      (b: Buffer) => JSON.parse(b.toString()) as { waited: number },
      { ms },
      new Metadata(),
      { deadline: Date.now() + 20_000 },
      (err: ServiceError | null, res?: { waited: number }) => (err ? reject(err) : resolve(res!)),
    );
  });
}

describe('a backend process', () => {
  it('on SIGTERM lets the in-flight gRPC call finish, refuses new work, then exits 0', async () => {
    const p = start();
    const port = await servingPort(p);
    const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
    const inFlight = wait(client, 1500);
    await p.waitForLine(/wait started/);
    p.kill('SIGTERM');
    await p.waitForLine(/gRPC server refuses new calls/);
    await expect(wait(client, 10)).rejects.toMatchObject({ code: status.UNAVAILABLE });
    await expect(inFlight).resolves.toEqual({ waited: 1500 });
    const exit = await p.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    const steps = p.lines.flatMap((l) => /"step":"([^"]+)"/.exec(l)?.[1] ?? []);
    expect(steps).toEqual([
      'readiness off',
      'stop gRPC server',
      expect.stringMatching(/^stop consumer \w+_slow-store-handler$/),
      expect.stringMatching(/^stop consumer \w+_slow-slow-handler$/),
      'stop outbox relay',
      'drain NATS',
      'close store',
    ]);
    expect(p.lines.at(-1)).toContain('"msg":"stopped"');
    client.close();
  });

  it('on SIGTERM finishes the event it is handling and acks it before exiting 0', async () => {
    const prefix = uniquePrefix('kit');
    const p = start({ BUS_PREFIX: prefix });
    await servingPort(p);
    const names = new BusNames(prefix);
    const nc = await connect({ servers: inject('natsUrl') });
    try {
      const event = createEventFactory('test', systemClock).create(
        'pcn.draft.v1.DraftCreated',
        'd1',
        {
          draftId: 'd1',
          code: 'T-1',
          documentType: 'provincial_decision',
          agencyId: 'org-1',
          title: { vi: 'Dự thảo' },
          languages: ['vi'],
          targetUnitIds: [],
          ethnicGroups: [],
          audienceGroups: [],
          policyAreas: [],
          publicDisclosure: true,
          version: 1,
        },
      );
      await jetstream(nc).publish(names.subjectFor(event.type), JSON.stringify(event), {
        msgID: event.id,
      });
      await p.waitForLine(/handling started/);
      p.kill('SIGTERM');
      expect(await p.exited).toEqual({ code: 0, signal: null });
      const finished = p.lines.findIndex((l) => l.includes('handling finished'));
      const drained = p.lines.findIndex((l) => l.includes('"step":"drain NATS"'));
      expect(finished).toBeGreaterThan(-1);
      expect(finished).toBeLessThan(drained);
      const info = await (
        await jetstreamManager(nc)
      ).consumers.info(names.stream('draft'), names.durable('slow', 'slow-handler'));
      expect(info.num_ack_pending).toBe(0);
      expect(info.num_redelivered).toBe(0);
      expect(info.delivered.consumer_seq).toBe(1);
    } finally {
      await nc.close();
    }
  });

  it('holds an event while the store is merely busy, with retry waits below its 5 s busy timeout: applied once, nothing dead-lettered', async () => {
    // Each backoff entry is also an ack wait. A handler waiting on a lock another connection holds
    // (SQLite waits up to 5 s before SQLITE_BUSY) used to send no heartbeat meanwhile, so with
    // 1 s entries JetStream redelivered it every second and the 3 deliveries ran out within the
    // first busy wait: the event was dead-lettered while the store was only busy.
    const LOCK_MS = 8000;
    const prefix = uniquePrefix('kit');
    const p = start({ BUS_PREFIX: prefix, EVENT_RETRY_BACKOFF: '1s,1s' });
    await servingPort(p);
    const names = new BusNames(prefix);
    const nc = await connect({ servers: inject('natsUrl') });
    try {
      const event = createEventFactory('test', systemClock).create(
        'pcn.draft.v1.DraftRepealed',
        'd1',
        {
          draftId: 'd1',
          code: 'T-1',
          documentType: 'provincial_decision',
          agencyId: 'org-1',
          title: { vi: 'Dự thảo' },
          languages: ['vi'],
          targetUnitIds: [],
          ethnicGroups: [],
          audienceGroups: [],
          policyAreas: [],
          publicDisclosure: true,
          version: 1,
          repealedByDraftId: 'd2',
        },
      );
      const lock = await holdWriteLock(dir.file('slow.db'));
      try {
        const lockedAt = Date.now();
        await jetstream(nc).publish(names.subjectFor(event.type), JSON.stringify(event), {
          msgID: event.id,
        });
        await waitFor(() => Date.now() - lockedAt >= LOCK_MS, {
          description: 'the lock to outlast the busy timeout and the retry schedule (3 s)',
          timeoutMs: LOCK_MS + 5000,
          intervalMs: 250,
        });
      } finally {
        await lock.release();
      }
      await p.waitForLine(/repeal stored/, 30_000);
      const jsm = await jetstreamManager(nc);
      const durable = names.durable('slow', 'store-handler');
      await waitFor(
        async () =>
          (await jsm.consumers.info(names.stream('draft'), durable)).num_ack_pending === 0,
        { description: 'the event acked' },
      );
      const letters = await readStream(jsm, names.deadLetterStream);
      expect(letters.map((l) => l.subject)).toEqual([]);
      expect(p.lines.filter((l) => l.includes('repeal stored'))).toHaveLength(1);
    } finally {
      await nc.close();
    }
  }, 60_000);

  it('serves grpc.health.v1: readiness and liveness', async () => {
    const p = start();
    const port = await servingPort(p);
    const client = createGrpcClient(health.HealthClient, `127.0.0.1:${port}`, {
      audience: 'slow',
    });
    const ready = await callUnary(client.check.bind(client), { service: '' });
    expect(ready.status).toBe(health.HealthCheckResponse_ServingStatus.SERVING);
    const live = await callUnary(client.check.bind(client), { service: 'liveness' });
    expect(live.status).toBe(health.HealthCheckResponse_ServingStatus.SERVING);
    const known = await callUnary(client.check.bind(client), {
      service: 'pcn.test.v1.SlowService',
    });
    expect(known.status).toBe(health.HealthCheckResponse_ServingStatus.SERVING);
    await expect(
      callUnary(client.check.bind(client), { service: 'pcn.nope.v1.X' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'unknown service pcn.nope.v1.X',
    });
    client.close();
  });

  it('exits 1 on bad configuration, naming each bad variable', async () => {
    const p = start({ GRPC_PORT: 'not-a-port', NATS_URL: '', STORE: 'postgres' });
    const exit = await p.exited;
    expect(exit.code).toBe(1);
    const output = p.lines.join('\n');
    expect(output).toMatch(/GRPC_PORT: is invalid; expected a TCP port number/);
    expect(output).toMatch(/NATS_URL: is required; expected comma-separated NATS server URLs/);
    expect(output).toMatch(/STORE: is invalid; expected one of sqlite, mongodb/);
    expect(output).not.toContain('not-a-port');
  });
});

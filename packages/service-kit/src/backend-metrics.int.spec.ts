import { Client, credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { ops } from '@pcn/contracts';
import {
  createEventFactory,
  PermanentEventError,
  toOutboxMessage,
  type EventEnvelope,
} from '@pcn/events';
import { loadConfig, NotFoundError, systemClock } from '@pcn/platform';
import { draftEventData, scrape, tempDir, uniquePrefix, waitFor, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { backendEnv } from './backend-config.js';
import { BackendHost } from './backend-host.js';
import { slowService } from './__fixtures__/slow-service.js';

// A backend built with the kit, in this process, on a real nats-server and a real SQLite file:
// its /metrics is scraped over HTTP and read line by line.
const TOKEN = 'metrics-token-metrics-token-metrics-token';
let dir: TempDir;
let host: BackendHost;
let metricsUrl: string;
/** Handling of the probe consumer waits on this gate, so that lag can be seen. */
let openGate: () => void = () => undefined;
let gate = Promise.resolve();

beforeAll(async () => {
  dir = await tempDir('pcn-kit-metrics-');
  const config = loadConfig(backendEnv(0), {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.PCN_TEST_LOG_LEVEL ?? 'silent',
    NATS_URL: inject('natsUrl'),
    SQLITE_FILE: dir.file('kit.db'),
    GRPC_PORT: '0',
    METRICS_TOKEN: TOKEN,
    BUS_PREFIX: uniquePrefix('kitm'),
  });
  host = await BackendHost.start({
    service: 'probe',
    version: '1.2.3',
    config,
    collections: [],
    handleSignals: false,
  });
  host.grpc.addService(slowService, {
    wait: host.grpc.unary('Wait', (request: { ms: number }) => {
      if (request.ms < 0) throw new NotFoundError('wait', String(request.ms));
      return Promise.resolve({ waited: request.ms });
    }),
  });
  await host.consume(
    'probe',
    ['pcn.draft.v1.DraftCreated'],
    async (event) => {
      if (event.subject === 'poison') throw new PermanentEventError('refused by the test');
      await gate;
    },
    { stream: host.names.stream('draft'), maxAckPending: 1 },
  );
  await host.serve();
  metricsUrl = `http://127.0.0.1:${host.metricsPort}/metrics`;
}, 30_000);

afterAll(async () => {
  openGate();
  await host?.lifecycle.shutdown('test done');
  await dir?.remove();
});

const read = () => scrape(metricsUrl, TOKEN);

function draftCreated(id: string): EventEnvelope {
  return createEventFactory('test', systemClock).create(
    'pcn.draft.v1.DraftCreated',
    id,
    draftEventData(id),
  );
}

/** Commits events through the outbox, as a use case does; the relay publishes them. */
async function commit(events: EventEnvelope[]): Promise<void> {
  await host.store.transaction(async (tx) => {
    await tx.enqueue(events.map((e) => toOutboxMessage(host.names, e)));
  });
  host.relay.notify();
}

function call<T>(client: Client, path: string, request: unknown, encode: (v: never) => Buffer) {
  return new Promise<T>((resolve, reject) => {
    client.makeUnaryRequest(
      path,
      encode as (v: unknown) => Buffer,
      (b: Buffer) => b as unknown as T,
      request,
      new Metadata(),
      (err: ServiceError | null, res?: T) => (err ? reject(err) : resolve(res as T)),
    );
  });
}

describe('a backend serves /metrics', () => {
  it('refuses a scrape without the token, and serves nothing but GET /metrics', async () => {
    const bare = await fetch(metricsUrl);
    expect(bare.status).toBe(401);
    expect(await bare.text()).not.toContain('pcn_');
    const wrong = await fetch(metricsUrl, { headers: { authorization: `Bearer ${TOKEN}x` } });
    expect(wrong.status).toBe(401);
    const other = await fetch(metricsUrl.replace('/metrics', '/'), {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(other.status).toBe(404);
    const post = await fetch(metricsUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(post.status).toBe(405);
  });

  it('reports process metrics and its build', async () => {
    const m = await read();
    expect(m.value('pcn_build_info', { service: 'probe', version: '1.2.3' })).toBe(1);
    expect(m.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(m.value('process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(m.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
  });

  it('counts and times each gRPC method with its status code', async () => {
    const client = new Client(`127.0.0.1:${host.grpc.port}`, credentials.createInsecure());
    try {
      const json = (v: never) => Buffer.from(JSON.stringify(v));
      await call(client, slowService.wait!.path, { ms: 1 }, json);
      await call(client, slowService.wait!.path, { ms: 2 }, json);
      await expect(call(client, slowService.wait!.path, { ms: -1 }, json)).rejects.toMatchObject({
        code: status.NOT_FOUND,
      });
      const outbox = ops.OpsServiceService.getOutboxStatus;
      await call(client, outbox.path, {}, outbox.requestSerialize as (v: never) => Buffer);
    } finally {
      client.close();
    }
    const m = await read();
    const wait = { grpc_service: 'pcn.test.v1.SlowService', grpc_method: 'Wait' };
    expect(m.value('pcn_grpc_server_handled_total', { ...wait, grpc_code: 'OK' })).toBe(2);
    expect(m.value('pcn_grpc_server_handled_total', { ...wait, grpc_code: 'NOT_FOUND' })).toBe(1);
    expect(m.value('pcn_grpc_server_handling_seconds_count', wait)).toBe(3);
    expect(m.value('pcn_grpc_server_handling_seconds_bucket', { ...wait, le: '+Inf' })).toBe(3);
    expect(
      m.value('pcn_grpc_server_handled_total', {
        grpc_service: 'pcn.ops.v1.OpsService',
        grpc_method: 'GetOutboxStatus',
        grpc_code: 'OK',
      }),
    ).toBe(1);
  });

  it('shows consumer lag while the consumer is held, and none once it catches up', async () => {
    gate = new Promise<void>((resolve) => (openGate = resolve));
    await commit([draftCreated('lag-1'), draftCreated('lag-2'), draftCreated('lag-3')]);
    const consumer = { consumer: host.names.durable('probe', 'probe') };
    // One in hand (max ack pending 1), two waiting in the stream.
    const held = await waitFor(
      async () => {
        const m = await read();
        return m.value('pcn_consumer_ack_pending_messages', consumer) === 1 &&
          m.value('pcn_consumer_pending_messages', consumer) === 2
          ? m
          : undefined;
      },
      { timeoutMs: 15_000, description: 'lag of 3 on the held consumer' },
    );
    expect(held.find('pcn_consumer_pending_messages', consumer)[0]?.labels).toEqual({
      stream: host.names.stream('draft'),
      consumer: consumer.consumer,
    });
    expect(held.value('pcn_metrics_collector_up', { collector: 'jetstream_consumers' })).toBe(1);
    openGate();
    await waitFor(
      async () => {
        const m = await read();
        return (
          m.value('pcn_consumer_ack_pending_messages', consumer) === 0 &&
          m.value('pcn_consumer_pending_messages', consumer) === 0
        );
      },
      { timeoutMs: 15_000, description: 'the consumer caught up' },
    );
  });

  it('counts a dead-lettered event against its consumer', async () => {
    const consumer = { consumer: host.names.durable('probe', 'probe') };
    expect((await read()).value('pcn_dead_letters', consumer)).toBe(0);
    await commit([draftCreated('poison')]);
    await waitFor(async () => (await read()).value('pcn_dead_letters', consumer) === 1, {
      timeoutMs: 15_000,
      description: 'the dead letter counted',
    });
  });

  it('reports the outbox backlog and relay lag while an event cannot be published', async () => {
    const before = await read();
    expect(before.value('pcn_outbox_pending_events')).toBe(0);
    expect(before.value('pcn_outbox_oldest_pending_age_seconds')).toBe(0);
    // No stream stores this subject: the relay retries it with backoff, and it stays pending.
    await host.store.transaction(async (tx) => {
      await tx.enqueue([
        { id: 'stuck-1', subject: `${host.names.prefix}.pcn.nowhere.v1.Stuck`, payload: '{}' },
      ]);
    });
    host.relay.notify();
    const stuck = await waitFor(
      async () => {
        const m = await read();
        const age = m.value('pcn_outbox_oldest_pending_age_seconds') ?? 0;
        return m.value('pcn_outbox_pending_events') === 1 && age > 0 ? m : undefined;
      },
      { timeoutMs: 15_000, description: 'the stuck event in the backlog' },
    );
    expect(stuck.value('pcn_metrics_collector_up', { collector: 'outbox' })).toBe(1);
  });

  it('still answers when JetStream cannot report, saying which collector failed', async () => {
    const consumer = { consumer: host.names.durable('probe', 'probe') };
    // Last test: the dead-letter stream is gone from under the service, as after an operator's
    // mistake; only boot provisions it again.
    await host.bus.jsm.streams.delete(host.names.deadLetterStream);
    const m = await read();
    expect(m.value('pcn_metrics_collector_up', { collector: 'dead_letters' })).toBe(0);
    expect(m.value('pcn_dead_letters', consumer)).toBeUndefined();
    // The other figures are still there.
    expect(m.value('pcn_metrics_collector_up', { collector: 'jetstream_consumers' })).toBe(1);
    expect(m.value('pcn_metrics_collector_up', { collector: 'outbox' })).toBe(1);
    expect(m.value('pcn_outbox_pending_events')).toBe(1);
  });
});

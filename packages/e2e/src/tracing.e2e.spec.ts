import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { BusNames } from '@pcn/events';
import {
  freePorts,
  ServiceProcesses,
  tempDir,
  uniquePrefix,
  waitFor,
  type FixtureProcess,
  type TempDir,
} from '@pcn/testing';
import { graphqlClient, signInHeaders } from '@pcn/gateway/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// One trace across the network: the gateway, the draft service and the notification service run
// as their own processes from dist/, with the tracing preload (`node --import`) and an OTLP
// http/json receiver in this process. A GraphQL mutation carries a traceparent we chose, so every
// span of its trace is found by that trace id: HTTP and GraphQL in the gateway, the gRPC call on
// both sides, the commit, the relay's publish (traceparent in the NATS headers), and the
// notification service's consumer with its own commit.
const INTERNAL_SECRET = 'trc-internal-secret-trc-internal-secret';
const preload = fileURLToPath(new URL('../../platform/dist/tracing-preload.js', import.meta.url));

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  service: string;
}
const INTERNAL = 1;
const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

/** A tiny OTLP/HTTP receiver: collects the spans of every JSON export posted to /v1/traces. */
class OtlpReceiver {
  readonly spans: OtlpSpan[] = [];
  requests = 0;
  readonly #server: Server;
  url = '';

  constructor() {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests += 1;
        if (req.url === '/v1/traces') this.#collect(Buffer.concat(chunks).toString('utf8'));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
  }

  #collect(body: string): void {
    type Attr = { key: string; value: { stringValue?: string } };
    const parsed = JSON.parse(body) as {
      resourceSpans: {
        resource: { attributes: Attr[] };
        scopeSpans: { spans: Omit<OtlpSpan, 'service'>[] }[];
      }[];
    };
    for (const rs of parsed.resourceSpans) {
      const service =
        rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
      for (const ss of rs.scopeSpans) for (const s of ss.spans) this.spans.push({ ...s, service });
    }
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('no address');
    this.url = `http://127.0.0.1:${address.port}`;
  }

  trace(traceId: string): OtlpSpan[] {
    return this.spans.filter((s) => s.traceId === traceId);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

const createDraftMutation = `mutation($input: CreateDraftInput!) { createDraft(input: $input) { id } }`;
const draftInput = (code: string) => ({
  input: {
    code,
    documentType: 'provincial_decision',
    agencyId: 'org-so-tu-phap',
    content: {
      title: [{ lang: 'vi', text: 'Dự thảo Quyết định quy định giá dịch vụ đò ngang' }],
      summary: [{ lang: 'vi', text: 'Giá đò ngang trên địa bàn tỉnh' }],
      chapters: [
        {
          id: 'ch1',
          number: 'I',
          title: [{ lang: 'vi', text: 'Quy định chung' }],
          articles: [
            {
              id: 'a1',
              number: '1',
              title: [{ lang: 'vi', text: 'Giá dịch vụ' }],
              clauses: [
                { id: 'a1c1', number: '1', text: [{ lang: 'vi', text: 'Giá là 20.000 đồng.' }] },
              ],
            },
          ],
        },
      ],
    },
    target: { unitIds: ['lc-xa-y-ty'], ethnicGroups: ['mong'] },
  },
});

interface Network {
  dir: TempDir;
  services: ServiceProcesses;
  url: string;
  prefix: string;
  processes: Record<string, FixtureProcess>;
}

/** Gateway and draft service (and the notification service when asked), tracing set by `env`. */
async function startNetwork(
  name: string,
  env: Record<string, string>,
  withNotification: boolean,
): Promise<Network> {
  const dir = await tempDir(`pcn-tracing-${name}-`);
  const prefix = uniquePrefix('trc');
  const services = new ServiceProcesses({
    servicesDir: new URL('../../../services/', import.meta.url),
    natsUrl: inject('natsUrl'),
    busPrefix: prefix,
    // As an operator enables it: the preload, before main.js.
    env: { INTERNAL_SECRET, NODE_OPTIONS: `--import=${preload}`, ...env },
  });
  const [grpc, httpPort] = [await freePorts(2), await freePorts(1)];
  const processes: Record<string, FixtureProcess> = {};
  processes.draft = services.launch('draft', {
    SQLITE_FILE: dir.file('draft.db'),
    GRPC_PORT: String(grpc),
  });
  if (withNotification)
    processes.notification = services.launch('notification', {
      SQLITE_FILE: dir.file('notification.db'),
      GRPC_PORT: String(grpc + 1),
      NOTIFICATION_LINK_SECRET: 'trc-link-secret-trc-link-secret-trc-link',
      PUBLIC_BASE_URL: 'https://pcn.example.vn',
    });
  await Promise.all(Object.values(processes).map((p) => p.waitForLine(/gRPC serving/, 30_000)));
  processes.gateway = services.launch('gateway', {
    SQLITE_FILE: dir.file('gateway.db'),
    HTTP_PORT: String(httpPort),
    JWT_SECRET: 'trc-secret-trc-secret-trc-secret-trc',
    DEMO_DATA: 'true',
    DRAFT_GRPC_ADDRESS: `127.0.0.1:${grpc}`,
  });
  await processes.gateway.waitForLine(/gateway listening/, 30_000);
  await processes.gateway.waitForLine(/demo draft created/, 30_000);
  return { dir, services, url: `http://127.0.0.1:${httpPort}/graphql`, prefix, processes };
}

/** Creates a draft as an editor, with a traceparent of our own on the request. */
async function createDraft(
  network: Network,
  traceId: string,
  spanId: string,
  code: string,
): Promise<string> {
  const gql = graphqlClient(() => network.url);
  const editor = await signInHeaders(network.url, 'editor.stp@demo.pcn.vn');
  const traceparent = `00-${traceId}-${spanId}-01`;
  const created = await gql<{ createDraft: { id: string } }>(
    createDraftMutation,
    draftInput(code),
    { ...editor, traceparent },
  );
  expect(created.errors).toBeUndefined();
  return created.data?.createDraft.id ?? '';
}

/** The DraftCreated message of `draftId` as JetStream stored it, headers included. */
async function storedDraftCreated(nc: NatsConnection, prefix: string, draftId: string) {
  const names = new BusNames(prefix);
  const jsm = await jetstreamManager(nc);
  return waitFor(
    async () => {
      const subject = names.subjectFor('pcn.draft.v1.DraftCreated');
      const stream = names.stream('draft');
      const info = await jsm.streams.info(stream);
      for (let seq = info.state.last_seq; seq >= info.state.first_seq && seq > 0; seq--) {
        const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
        if (m?.subject === subject && m.json<{ subject: string }>().subject === draftId) return m;
      }
      return undefined;
    },
    { timeoutMs: 15_000, description: `DraftCreated of ${draftId} in the draft stream` },
  );
}

let nc: NatsConnection;
beforeAll(async () => {
  nc = await connect({ servers: inject('natsUrl') });
});
afterAll(async () => {
  await nc?.close();
});

describe('tracing on (OTEL_TRACES_EXPORTER=otlp)', () => {
  const receiver = new OtlpReceiver();
  let network: Network;

  beforeAll(async () => {
    await receiver.start();
    network = await startNetwork(
      'on',
      {
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        // Export within 100 ms rather than the default 5 s, so the test waits less.
        OTEL_BSP_SCHEDULE_DELAY: '100',
        LOG_LEVEL: 'debug',
      },
      true,
    );
  }, 90_000);

  afterAll(async () => {
    const exits = await network?.services.stopAll();
    await receiver.stop();
    await network?.dir.remove();
    expect(exits?.every((e) => e.code === 0)).toBe(true);
  });

  it('one trace runs from the GraphQL request through gRPC, the commit and NATS to the consumer', async () => {
    const traceId = randomBytes(16).toString('hex');
    const sentSpanId = randomBytes(8).toString('hex');
    const draftId = await createDraft(network, traceId, sentSpanId, 'QD-TRC-ON-01');

    // The relay carried the trace in the NATS message headers.
    const stored = await storedDraftCreated(nc, network.prefix, draftId);
    expect(stored.header?.get('traceparent')).toMatch(
      new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`),
    );

    // Spans end and are exported at different times: wait until every expected one is in.
    const find = (service: string, kind: number, name: RegExp) =>
      receiver
        .trace(traceId)
        .find((s) => s.service === service && s.kind === kind && name.test(s.name));
    const expected = {
      http: ['gateway', SERVER, /^POST$/],
      parse: ['gateway', INTERNAL, /^graphql\.parse$/],
      validate: ['gateway', INTERNAL, /^graphql\.validate$/],
      grpcClient: ['gateway', CLIENT, /DraftService\/CreateDraft$/],
      grpcServer: ['draft', SERVER, /DraftService\/CreateDraft$/],
      commit: ['draft', INTERNAL, /^store transaction$/],
      publish: ['draft', PRODUCER, /\.DraftCreated publish$/],
      consumer: ['notification', CONSUMER, /\.DraftCreated process$/],
      effect: ['notification', INTERNAL, /^store transaction$/],
    } as const;
    type Key = keyof typeof expected;
    const found = await waitFor(
      () => {
        const out = {} as Record<Key, OtlpSpan>;
        for (const [key, [service, kind, name]] of Object.entries(expected)) {
          const span = find(service, kind, name);
          if (!span) return undefined;
          out[key as Key] = span;
        }
        return out;
      },
      {
        timeoutMs: 20_000,
        description: () =>
          `every span of trace ${traceId}; so far: ${JSON.stringify(
            receiver.trace(traceId).map((s) => `${s.service}:${s.kind}:${s.name}`),
          )}`,
      },
    );
    // Parent to child, across three processes: request, gRPC call, commit, publish, consumer,
    // and the consumer's own commit.
    expect(found.http.parentSpanId).toBe(sentSpanId);
    expect(found.parse.parentSpanId).toBe(found.http.spanId);
    expect(found.grpcClient.parentSpanId).toBe(found.http.spanId);
    expect(found.grpcServer.parentSpanId).toBe(found.grpcClient.spanId);
    expect(found.commit.parentSpanId).toBe(found.grpcServer.spanId);
    expect(found.publish.parentSpanId).toBe(found.commit.spanId);
    expect(found.consumer.parentSpanId).toBe(found.publish.spanId);
    expect(found.effect.parentSpanId).toBe(found.consumer.spanId);
    // Nothing of this trace is orphaned: every span's chain of parents reaches the request.
    const spans = receiver.trace(traceId);
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    for (const span of spans) {
      let s = span;
      while (s.parentSpanId && byId.has(s.parentSpanId)) s = byId.get(s.parentSpanId)!;
      expect(s.spanId, `${span.service} ${span.name} reaches the request`).toBe(found.http.spanId);
    }

    // Logs carry the trace id, with the span that wrote them.
    const line = await waitFor(
      () =>
        Object.values(network.processes)
          .flatMap((p) => p.lines)
          .find((l) => l.includes(`"trace_id":"${traceId}"`)),
      {
        description: () =>
          `a log line with trace_id ${traceId}:\n${Object.values(network.processes)
            .flatMap((p) => p.lines)
            .slice(-60)
            .join('\n')}`,
      },
    );
    const logged = JSON.parse(line) as { trace_id: string; span_id: string };
    expect(spans.map((s) => s.spanId)).toContain(logged.span_id);
  });

  it('a malformed traceparent on the request starts a fresh trace and breaks nothing', async () => {
    const gql = graphqlClient(() => network.url);
    const editor = await signInHeaders(network.url, 'editor.stp@demo.pcn.vn');
    const hostile = `00-${'z'.repeat(32)}-${'0'.repeat(16)}-01\r\nx: ${'a'.repeat(4000)}`.replace(
      /\r\n/,
      ' ',
    );
    const created = await gql<{ createDraft: { id: string } }>(
      createDraftMutation,
      draftInput('QD-TRC-BAD-01'),
      { ...editor, traceparent: hostile },
    );
    expect(created.errors).toBeUndefined();
    const stored = await storedDraftCreated(nc, network.prefix, created.data!.createDraft.id);
    const carried = stored.header?.get('traceparent') ?? '';
    expect(carried).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(carried).not.toContain('z');
  });
});

describe('tracing off by default', () => {
  const receiver = new OtlpReceiver();
  let network: Network;

  beforeAll(async () => {
    await receiver.start();
    // The preload is loaded and an endpoint is set, but no exporter is named: tracing stays off.
    network = await startNetwork('off', { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }, false);
  }, 90_000);

  afterAll(async () => {
    await receiver.stop();
    await network?.dir.remove();
  });

  it('exports nothing, puts no traceparent on events and no trace id in logs', async () => {
    const traceId = randomBytes(16).toString('hex');
    const draftId = await createDraft(
      network,
      traceId,
      randomBytes(8).toString('hex'),
      'QD-TRC-OFF-01',
    );
    const stored = await storedDraftCreated(nc, network.prefix, draftId);
    expect(stored.header?.get('traceparent') ?? '').toBe('');
    // Stopping flushes whatever a tracer would have batched: still nothing arrives.
    const exits = await network.services.stopAll();
    expect(exits.every((e) => e.code === 0)).toBe(true);
    expect(receiver.requests).toBe(0);
    const lines = Object.values(network.processes).flatMap((p) => p.lines);
    expect(lines.some((l) => l.includes('trace_id'))).toBe(false);
  });
});

import { createServer, type Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { BusNames, DeadLetterHeaders } from '@pcn/events';
import {
  seedEveryChannelSubscriber,
  seededConsultationOpened,
  startRecordingProvider,
  startSmtpSink,
  type RecordingProvider,
  type SmtpSink,
} from '@pcn/notification-service/testing';
import { openStore } from '@pcn/storage';
import {
  freePorts,
  ServiceProcesses,
  spawnProcess,
  tempDir,
  uniquePrefix,
  waitFor,
  type FixtureProcess,
  type TempDir,
} from '@pcn/testing';
import { DEMO_PASSWORD, graphqlClient, signInHeaders } from '@pcn/gateway/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// One trace across the network: the gateway, the draft service and the notification service run
// as their own processes from dist/, with the tracing preload (`node --import`) and an OTLP
// http/json receiver in this process. A GraphQL mutation carries a traceparent we chose, so every
// span of its trace is found by that trace id: HTTP and GraphQL in the gateway, the gRPC call on
// both sides, the commit, the relay's publish (traceparent in the NATS headers), and the
// notification service's consumer with its own commit.
const INTERNAL_SECRET = 'trc-internal-secret-trc-internal-secret';
const preload = fileURLToPath(new URL('../../platform/dist/tracing-preload.js', import.meta.url));
const adminMain = fileURLToPath(new URL('../../admin/dist/main.js', import.meta.url));
const servicesDir = new URL('../../../services/', import.meta.url);
/** Tracing on, exported to `receiver` within 100 ms (not the default 5 s): the test waits less. */
const tracingOn = (receiver: OtlpReceiver) => ({
  OTEL_TRACES_EXPORTER: 'otlp',
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
  OTEL_BSP_SCHEDULE_DELAY: '100',
});

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  service: string;
  /** Attribute values as OTLP/JSON sends them (`{ stringValue }`, `{ intValue }`, ...). */
  attributes?: { key: string; value: Record<string, unknown> }[];
  status?: { code?: number; message?: string };
}

/** A span's attributes as plain values. */
function attributesOf(span: OtlpSpan): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of span.attributes ?? []) {
    const [v] = Object.values(value);
    out[key] = v;
  }
  return out;
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

const createDraftMutation = `mutation CreateDraft($input: CreateDraftInput!) { createDraft(input: $input) { id } }`;
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
    servicesDir,
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
    network = await startNetwork('on', { ...tracingOn(receiver), LOG_LEVEL: 'debug' }, true);
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
      execute: ['gateway', INTERNAL, /^graphql\.execute$/],
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
    expect(found.validate.parentSpanId).toBe(found.http.spanId);
    expect(found.execute.parentSpanId).toBe(found.http.spanId);
    expect(found.grpcClient.parentSpanId).toBe(found.execute.spanId);
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

    // GraphQL's spans name the operation, never its variables.
    for (const span of [found.parse, found.validate, found.execute])
      expect(attributesOf(span), span.name).toMatchObject({
        'graphql.operation.type': 'mutation',
        'graphql.operation.name': 'CreateDraft',
      });

    // No span anywhere holds what people sent: variables, the sign-in's address and password.
    const exported = JSON.stringify(receiver.spans.map((s) => s.attributes ?? []));
    for (const secret of ['editor.stp@demo.pcn.vn', DEMO_PASSWORD, 'QD-TRC-ON-01', 'đò ngang'])
      expect(exported).not.toContain(secret);

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

  it('a query that fails validation marks its validate span with the error code, not the text', async () => {
    const traceId = randomBytes(16).toString('hex');
    const gql = graphqlClient(() => network.url);
    const answer = await gql(
      `query Broken { noSuchField(secret: "0912345678") }`,
      {},
      {
        traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01`,
      },
    );
    expect(answer.errors?.length).toBeGreaterThan(0);
    const validate = await waitFor(
      () => receiver.trace(traceId).find((s) => s.name === 'graphql.validate'),
      { timeoutMs: 10_000, description: `the validate span of trace ${traceId}` },
    );
    expect(validate.status?.code).toBe(2); // ERROR
    expect(attributesOf(validate)).toMatchObject({
      'graphql.operation.type': 'query',
      'graphql.operation.name': 'Broken',
    });
    expect(JSON.stringify(validate.attributes)).toContain('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(receiver.trace(traceId))).not.toContain('0912345678');
    // Nothing is executed after a failed validation.
    expect(receiver.trace(traceId).some((s) => s.name === 'graphql.execute')).toBe(false);
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

/** Whether every span's chain of parents in `spans` reaches `root`. */
function reaches(spans: OtlpSpan[], span: OtlpSpan, root: string): boolean {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  let s: OtlpSpan | undefined = span;
  while (s && s.spanId !== root) s = s.parentSpanId ? byId.get(s.parentSpanId) : undefined;
  return s !== undefined;
}

describe('tracing on: from a notifiable event to each channel send, and a replayed dead letter', () => {
  const receiver = new OtlpReceiver();
  const names = new BusNames(uniquePrefix('trn'));
  const citizen = {
    email: 'citizen.trace@example.vn',
    phone: '+84912345678',
    webhookSecret: 'trn-webhook-secret-trn-webhook-secret-0123',
  };
  let dir: TempDir;
  let services: ServiceProcesses;
  let smtp: SmtpSink;
  let provider: RecordingProvider;
  let notification: FixtureProcess;

  beforeAll(async () => {
    await receiver.start();
    smtp = await startSmtpSink();
    provider = await startRecordingProvider();
    dir = await tempDir('pcn-tracing-notify-');
    // One citizen in district lc-bx, reachable on every provider channel.
    const store = await openStore({ kind: 'sqlite', path: dir.file('notification.db') });
    await seedEveryChannelSubscriber(store, 'sub-trace-1', {
      ...citizen,
      webhookUrl: `${provider.url}/hooks/trace`,
    });
    await store.close();
    services = new ServiceProcesses({
      servicesDir,
      natsUrl: inject('natsUrl'),
      busPrefix: names.prefix,
      env: { INTERNAL_SECRET, NODE_OPTIONS: `--import=${preload}`, ...tracingOn(receiver) },
    });
    notification = services.launch('notification', {
      SQLITE_FILE: dir.file('notification.db'),
      GRPC_PORT: String(await freePorts(1)),
      NOTIFICATION_LINK_SECRET: 'trn-link-secret-trn-link-secret-trn-link',
      PUBLIC_BASE_URL: 'https://pcn.example.vn',
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      SMS_API_URL: provider.url,
      SMS_API_KEY: 'esms-key',
      SMS_SECRET_KEY: 'esms-secret',
      SMS_RATE_PER_SECOND: '1000',
      ZALO_API_URL: provider.url,
      ZALO_ACCESS_TOKEN: 'zalo-token',
      ZALO_TEMPLATE_ID: '231',
      ALLOW_INSECURE_WEBHOOKS: 'true',
    });
    await notification.waitForLine(/gRPC serving/, 30_000);
  }, 60_000);

  afterAll(async () => {
    const exits = await services?.stopAll();
    await receiver.stop();
    await smtp?.close();
    await provider?.close();
    await dir?.remove();
    expect(exits?.every((e) => e.code === 0)).toBe(true);
  });

  /** Publishes as the draft service's relay does: the event id as Msg-Id, a traceparent header. */
  async function publishTraced(subject: string, body: string, msgId: string, traceparent: string) {
    const h = natsHeaders();
    h.set('traceparent', traceparent);
    await jetstream(nc).publish(subject, body, { msgID: msgId, headers: h });
  }

  it("continues the event's trace through the fan-out to a send on every channel, naming no recipient", async () => {
    const traceId = randomBytes(16).toString('hex');
    const sentSpanId = randomBytes(8).toString('hex');
    const event = seededConsultationOpened(`draft-trace-${randomBytes(4).toString('hex')}`);
    await publishTraced(
      names.subjectFor(event.type),
      JSON.stringify(event),
      event.id,
      `00-${traceId}-${sentSpanId}-01`,
    );
    // Every provider got its message.
    await waitFor(
      () =>
        smtp.messages.length >= 1 &&
        provider.requestsTo('esms').length >= 1 &&
        provider.requestsTo('zns').length >= 1 &&
        provider.requestsTo('hook').length >= 1,
      { timeoutMs: 20_000, description: 'a message on email, SMS, Zalo and the webhook' },
    );
    const channels = ['email', 'sms', 'zalo', 'webhook'] as const;
    const spans = await waitFor(
      () => {
        const spans = receiver.trace(traceId);
        const sends = channels.map((c) =>
          spans.find((s) => s.name === `notification deliver ${c}`),
        );
        // A parent span ends (and is exported) after its children: wait until every send's chain
        // up to the event's consumer span has arrived, not only the sends.
        const consumerSpan = spans.find(
          (s) => s.kind === CONSUMER && s.parentSpanId === sentSpanId,
        );
        const complete =
          consumerSpan !== undefined &&
          sends.every((send) => send !== undefined && reaches(spans, send, consumerSpan.spanId));
        return complete ? { spans, sends: sends as OtlpSpan[] } : undefined;
      },
      {
        timeoutMs: 20_000,
        description: () =>
          `a delivery span per channel in trace ${traceId}; so far: ${JSON.stringify(
            receiver.trace(traceId).map((s) => `${s.service}:${s.kind}:${s.name}`),
          )}`,
      },
    );
    const consumer = spans.spans.find(
      (s) => s.kind === CONSUMER && s.name === `${names.subjectFor(event.type)} process`,
    );
    expect(consumer?.parentSpanId).toBe(sentSpanId);
    // One span per batch of subscribers, each in the event's trace; the one that found our
    // citizen planned a delivery per channel.
    const batches = spans.spans.filter((s) => s.name === 'notification fan-out batch');
    for (const batch of batches) expect(reaches(spans.spans, batch, consumer!.spanId)).toBe(true);
    const fanout = batches.find((b) => attributesOf(b)['pcn.fanout.deliveries'] === 4);
    expect(fanout, JSON.stringify(batches.map(attributesOf))).toBeDefined();
    expect(attributesOf(fanout!)).toMatchObject({
      'pcn.event.type': event.type,
      'pcn.event.id': event.id,
      'pcn.fanout.subscribers': 1,
    });
    for (const [i, channel] of channels.entries()) {
      const send = spans.sends[i]!;
      expect(send.service).toBe('notification');
      expect(send.kind).toBe(CLIENT);
      // Through the work item's queue, back to the fan-out and the event that caused it.
      expect(reaches(spans.spans, send, fanout!.spanId), `${channel} send under the fan-out`).toBe(
        true,
      );
      expect(
        spans.spans.find((s) => s.spanId === send.parentSpanId)?.name,
        `${channel} send in its work item's consumer span`,
      ).toBe(`${names.workSubject('notification', channel)} process`);
      expect(attributesOf(send)).toMatchObject({
        'pcn.notification.channel': channel,
        // A webhook's 2xx is its delivery; the other providers only accept the message.
        'pcn.delivery.outcome': channel === 'webhook' ? 'delivered' : 'sent',
        'pcn.event.type': event.type,
      });
    }
    // No recipient address in any span (the phone also as the providers spell it, 84...).
    const exported = JSON.stringify(receiver.spans);
    for (const address of [citizen.email, citizen.phone, citizen.phone.slice(1), '/hooks/trace'])
      expect(exported).not.toContain(address);
  });

  it("a dead letter keeps its traceparent, and pcn-admin's replay joins the original trace", async () => {
    const traceId = randomBytes(16).toString('hex');
    const sentSpanId = randomBytes(8).toString('hex');
    const traceparent = `00-${traceId}-${sentSpanId}-01`;
    // Work naming an event the service never stored can never succeed: dead-lettered at once.
    const subject = names.workSubject('notification', 'email');
    await publishTraced(
      subject,
      JSON.stringify({ eventId: 'evt-never-stored', subscriberIds: ['sub-trace-1'] }),
      `work-trace-${traceId}`,
      traceparent,
    );
    const jsm = await jetstreamManager(nc);
    const deadLetterSubject = names.deadLetterSubject(names.durable('notification', 'work-email'));
    const letter = await waitFor(
      async () =>
        jsm.streams
          .getMessage(names.deadLetterStream, { last_by_subj: deadLetterSubject })
          .catch(() => null),
      { timeoutMs: 15_000, description: 'the dead letter of the work item' },
    );
    expect(letter.header?.get(DeadLetterHeaders.Traceparent)).toBe(traceparent);
    const processed = () =>
      receiver.trace(traceId).filter((s) => s.kind === CONSUMER && s.name === `${subject} process`);
    await waitFor(() => processed().length === 1, {
      timeoutMs: 10_000,
      description: 'the first attempt in the trace',
    });

    // As an operator runs it, in a process of its own.
    const replay = spawnProcess(
      process.execPath,
      [adminMain, 'dead-letters', 'replay', String(letter.seq), '--json'],
      { NATS_URL: inject('natsUrl'), BUS_PREFIX: names.prefix, PCN_OPERATOR: 'ops-trace' },
    );
    expect((await replay.exited).code, replay.lines.join('\n')).toBe(0);
    // The consumer took the replayed message in the same trace, under the same parent.
    const attempts = await waitFor(() => (processed().length === 2 ? processed() : undefined), {
      timeoutMs: 15_000,
      description: () => `two attempts in trace ${traceId}, got ${processed().length}`,
    });
    expect(attempts.map((s) => s.parentSpanId)).toEqual([sentSpanId, sentSpanId]);
    expect(new Set(attempts.map((s) => s.spanId)).size).toBe(2);
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

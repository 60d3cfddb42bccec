import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { BusNames, createEventFactory } from '@pcn/events';
import { systemClock } from '@pcn/platform';
import {
  consultationWindow,
  draftEventData,
  scrape,
  tempDir,
  uniquePrefix,
  waitFor,
  type Scrape,
  type TempDir,
} from '@pcn/testing';
import { graphqlClient, signInOnce, type Gateway } from '@pcn/gateway/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  startGatewayWithNotifications,
  type GatewayWithNotifications,
} from './gateway-with-notifications.js';
import type { NotificationBackend } from './notification-backend.js';

// The gateway and the notification service, real and in this process, on a real nats-server and
// SQLite files: a GraphQL request, the gRPC call behind it, an event and a dead letter, then both
// /metrics read line by line. The alert rules and the dashboard in infra/ are checked against the
// metric names these scrapes hold, so renaming a metric fails here.
const INTERNAL_SECRET = 'int-internal-secret-int-internal-secret';
const GATEWAY_TOKEN = 'gateway-metrics-token-gateway-metrics-token';
const MAX_OPERATION_NAMES = 50;
const prefix = uniquePrefix('mtr');
const names = new BusNames(prefix);
const observability = new URL('../../../infra/deploy/observability/', import.meta.url);
let dir: TempDir;
let network: GatewayWithNotifications | undefined;
let gateway: Gateway;
let backend: NotificationBackend;

beforeAll(async () => {
  dir = await tempDir('pcn-metrics-');
  network = await startGatewayWithNotifications({
    dir,
    busPrefix: prefix,
    internalSecret: INTERNAL_SECRET,
    gateway: {
      METRICS_TOKEN: GATEWAY_TOKEN,
      METRICS_MAX_OPERATION_NAMES: String(MAX_OPERATION_NAMES),
    },
  });
  ({ gateway, backend } = network);
  // The gateway's channel to the service reconnects with backoff after its first failed attempts.
  await waitFor(
    async () => {
      const { data } = await gql<{ network: { services: { name: string; status: string }[] } }>(
        '{ network { services { name status } } }',
      );
      return data?.network.services.some(
        (s) => s.name === 'notification' && s.status === 'SERVING',
      );
    },
    { timeoutMs: 30_000, description: 'the notification service serving behind the gateway' },
  );
  await backend.unitTreeReceived();
}, 60_000);

afterAll(async () => {
  await network?.stop();
  await dir?.remove();
});

const gql = graphqlClient(() => gateway.url);
const signIn = signInOnce(() => gateway.url);
const officer = () => signIn('officer.yty@demo.pcn.vn');

const gatewayMetrics = () =>
  scrape(`http://127.0.0.1:${gateway.metricsPort}/metrics`, GATEWAY_TOKEN);
const serviceMetrics = () => scrape(`http://127.0.0.1:${backend.service.host.metricsPort}/metrics`);

/** A POST naming its operation, as clients do. */
async function operation(query: string, operationName: string | undefined) {
  const res = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, operationName }),
  });
  await res.arrayBuffer();
  return res.status;
}

/** Runs `count` requests, `width` at a time. */
async function inParallel(count: number, width: number, run: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await run(next++);
    }),
  );
}

function operationNames(m: Scrape): Set<string> {
  return new Set(m.find('pcn_graphql_operations_total').map((s) => s.labels['operation_name']!));
}

describe('the gateway /metrics', () => {
  it('is not on the public port, and its own port refuses a scrape without the token', async () => {
    const base = gateway.url.replace('/graphql', '');
    expect(gateway.metricsPort).not.toBe(gateway.port);
    const publicScrape = await fetch(`${base}/metrics`);
    expect(publicScrape.status).toBe(404);
    expect(await publicScrape.text()).not.toContain('pcn_');
    const metricsUrl = `http://127.0.0.1:${gateway.metricsPort}/metrics`;
    const bare = await fetch(metricsUrl);
    expect(bare.status).toBe(401);
    expect(await bare.text()).not.toContain('pcn_');
    const wrong = await fetch(metricsUrl, { headers: { authorization: 'Bearer guess' } });
    expect(wrong.status).toBe(401);
    const basic = await fetch(metricsUrl, {
      headers: { authorization: `Basic ${Buffer.from(`x:${GATEWAY_TOKEN}`).toString('base64')}` },
    });
    expect(basic.status).toBe(401);
    expect((await gatewayMetrics()).value('pcn_build_info', { service: 'gateway' })).toBe(1);
  });

  it('counts and times GraphQL operations by name, and the gRPC call behind one', async () => {
    const before = await gatewayMetrics();
    const named = { operation_type: 'query', operation_name: 'NetworkStatus' };
    const was = before.value('pcn_graphql_operations_total', named) ?? 0;
    const hitsWere = before.value('pcn_gateway_public_cache_hits_total') ?? 0;
    for (let i = 0; i < 3; i += 1)
      expect(
        await operation('query NetworkStatus { network { liveSubscriptions } }', 'NetworkStatus'),
      ).toBe(200);
    expect(await operation('{ network { liveSubscriptions } }', undefined)).toBe(200);
    // Signed in, so it is not answered from the public cache, and goes to the service by gRPC.
    const auth = await officer();
    const subscribed = await gql(
      `mutation Subscribe($input: SubscribeInput!) { subscribe(input: $input) { subscriberId } }`,
      {
        input: {
          language: 'vi',
          contacts: [{ channel: 'EMAIL', address: 'metrics.officer@example.vn' }],
          unitIds: ['lao-cai'],
          consent: { given: true, textVersion: 'consent-2026-01' },
        },
      },
      auth,
    );
    expect(subscribed.errors).toBeUndefined();

    const after = await gatewayMetrics();
    // The public cache may answer repeats of the same anonymous query without running it.
    const ran = (after.value('pcn_graphql_operations_total', named) ?? 0) - was;
    expect(ran).toBeGreaterThanOrEqual(1);
    // Every one of the three either ran or was answered from the cache.
    expect(ran + (after.value('pcn_gateway_public_cache_hits_total') ?? 0) - hitsWere).toBe(3);
    expect(
      after.value('pcn_graphql_operations_total', {
        operation_type: 'mutation',
        operation_name: 'Subscribe',
      }),
    ).toBe(1);
    expect(
      after.value('pcn_graphql_operation_duration_seconds_count', {
        operation_type: 'mutation',
        operation_name: 'Subscribe',
      }),
    ).toBe(1);
    expect(
      after.value('pcn_graphql_operations_total', {
        operation_type: 'query',
        operation_name: 'anonymous',
      }),
    ).toBeGreaterThanOrEqual(1);
    const service = await serviceMetrics();
    expect(
      service.value('pcn_grpc_server_handled_total', {
        grpc_service: 'pcn.notification.v1.NotificationService',
        grpc_method: 'Subscribe',
        grpc_code: 'OK',
      }),
    ).toBe(1);
  });

  it('counts errors by phase and code, with no field path or message in a label', async () => {
    expect(await operation('query Broken { nosuchfield }', 'Broken')).toBe(200);
    expect(await operation('query Unparsable {', 'Unparsable')).toBe(200);
    const m = await gatewayMetrics();
    expect(m.value('pcn_graphql_errors_total', { phase: 'validate' })).toBeGreaterThanOrEqual(1);
    expect(m.value('pcn_graphql_errors_total', { phase: 'parse' })).toBeGreaterThanOrEqual(1);
    for (const s of m.find('pcn_graphql_errors_total'))
      expect(Object.keys(s.labels).sort()).toEqual([
        'code',
        'operation_name',
        'operation_type',
        'phase',
      ]);
  });

  it('keeps operation names bounded when a client sends 2,000 random ones', async () => {
    const random = () => `Op${randomBytes(8).toString('hex')}`;
    // Half name an operation the document does not hold (Yoga refuses them before execution, so
    // they make no series); half are real, distinct documents: 20 times the names kept.
    await inParallel(2_000, 16, (i) => {
      const name = random();
      return i % 2 === 0
        ? operation('query Fixed { network { liveSubscriptions } }', name)
        : operation(`query ${name} { network { liveSubscriptions } }`, name);
    });
    const m = await gatewayMetrics();
    // Kept names, plus anonymous, other and unknown.
    expect(operationNames(m).size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 3);
    const errorNames = new Set(
      m.find('pcn_graphql_errors_total').map((s) => s.labels['operation_name']),
    );
    expect(errorNames.size).toBeLessThanOrEqual(MAX_OPERATION_NAMES + 3);
    // The real documents ran, past the kept names as `other`.
    expect(
      m.value('pcn_graphql_operations_total', { operation_name: 'other' }),
    ).toBeGreaterThanOrEqual(1_000 - MAX_OPERATION_NAMES);
    // A name kept before the flood is still counted as itself.
    expect(
      await operation(
        'query NetworkStatus { network { totalUnits: liveSubscriptions } }',
        'NetworkStatus',
      ),
    ).toBe(200);
    expect(operationNames(await gatewayMetrics()).has('NetworkStatus')).toBe(true);
  }, 240_000);
});

describe('the notification service /metrics', () => {
  it('counts deliveries per channel and state once an event fans out', async () => {
    const inApp = () =>
      serviceMetrics().then((m) =>
        m.value('pcn_notification_deliveries_total', { channel: 'in_app', state: 'delivered' }),
      );
    expect(await inApp()).toBeUndefined();
    const nc = await connect({ servers: inject('natsUrl') });
    try {
      const event = createEventFactory('draft', systemClock).create(
        'pcn.draft.v1.ConsultationOpened',
        'd-metrics',
        {
          ...draftEventData('d-metrics', { targetUnitIds: ['lc-xa-y-ty'] }),
          ...consultationWindow(),
        },
      );
      await jetstream(nc).publish(names.subjectFor(event.type), JSON.stringify(event), {
        msgID: event.id,
      });
    } finally {
      await nc.close();
    }
    // The officer who subscribed above follows the province, with the in-app channel.
    await waitFor(async () => ((await inApp()) ?? 0) >= 1, {
      timeoutMs: 20_000,
      description: 'the in-app delivery counted',
    });
    const m = await serviceMetrics();
    for (const s of m.find('pcn_notification_deliveries_total'))
      expect(Object.keys(s.labels).sort()).toEqual(['channel', 'state']);
    expect(m.value('pcn_notification_webhooks_disabled_total')).toBe(0);
  });

  it('counts a dead-lettered event against its consumer', async () => {
    const consumer = { consumer: names.durable('notification', 'directory') };
    expect((await serviceMetrics()).value('pcn_dead_letters', consumer)).toBe(0);
    const nc = await connect({ servers: inject('natsUrl') });
    try {
      await jetstream(nc).publish(names.subjectFor('pcn.directory.v1.UnitsChanged'), 'not json');
    } finally {
      await nc.close();
    }
    await waitFor(async () => (await serviceMetrics()).value('pcn_dead_letters', consumer) === 1, {
      timeoutMs: 15_000,
      description: 'the dead letter counted',
    });
    const m = await serviceMetrics();
    expect(m.value('pcn_consumer_pending_messages', consumer)).toBe(0);
    expect(m.value('pcn_outbox_pending_events')).toBeGreaterThanOrEqual(0);
  });
});

/** Every name a scrape's families expose: a histogram `x` as x_bucket, x_sum and x_count. */
function exported(...scrapes: Scrape[]): Set<string> {
  const out = new Set<string>();
  for (const m of scrapes)
    for (const [family, type] of m.types) {
      out.add(family);
      if (type === 'histogram' || type === 'summary')
        for (const suffix of ['_bucket', '_sum', '_count']) out.add(family + suffix);
    }
  return out;
}

/** Metric names in a PromQL expression (not functions, labels, keywords or durations). */
function metricsIn(expr: string): string[] {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  const withoutLabels = withoutStrings.replace(/\{[^}]*\}/g, '{}');
  const withoutGrouping = withoutLabels.replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '');
  return [
    ...withoutGrouping.matchAll(
      /\b(pcn_[a-z0-9_]+|process_[a-z0-9_]+|nodejs_[a-z0-9_]+|up)\b(?!\s*\()/g,
    ),
  ].map((m) => m[1]!);
}

/** Names Prometheus makes itself, not the processes. */
const PROMETHEUS_MADE = new Set(['up']);

describe('the alert rules and the dashboard in infra/', () => {
  let names: Set<string>;
  beforeAll(async () => {
    names = exported(await gatewayMetrics(), await serviceMetrics());
  });

  it('alert only on metrics the processes export, and cover the alerts operators need', async () => {
    const rules = parseYaml(await readFile(new URL('alert-rules.yml', observability), 'utf8')) as {
      groups: {
        name: string;
        rules: { alert: string; expr: string; labels?: { severity?: string } }[];
      }[];
    };
    const all = rules.groups.flatMap((g) => g.rules);
    expect(all.length).toBeGreaterThan(0);
    for (const rule of all) {
      const used = metricsIn(rule.expr);
      expect(used.length, `${rule.alert} names no metric`).toBeGreaterThan(0);
      for (const name of used)
        expect(names.has(name) || PROMETHEUS_MADE.has(name), `${rule.alert}: ${name}`).toBe(true);
      expect(['warning', 'critical']).toContain(rule.labels?.severity);
    }
    const alerted = new Set(all.flatMap((r) => metricsIn(r.expr)));
    for (const needed of [
      'pcn_consumer_pending_messages',
      'pcn_dead_letters',
      'pcn_outbox_pending_events',
      'pcn_outbox_oldest_pending_age_seconds',
      'pcn_notification_webhooks_disabled_total',
    ])
      expect(alerted.has(needed), needed).toBe(true);
  });

  it('chart only metrics the processes export', async () => {
    const dashboard = JSON.parse(
      await readFile(new URL('grafana-dashboard.json', observability), 'utf8'),
    ) as { uid: string; panels: { title: string; targets?: { expr: string }[] }[] };
    expect(dashboard.uid).toBe('pcn-overview');
    const targets = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ p, t })));
    expect(targets.length).toBeGreaterThan(10);
    for (const { p, t } of targets) {
      const used = metricsIn(t.expr);
      expect(used.length, `${p.title} names no metric`).toBeGreaterThan(0);
      for (const name of used) expect(names.has(name), `${p.title}: ${name}`).toBe(true);
    }
  });

  it('pass promtool, where it is installed', async (ctx) => {
    const promtool = await promisify(execFile)('promtool', ['--version']).catch(() => undefined);
    // Skipped only where promtool is missing: the reason is printed and given to the skip.
    if (!promtool) {
      const reason =
        'promtool is not installed (Debian package prometheus); rules checked by parsing only';
      console.warn(`skipped: ${reason}`);
      ctx.skip(reason);
      return;
    }
    const run = (args: string[]) =>
      promisify(execFile)('promtool', args, { cwd: fileURLToPath(observability) });
    await expect(run(['check', 'config', 'prometheus.yml'])).resolves.toBeDefined();
    const tested = await run(['test', 'rules', 'alert-rules.test.yml']);
    expect(tested.stdout).toContain('SUCCESS');
  });
});

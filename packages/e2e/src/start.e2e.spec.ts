import { fileURLToPath } from 'node:url';
import { connect as netConnect } from 'node:net';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { ops } from '@pcn/contracts';
import { BusNames, createEventFactory, toOutboxMessage } from '@pcn/events';
import { callUnary, createGrpcClient, systemClock } from '@pcn/platform';
import { openSqliteStore } from '@pcn/storage';
import {
  freePorts,
  scrape,
  spawnProcess,
  streamEventIds,
  tempDir,
  type FixtureProcess,
  type TempDir,
} from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm start`, as a new user runs it: the launcher, nats-server and five service processes.
const launcher = fileURLToPath(new URL('../../../infra/local/start.mjs', import.meta.url));
const ANSI = /\x1b\[[0-9;]*m/g; // eslint-disable-line no-control-regex

let dir: TempDir;
let ports: {
  nats: number;
  natsMonitor: number;
  gateway: number;
  grpc: number;
  smtp: number;
  catcher: number;
  metrics: number;
};
let running: FixtureProcess | undefined;

beforeAll(async () => {
  dir = await tempDir('pcn-start-');
  ports = {
    nats: await freePorts(1),
    natsMonitor: await freePorts(1),
    gateway: await freePorts(1),
    grpc: await freePorts(4),
    smtp: await freePorts(1),
    catcher: await freePorts(1),
    metrics: await freePorts(5),
  };
});
afterAll(async () => {
  // The whole group: a failed test must not leave the launcher's services holding ports.
  running?.killGroup('SIGKILL');
  await dir.remove();
});

async function start(): Promise<{ proc: FixtureProcess; url: string }> {
  const proc = spawnProcess(
    process.execPath,
    [launcher],
    {
      PCN_DATA_DIR: dir.path,
      PCN_NATS_PORT: String(ports.nats),
      // Free, like the others: the default (NATS port + 4000) may be taken on a busy machine.
      PCN_NATS_MONITOR_PORT: String(ports.natsMonitor),
      PCN_GATEWAY_PORT: String(ports.gateway),
      PCN_GRPC_BASE_PORT: String(ports.grpc),
      PCN_CATCHER_SMTP_PORT: String(ports.smtp),
      PCN_CATCHER_HTTP_PORT: String(ports.catcher),
      // A short demo consultation, as the README's walk-through opens one.
      CONSULTATION_MINIMUMS: 'provincial_decision=2m',
      PCN_METRICS_BASE_PORT: String(ports.metrics),
      LOG_LEVEL: 'info',
    },
    { processGroup: true },
  );
  running = proc;
  const match = await proc.waitForLine(
    /PCN is running\. GraphQL gateway: .*?(http:\/\/127\.0\.0\.1:\d+\/graphql)/,
    45_000,
  );
  return { proc, url: match[1] ?? '' };
}

/** SIGINT as Ctrl-C sends it; returns how long the whole network took to stop. */
async function stop(proc: FixtureProcess): Promise<number> {
  const t0 = Date.now();
  proc.kill('SIGINT');
  const exit = await proc.exited;
  running = undefined;
  expect(exit).toEqual({ code: 0, signal: null });
  return Date.now() - t0;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function draftStreamIds(): Promise<string[]> {
  const nc = await connect({ servers: `nats://127.0.0.1:${ports.nats}` });
  try {
    return await streamEventIds(await jetstreamManager(nc), new BusNames().stream('draft'));
  } finally {
    await nc.close();
  }
}

async function draftOutbox() {
  const client = createGrpcClient(ops.OpsServiceClient, `127.0.0.1:${ports.grpc}`, {
    audience: 'draft',
  });
  try {
    return await callUnary(client.getOutboxStatus.bind(client), {});
  } finally {
    client.close();
  }
}

async function graphql<T>(
  url: string,
  body: { query: string; variables?: Record<string, unknown> },
  headers: Record<string, string> = {},
): Promise<{ data?: T; errors?: unknown[] }> {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return (await r.json()) as { data?: T; errors?: unknown[] };
}

/** The drafts an anonymous reader sees in Hmong. */
async function demoDraft(url: string) {
  const r = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: '{ drafts(lang: "hmn") { edges { node { code language status } } } }',
    }),
  });
  const body = (await r.json()) as { data?: { drafts: { edges: { node: unknown }[] } } };
  return body.data?.drafts.edges.map((e) => e.node) ?? [];
}

describe('npm start', () => {
  const event = createEventFactory('draft', systemClock).create(
    'pcn.draft.v1.DraftCreated',
    'draft-e2e',
    {
      draftId: 'draft-e2e',
      code: 'E2E-1',
      documentType: 'provincial_decision',
      agencyId: 'org-e2e',
      title: { vi: 'Dự thảo thử nghiệm' },
      languages: ['vi'],
      targetUnitIds: [],
      ethnicGroups: [],
      audienceGroups: [],
      policyAreas: [],
      publicDisclosure: true,
      version: 1,
    },
  );

  it('brings the network up, prints the gateway URL, and stops cleanly on Ctrl-C', async () => {
    const { proc, url } = await start();
    expect(url).toBe(`http://127.0.0.1:${ports.gateway}/graphql`);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename network { services { name status } } }' }),
    });
    expect(await res.json()).toEqual({
      data: {
        __typename: 'Query',
        network: {
          services: ['draft', 'outreach', 'feedback', 'notification'].map((name) => ({
            name,
            status: 'SERVING',
          })),
        },
      },
    });
    // The demo data set includes a draft in vi and hmn, open for consultation.
    await expect
      .poll(() => demoDraft(url), { timeout: 20_000 })
      .toContainEqual({ code: 'DEMO-QD-2026-01', language: 'hmn', status: 'IN_CONSULTATION' });
    // Status beyond the four backends: the gateway, NATS, and every outbox (network admins).
    const admin = await graphql<{ signIn: { token: string } }>(url, {
      query: `mutation { signIn(email: "admin@demo.pcn.vn", password: "pcn-demo-2026") { token } }`,
    });
    const status = await graphql<{
      network: {
        gateway: { status: string };
        nats: { status: string };
        outbox: { service: string; status: string; pending: number | null }[];
      };
    }>(
      url,
      {
        query:
          '{ network { gateway { status } nats { status } outbox { service status pending } } }',
      },
      { authorization: `Bearer ${admin.data?.signIn.token ?? ''}` },
    );
    expect(status.data?.network.gateway.status).toBe('SERVING');
    expect(status.data?.network.nats.status).toBe('SERVING');
    expect(status.data?.network.outbox.map((o) => [o.service, o.status])).toEqual(
      ['gateway', 'draft', 'outreach', 'feedback', 'notification'].map((s) => [s, 'SERVING']),
    );
    for (const o of status.data?.network.outbox ?? []) expect(o.pending).toBeGreaterThanOrEqual(0);

    // A newcomer subscribes and reads the verification code at /dev/outbox: the catchers took
    // the email and the SMS, and the code confirms the subscription.
    const subscribed = await graphql<{ subscribe: { subscriberId: string } }>(url, {
      query: `mutation($input: SubscribeInput!) { subscribe(input: $input) { subscriberId } }`,
      variables: {
        input: {
          language: 'vi',
          contacts: [
            { channel: 'EMAIL', address: 'newcomer@example.vn' },
            { channel: 'SMS', address: '+84912345678' },
          ],
          unitIds: ['lao-cai'],
          consent: { given: true, textVersion: 'consent-2026-01' },
        },
      },
    });
    const subscriberId = subscribed.data?.subscribe.subscriberId ?? '';
    expect(subscriberId).not.toBe('');
    const outbox = `http://127.0.0.1:${ports.gateway}/dev/outbox`;
    const page = async () => (await fetch(outbox)).text();
    await expect
      .poll(page, { timeout: 20_000 })
      .toMatch(/newcomer@example\.vn[\s\S]*84912345678|84912345678[\s\S]*newcomer@example\.vn/);
    const html = await page();
    const code = /<td>newcomer@example\.vn<\/td>[\s\S]*?(\d{6})/.exec(html)?.[1];
    expect(code).toBeDefined();
    const confirmed = await graphql<{ confirmSubscription: { status: string } }>(url, {
      query: `mutation($input: ConfirmSubscriptionInput!) { confirmSubscription(input: $input) { status } }`,
      variables: { input: { subscriberId, channel: 'EMAIL', code } },
    });
    expect(confirmed.data?.confirmSubscription.status).toBe('ACTIVE');

    // An editor opens a 3-minute consultation targeting the province: the subscriber is told,
    // and every link in every caught message leads to a page that exists.
    const signedIn = await graphql<{ signIn: { token: string } }>(url, {
      query: `mutation { signIn(email: "editor.stp@demo.pcn.vn", password: "pcn-demo-2026") { token } }`,
    });
    const editor = { authorization: `Bearer ${signedIn.data?.signIn.token ?? ''}` };
    const created = await graphql<{ createDraft: { id: string; version: number } }>(
      url,
      {
        query: `mutation($input: CreateDraftInput!) { createDraft(input: $input) { id version } }`,
        variables: {
          input: {
            code: 'QD-NEWCOMER-01',
            documentType: 'provincial_decision',
            agencyId: 'org-so-tu-phap',
            content: { title: [{ lang: 'vi', text: 'Dự thảo thử của người mới' }] },
            target: { unitIds: ['lao-cai'] },
          },
        },
      },
      editor,
    );
    expect(created.errors).toBeUndefined();
    const draftId = created.data?.createDraft.id ?? '';
    const now = Date.now();
    const opened = await graphql<{ openConsultation: { status: string } }>(
      url,
      {
        query: `mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { status } }`,
        variables: {
          input: {
            id: draftId,
            expectedVersion: created.data?.createDraft.version,
            opensAt: new Date(now).toISOString(),
            closesAt: new Date(now + 3 * 60_000).toISOString(),
          },
        },
      },
      editor,
    );
    expect(opened.errors).toBeUndefined();
    expect(opened.data?.openConsultation.status).toBe('IN_CONSULTATION');
    await expect.poll(page, { timeout: 30_000 }).toContain(`/drafts/${draftId}`);
    const links = [...(await page()).matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) =>
      m[0].replace(/&amp;/g, '&'),
    );
    expect(links.some((l) => l.includes('/confirm/'))).toBe(true);
    for (const link of links) {
      const r = await fetch(link);
      expect(`${r.status} ${link}`).toBe(`200 ${link}`);
      await r.body?.cancel();
    }

    const lines = proc.lines.map((l) => l.replace(ANSI, ''));
    for (const service of ['draft', 'outreach', 'feedback', 'notification', 'gateway'])
      expect(lines.some((l) => l.startsWith(`${service.padEnd(12)}|`))).toBe(true);
    // Each process serves /metrics on its own loopback port, printed at start.
    expect(lines.some((l) => l.includes(`http://127.0.0.1:${ports.metrics}/metrics`))).toBe(true);
    for (const [i, service] of [
      'gateway',
      'draft',
      'outreach',
      'feedback',
      'notification',
    ].entries()) {
      const metrics = await scrape(`http://127.0.0.1:${ports.metrics + i}/metrics`);
      expect(metrics.find('pcn_build_info')[0]?.labels['service']).toBe(service);
    }

    const took = await stop(proc);
    expect(took).toBeLessThan(10_000);
    for (const port of [
      ports.nats,
      ports.gateway,
      ports.grpc,
      ports.grpc + 1,
      ports.grpc + 2,
      ports.grpc + 3,
      ports.smtp,
      ports.catcher,
      ...[0, 1, 2, 3, 4].map((i) => ports.metrics + i),
    ])
      expect(await portOpen(port)).toBe(false);
  });

  it('keeps the data across restarts, and skips install and build when nothing changed', async () => {
    // While the network is down, a service's store gains an event that was committed but never
    // published, as after a crash.
    const store = await openSqliteStore({ path: `${dir.path}/draft.db` });
    await store.transaction((tx) => tx.enqueue([toOutboxMessage(new BusNames(), event)]));
    await store.close();

    const second = await start();
    const output = second.proc.lines.join('\n');
    expect(output).not.toMatch(/installing dependencies|building \(tsc -b\)|installing pnpm/);
    const copies = async () => (await draftStreamIds()).filter((id) => id === event.id).length;
    await expect.poll(copies, { timeout: 10_000 }).toBe(1);
    // Wait for the demo seeding to settle, so the snapshot below is complete.
    await expect
      .poll(() => demoDraft(second.url), { timeout: 20_000 })
      .toContainEqual({ code: 'DEMO-QD-2026-01', language: 'hmn', status: 'IN_CONSULTATION' });
    const streamBefore = await draftStreamIds();
    const outboxBefore = await draftOutbox();
    expect(outboxBefore.pending).toBe('0');
    await stop(second.proc);

    // The third start finds everything as it was: nothing lost, nothing published again.
    const third = await start();
    expect(await draftStreamIds()).toEqual(streamBefore);
    // "PCN is running" means the gateway answers; a backend may still be binding its port.
    await expect
      .poll(() => draftOutbox().catch(() => undefined), { timeout: 20_000 })
      .toMatchObject({ pending: '0', published: outboxBefore.published });
    expect(await copies()).toBe(1);
    await stop(third.proc);
  });
});

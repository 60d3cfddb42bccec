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
let ports: { nats: number; gateway: number; grpc: number; metrics: number };
let running: FixtureProcess | undefined;

beforeAll(async () => {
  dir = await tempDir('pcn-start-');
  ports = {
    nats: await freePorts(1),
    gateway: await freePorts(1),
    grpc: await freePorts(4),
    metrics: await freePorts(5),
  };
});
afterAll(async () => {
  running?.kill('SIGKILL');
  await dir.remove();
});

async function start(): Promise<{ proc: FixtureProcess; url: string }> {
  const proc = spawnProcess(process.execPath, [launcher], {
    PCN_DATA_DIR: dir.path,
    PCN_NATS_PORT: String(ports.nats),
    PCN_GATEWAY_PORT: String(ports.gateway),
    PCN_GRPC_BASE_PORT: String(ports.grpc),
    PCN_METRICS_BASE_PORT: String(ports.metrics),
    LOG_LEVEL: 'info',
  });
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
    expect(await draftOutbox()).toMatchObject({ pending: '0', published: outboxBefore.published });
    expect(await copies()).toBe(1);
    await stop(third.proc);
  });
});

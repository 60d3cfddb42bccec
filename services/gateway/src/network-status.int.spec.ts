import { tempDir, uniquePrefix, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from './gateway.js';
import { startTestGateway } from './testing/gateway-harness.js';
import { graphqlClient, signInOnce } from './testing/graphql-client.js';

// `network` beyond the four backends: the gateway itself, NATS, and every outbox's backlog. Here
// the backends are on dead addresses, so they must show as unreachable, not fail the query.
let dir: TempDir;
let gateway: Gateway;

beforeAll(async () => {
  dir = await tempDir('pcn-gw-network-');
  gateway = await startTestGateway({
    BUS_PREFIX: uniquePrefix('gwn'),
    SQLITE_FILE: dir.file('gateway.db'),
  });
});
afterAll(async () => {
  await gateway?.lifecycle.shutdown('test done');
  await dir?.remove();
});

const gql = graphqlClient(() => gateway.url);
const signIn = signInOnce(() => gateway.url);

interface Outbox {
  service: string;
  status: string;
  pending: number | null;
  published: number | null;
  oldestPendingAt: string | null;
}

describe('network status', () => {
  it('shows the gateway (version, ready) and NATS (round trip) to anyone', async () => {
    const res = await gql<{
      network: {
        gateway: { version: string; status: string };
        nats: { status: string; rttMs: number | null };
      };
    }>('{ network { gateway { version status } nats { status rttMs } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data?.network.gateway).toEqual({
      version: expect.stringMatching(/^\d+\.\d+\.\d+/) as string,
      status: 'SERVING',
    });
    expect(res.data?.network.nats.status).toBe('SERVING');
    expect(res.data?.network.nats.rttMs).toBeGreaterThanOrEqual(0);
  });

  it("shows network admins each outbox's backlog, the unreachable backends as such", async () => {
    const res = await gql<{ network: { outbox: Outbox[] } }>(
      '{ network { outbox { service status pending published oldestPendingAt } } }',
      {},
      await signIn('admin@demo.pcn.vn'),
    );
    expect(res.errors).toBeUndefined();
    const rows = res.data?.network.outbox ?? [];
    expect(rows.map((r) => r.service)).toEqual([
      'gateway',
      'draft',
      'outreach',
      'feedback',
      'notification',
    ]);
    expect(rows[0]).toMatchObject({ service: 'gateway', status: 'SERVING' });
    expect(rows[0]?.pending).toBeGreaterThanOrEqual(0);
    expect(rows[0]?.published).toBeGreaterThanOrEqual(0);
    for (const row of rows.slice(1))
      expect(row).toEqual({
        service: row.service,
        status: 'UNREACHABLE',
        pending: null,
        published: null,
        oldestPendingAt: null,
      });
  });

  it('refuses the backlog to anyone but a network admin, with a code', async () => {
    for (const headers of [{}, await signIn('editor.stp@demo.pcn.vn')]) {
      const res = await gql('{ network { outbox { service pending } } }', {}, headers);
      expect(res.data).toBeNull();
      expect(['UNAUTHENTICATED', 'FORBIDDEN', 'PERMISSION_DENIED']).toContain(
        res.errors?.[0]?.extensions?.code,
      );
      expect(JSON.stringify(res)).not.toMatch(/at .*\.(ts|js):\d+/);
    }
  });
});

import {
  freePorts,
  ServiceProcesses,
  spawnProcess,
  tempDir,
  uniquePrefix,
  type FixtureProcess,
  type TempDir,
} from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusReport } from './app/status.ports.js';
import { ExitCode } from './exit-codes.js';
import {
  closedPort,
  INTERNAL_SECRET,
  runAdmin,
  startBackends,
  type TestNetwork,
} from './testing/network.test-helper.js';

// Replica counts come from the NATS monitoring endpoint, so this network has a nats-server of its
// own with monitoring on (connection names carry no bus prefix), and a second draft replica.
const prefix = uniquePrefix('rep');
let dir: TempDir;
let gatewayDir: TempDir;
let nats: FixtureProcess;
let monitorUrl: string;
let network: TestNetwork;
let extra: ServiceProcesses;

beforeAll(async () => {
  dir = await tempDir('pcn-admin-replicas-');
  const port = await freePorts(2);
  nats = spawnProcess('nats-server', [
    '-a',
    '127.0.0.1',
    '-p',
    String(port),
    '-m',
    String(port + 1),
    '-js',
    '-sd',
    dir.file('nats'),
  ]);
  await nats.waitForLine(/Server is ready/, 10_000);
  monitorUrl = `http://127.0.0.1:${port + 1}`;
  const natsUrl = `nats://127.0.0.1:${port}`;
  gatewayDir = await tempDir('pcn-admin-replicas-gateway-');
  network = await startBackends({ natsUrl, busPrefix: prefix, dataDir: dir, gatewayDir });
  extra = new ServiceProcesses({
    servicesDir: new URL('../../../services/', import.meta.url),
    natsUrl,
    busPrefix: prefix,
    env: { INTERNAL_SECRET },
  });
  const second = extra.launch('draft', {
    GRPC_PORT: String(await freePorts(1)),
    SQLITE_FILE: dir.file('draft.db'),
    REPLICA_ID: 'draft-second',
  });
  await second.waitForLine(/gRPC serving/, 30_000);
}, 60_000);

afterAll(async () => {
  await extra?.stopAll();
  await network?.stop();
  nats?.kill('SIGTERM');
  await nats?.exited;
  await dir?.remove();
  await gatewayDir?.remove();
});

describe('pcn-admin status with NATS monitoring', () => {
  it("counts each service's replicas connected to NATS", async () => {
    const run = await runAdmin(['status', '--json'], {
      ...network.env,
      NATS_MONITOR_URL: monitorUrl,
    });
    expect(run.code).toBe(ExitCode.Ok);
    const report = run.json<StatusReport>();
    expect(Object.fromEntries(report.services.map((s) => [s.service, s.replicas]))).toEqual({
      gateway: 1,
      draft: 2,
      outreach: 1,
      feedback: 1,
      notification: 1,
    });
    const human = await runAdmin(['status'], { ...network.env, NATS_MONITOR_URL: monitorUrl });
    expect(human.stdout).toMatch(/^draft +SERVING +0\.1\.0 +2 /m);
    expect(human.stdout).toMatch(/^gateway +SERVING +0\.1\.0 +1 /m);
  });

  it('reports a monitoring endpoint that does not answer as a problem (exit 3)', async () => {
    const run = await runAdmin(['status', '--json', '--timeout', '1000'], {
      ...network.env,
      NATS_MONITOR_URL: `http://127.0.0.1:${await closedPort()}`,
    });
    expect(run.code).toBe(ExitCode.Unhealthy);
    expect(run.json<StatusReport>().problems).toEqual([
      expect.stringMatching(/^NATS monitoring: /),
    ]);
    const without = await runAdmin(['status', '--json'], network.env);
    expect(without.json<StatusReport>().services.every((s) => s.replicas === undefined)).toBe(true);
  });
});

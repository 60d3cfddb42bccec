import { feedback as feedbackPb, ops } from '@pcn/contracts';
import { callUnary, createGrpcClient, runInContext, useInternalSecret } from '@pcn/platform';
import { BusNames } from '@pcn/events';
import { inboxCollection } from '@pcn/notification-service/testing';
import { openStore, type Store } from '@pcn/storage';
import {
  freePorts,
  ServiceProcesses,
  uniquePrefix,
  waitFor,
  type FixtureProcess,
  type NatsCluster,
  type TempDir,
} from '@pcn/testing';

/**
 * Every PCN process (the four backends and the gateway) on a NATS cluster, each on SQLite files
 * of its own, with what the cluster tests need: restart a process by name on the same ports and
 * files, a steady load of comments through the feedback service's outbox, and the count of their
 * effects at the notification service (each signed-in commenter's receipt, in their in-app inbox).
 */

export const BACKENDS = ['draft', 'outreach', 'feedback', 'notification'] as const;
export type Backend = (typeof BACKENDS)[number];
export type ProcessName = Backend | 'gateway';

const INTERNAL_SECRET = 'cluster-e2e-internal-secret-0123456789';

export interface ClusterNetwork {
  readonly processes: ServiceProcesses;
  readonly names: BusNames;
  readonly draftId: string;
  /** The running process of a service. */
  process(name: ProcessName): FixtureProcess;
  /** kill -9 of a service's process; it stays down until `restart`. */
  crash(name: ProcessName): Promise<void>;
  /** Starts a crashed service again with the same settings, and waits until it serves. */
  restart(name: ProcessName): Promise<void>;
  /** Each backend's outbox backlog, through its OpsService. */
  outboxPending(): Promise<Record<Backend, number>>;
  /** The notification service's store, opened next to the running service (reads only). */
  notificationStore(): Promise<Store>;
  submit(key: string, userId: string, text: string): Promise<{ receiptCode: string }>;
  close(): Promise<void>;
}

export async function startClusterNetwork(
  cluster: NatsCluster,
  dir: TempDir,
): Promise<ClusterNetwork> {
  const busPrefix = uniquePrefix('cluster');
  const processes = new ServiceProcesses({
    servicesDir: new URL('../../../services/', import.meta.url),
    natsUrl: cluster.urls.join(','),
    busPrefix,
    // One copy of every stream on each of the three nodes, as production runs.
    env: { INTERNAL_SECRET, STREAM_REPLICAS: String(cluster.size) },
  });
  const base = await freePorts(BACKENDS.length + 1);
  const port = (name: Backend) => base + BACKENDS.indexOf(name);
  const httpPort = base + BACKENDS.length;
  const env: Record<ProcessName, Record<string, string>> = {
    draft: {},
    outreach: {},
    feedback: {},
    notification: {
      NOTIFICATION_LINK_SECRET: 'cluster-e2e-link-secret-0123456789abcdef',
      PUBLIC_BASE_URL: 'https://pcn.example.vn',
      // A crashed replica's unacknowledged messages come back after the first entry (the ack
      // wait): short, so a crash costs seconds, not the default quarter minute.
      EVENT_RETRY_BACKOFF: '3s,3s,10s,30s,60s',
      WORK_RETRY_BACKOFF: '3s,10s,30s',
      DUE_INTERVAL_MS: '500',
    },
    gateway: {
      HTTP_PORT: String(httpPort),
      JWT_SECRET: 'cluster-e2e-jwt-secret-cluster-e2e-jwt',
      DEMO_DATA: 'true',
      DRAFT_GRPC_ADDRESS: `127.0.0.1:${port('draft')}`,
      OUTREACH_GRPC_ADDRESS: `127.0.0.1:${port('outreach')}`,
      FEEDBACK_GRPC_ADDRESS: `127.0.0.1:${port('feedback')}`,
      NOTIFICATION_GRPC_ADDRESS: `127.0.0.1:${port('notification')}`,
    },
  };
  for (const name of BACKENDS)
    Object.assign(env[name], {
      SQLITE_FILE: dir.file(`${name}.db`),
      GRPC_PORT: String(port(name)),
    });
  env.gateway.SQLITE_FILE = dir.file('gateway.db');

  const running = new Map<ProcessName, FixtureProcess>();
  const ready = (name: ProcessName) => (name === 'gateway' ? /gateway listening/ : /gRPC serving/);
  const launch = async (name: ProcessName) => {
    const p = processes.launch(name, env[name]);
    running.set(name, p);
    await p.waitForLine(ready(name), 60_000);
    return p;
  };
  await Promise.all(BACKENDS.map(launch));
  const gateway = await launch('gateway');
  // The gateway seeds the demo draft through the draft service and opens its consultation.
  const seeded = await gateway.waitForLine(/"draftId":"([^"]+)".*opened for consultation/, 60_000);
  const draftId = seeded[1] as string;

  // Calls from this test are signed with the network's secret, as the gateway's are.
  useInternalSecret(INTERNAL_SECRET);
  const feedbackClient = createGrpcClient(
    feedbackPb.FeedbackServiceClient,
    `127.0.0.1:${port('feedback')}`,
    { audience: 'feedback' },
  );
  const opsClients = Object.fromEntries(
    BACKENDS.map((name) => [
      name,
      createGrpcClient(ops.OpsServiceClient, `127.0.0.1:${port(name)}`, { audience: name }),
    ]),
  ) as Record<Backend, ops.OpsServiceClient>;

  let watcher: Store | undefined;
  return {
    processes,
    names: new BusNames(busPrefix),
    draftId,
    process(name) {
      const p = running.get(name);
      if (!p) throw new Error(`${name} is not running`);
      return p;
    },
    async crash(name) {
      const p = running.get(name);
      if (!p) throw new Error(`${name} is not running`);
      running.delete(name);
      p.kill('SIGKILL');
      await p.exited;
    },
    async restart(name) {
      if (running.has(name)) throw new Error(`${name} is running`);
      await launch(name);
    },
    async outboxPending() {
      const entries = await Promise.all(
        BACKENDS.map(async (name) => {
          const c = opsClients[name];
          const status = await runInContext(
            {
              correlationId: uniquePrefix('ops'),
              caller: { kind: 'service', id: 'cluster-e2e', roles: [] },
            },
            () => callUnary(c.getOutboxStatus.bind(c), {}, { deadlineMs: 5000 }),
          );
          return [name, Number(status.pending)] as const;
        }),
      );
      return Object.fromEntries(entries) as Record<Backend, number>;
    },
    async notificationStore() {
      if (!watcher) {
        watcher = await openStore({ kind: 'sqlite', path: dir.file('notification.db') });
        // Known to this connection, not created: the service migrated its file at boot.
        await watcher.migrate([inboxCollection]);
      }
      return watcher;
    },
    async submit(key, userId, text) {
      const res = await runInContext(
        { correlationId: key, caller: { kind: 'user', id: userId, roles: [] } },
        () =>
          callUnary(
            feedbackClient.submitFeedback.bind(feedbackClient),
            feedbackPb.SubmitFeedbackRequest.fromPartial({
              feedback: {
                draftId,
                stance: feedbackPb.Stance.STANCE_SUPPORT,
                text,
                language: 'vi',
                channel: feedbackPb.Channel.CHANNEL_WEB,
                idempotencyKey: key,
                submitter: { kind: feedbackPb.SubmitterKind.SUBMITTER_KIND_CITIZEN },
              },
            }),
            { deadlineMs: 10_000 },
          ),
      );
      return { receiptCode: res.receiptCode };
    },
    async close() {
      feedbackClient.close();
      for (const c of Object.values(opsClients)) c.close();
      useInternalSecret(undefined);
      await watcher?.close();
      await processes.stopAll();
    },
  };
}

/** Waits until every backend's outbox is empty; returns how long that took. */
export async function waitForOutboxesDrained(
  network: ClusterNetwork,
  timeoutMs = 120_000,
): Promise<number> {
  const started = Date.now();
  let last: Record<Backend, number> | undefined;
  await waitFor(
    async () => {
      last = await network.outboxPending();
      return Object.values(last).every((n) => n === 0);
    },
    {
      timeoutMs,
      intervalMs: 250,
      description: () => `every outbox drained; pending: ${JSON.stringify(last)}`,
    },
  );
  return Date.now() - started;
}

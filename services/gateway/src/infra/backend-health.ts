import { health, ops } from '@pcn/contracts';
import { callUnary, createGrpcClient, type Readiness } from '@pcn/platform';
import type { OutboxStats } from '@pcn/storage';

export type BackendStatus = 'SERVING' | 'NOT_SERVING' | 'UNREACHABLE';

/** One process's outbox: events waiting to be published; counts null when it did not answer. */
export interface OutboxStatus {
  service: string;
  status: BackendStatus;
  pending: number | null;
  published: number | null;
  oldestPendingAt: Date | null;
}

/** What the gateway knows of itself, for the `network` query. */
export interface GatewaySelf {
  version: string;
  readiness: Readiness;
  outbox: () => Promise<OutboxStats>;
  natsPing: () => Promise<void>;
}

export interface BackendHealth {
  readonly names: readonly string[];
  check(name: string): Promise<BackendStatus>;
  /** A backend's outbox (OpsService.GetOutboxStatus), or the gateway's own (`gateway`). */
  outbox(name: string): Promise<OutboxStatus>;
  /** This gateway replica: its version and readiness. */
  gateway(): Promise<{ version: string; status: BackendStatus }>;
  /** NATS as this gateway sees it, with the round trip of one ping. */
  nats(): Promise<{ status: BackendStatus; rttMs: number | null }>;
  close(): void;
}

const unanswered = (service: string): OutboxStatus => ({
  service,
  status: 'UNREACHABLE',
  pending: null,
  published: null,
  oldestPendingAt: null,
});

/** gRPC health and ops clients for the backend services, one channel each. */
export function createBackendHealth(
  addresses: Readonly<Record<string, string>>,
  deadlineMs = 1500,
  self?: GatewaySelf,
): BackendHealth {
  const clients = new Map(
    Object.entries(addresses).map(([name, address]) => [
      name,
      {
        health: createGrpcClient(health.HealthClient, address, { audience: name }),
        ops: createGrpcClient(ops.OpsServiceClient, address, { audience: name }),
      },
    ]),
  );
  const withDeadline = async <T>(work: Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        work,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timed out')), deadlineMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    names: [...clients.keys()],
    async check(name) {
      const client = clients.get(name)?.health;
      if (!client) return 'UNREACHABLE';
      try {
        const res = await callUnary(client.check.bind(client), { service: '' }, { deadlineMs });
        return res.status === health.HealthCheckResponse_ServingStatus.SERVING
          ? 'SERVING'
          : 'NOT_SERVING';
      } catch {
        return 'UNREACHABLE';
      }
    },
    async outbox(name) {
      if (name === 'gateway') {
        if (!self) return unanswered(name);
        try {
          const stats = await withDeadline(self.outbox());
          return {
            service: name,
            status: 'SERVING',
            pending: stats.pending,
            published: stats.published,
            oldestPendingAt: stats.oldestPendingAt ? new Date(stats.oldestPendingAt) : null,
          };
        } catch {
          return unanswered(name);
        }
      }
      const client = clients.get(name)?.ops;
      if (!client) return unanswered(name);
      try {
        const res = await callUnary(client.getOutboxStatus.bind(client), {}, { deadlineMs });
        return {
          service: name,
          status: 'SERVING',
          pending: Number(res.pending),
          published: Number(res.published),
          oldestPendingAt: res.oldestPendingTime ?? null,
        };
      } catch {
        return unanswered(name);
      }
    },
    async gateway() {
      if (!self) return { version: '', status: 'UNREACHABLE' };
      const report = await self.readiness.probe();
      return { version: self.version, status: report.ready ? 'SERVING' : 'NOT_SERVING' };
    },
    async nats() {
      if (!self) return { status: 'UNREACHABLE', rttMs: null };
      const started = performance.now();
      try {
        await withDeadline(self.natsPing());
        return { status: 'SERVING', rttMs: Math.round((performance.now() - started) * 10) / 10 };
      } catch {
        return { status: 'UNREACHABLE', rttMs: null };
      }
    },
    close() {
      for (const client of clients.values()) {
        client.health.close();
        client.ops.close();
      }
    },
  };
}

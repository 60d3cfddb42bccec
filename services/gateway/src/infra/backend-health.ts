import { health } from '@pcn/contracts';
import { callUnary, createGrpcClient } from '@pcn/platform';

export type BackendStatus = 'SERVING' | 'NOT_SERVING' | 'UNREACHABLE';

export interface BackendHealth {
  readonly names: readonly string[];
  check(name: string): Promise<BackendStatus>;
  close(): void;
}

/** gRPC health clients for the backend services, one channel each. */
export function createBackendHealth(
  addresses: Readonly<Record<string, string>>,
  deadlineMs = 1500,
): BackendHealth {
  const clients = new Map(
    Object.entries(addresses).map(([name, address]) => [
      name,
      createGrpcClient(health.HealthClient, address, { audience: name }),
    ]),
  );
  return {
    names: [...clients.keys()],
    async check(name) {
      const client = clients.get(name);
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
    close() {
      for (const client of clients.values()) client.close();
    },
  };
}

import { health, ops } from '@pcn/contracts';
import { callUnary, createGrpcClient } from '@pcn/platform';
import type { ServiceProbe, ServiceReport } from '../app/status.ports.js';

const SERVING = health.HealthCheckResponse_ServingStatus;

function why(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Asks one replica of each service over its gRPC ops API: readiness (grpc.health.v1), build and
 * replica (GetServiceInfo), and the outbox backlog (GetOutboxStatus).
 */
export function grpcServiceProbe(
  addressOf: (service: string) => string,
  deadlineMs: number,
): ServiceProbe {
  return {
    async probe(service): Promise<ServiceReport> {
      const address = addressOf(service);
      const healthClient = createGrpcClient(health.HealthClient, address, { audience: service });
      const opsClient = createGrpcClient(ops.OpsServiceClient, address, { audience: service });
      const report: ServiceReport = { service, address, health: 'UNREACHABLE' };
      try {
        const checked = await callUnary(
          healthClient.check.bind(healthClient),
          { service: '' },
          { deadlineMs },
        );
        report.health =
          checked.status === SERVING.SERVING
            ? 'SERVING'
            : checked.status === SERVING.NOT_SERVING
              ? 'NOT_SERVING'
              : 'UNKNOWN';
      } catch (err) {
        report.error = why(err);
        return report;
      } finally {
        healthClient.close();
      }
      try {
        const [info, outbox] = await Promise.all([
          callUnary(opsClient.getServiceInfo.bind(opsClient), {}, { deadlineMs }),
          callUnary(opsClient.getOutboxStatus.bind(opsClient), {}, { deadlineMs }),
        ]);
        report.version = info.version;
        report.replicaId = info.replicaId;
        report.startedAt = info.startedAt?.toISOString();
        report.outbox = {
          pending: Number(outbox.pending),
          published: Number(outbox.published),
          ...(outbox.oldestPendingTime
            ? { oldestPendingAt: outbox.oldestPendingTime.toISOString() }
            : {}),
        };
      } catch (err) {
        // Health answered, the ops API did not: an older build, or a service in trouble.
        report.error = why(err);
      } finally {
        opsClient.close();
      }
      return report;
    },
  };
}

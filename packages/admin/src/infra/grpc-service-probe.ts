import { health, ops } from '@pcn/contracts';
import { callUnary, createGrpcClient } from '@pcn/platform';
import type { ServiceProbe, ServiceReport } from '../app/status.ports.js';

const SERVING = health.HealthCheckResponse_ServingStatus;

function why(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Asks one replica of each backend over its gRPC ops API: readiness (grpc.health.v1), build and
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
        await readOps(opsClient, report, deadlineMs);
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

/** Build, replica and outbox backlog from `OpsService`, into `report`. */
async function readOps(
  client: ops.OpsServiceClient,
  report: ServiceReport,
  deadlineMs: number,
): Promise<void> {
  const [info, outbox] = await Promise.all([
    callUnary(client.getServiceInfo.bind(client), {}, { deadlineMs }),
    callUnary(client.getOutboxStatus.bind(client), {}, { deadlineMs }),
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
}

/**
 * The gateway: readiness from its public `/readyz` (what the load balancer sees), then build,
 * replica and outbox from `OpsService` on its operator port. That port is served only with
 * OPERATOR_SECRET set, and beside the gateway (loopback): without it the gateway is still
 * reported, with its readiness alone and the reason in `error`.
 */
export function gatewayProbe(
  httpUrl: string,
  operatorAddress: string,
  deadlineMs: number,
): ServiceProbe {
  return {
    async probe(service): Promise<ServiceReport> {
      const readyz = new URL('readyz', httpUrl.endsWith('/') ? httpUrl : `${httpUrl}/`);
      const report: ServiceReport = { service, address: readyz.href, health: 'UNREACHABLE' };
      try {
        const res = await fetch(readyz, { signal: AbortSignal.timeout(deadlineMs) });
        const body = (await res.json().catch(() => ({}))) as { checks?: Record<string, string> };
        report.health =
          res.status === 200 ? 'SERVING' : res.status === 503 ? 'NOT_SERVING' : 'UNKNOWN';
        const failing = Object.entries(body.checks ?? {}).filter(([, v]) => v !== 'ok');
        if (report.health !== 'SERVING')
          report.error = `/readyz answered ${res.status}${failing.length ? `; failing: ${failing.map(([k]) => k).join(', ')}` : ''}`;
      } catch (err) {
        report.error = why(err);
        return report;
      }
      const opsClient = createGrpcClient(ops.OpsServiceClient, operatorAddress, {
        audience: service,
      });
      try {
        await readOps(opsClient, report, deadlineMs);
      } catch (err) {
        report.error = [
          report.error,
          `operator API at ${operatorAddress} did not answer (${why(err)}): version and outbox unknown; run beside the gateway with GATEWAY_ADMIN_GRPC_ADDRESS, on a gateway with OPERATOR_SECRET`,
        ]
          .filter(Boolean)
          .join('; ');
      } finally {
        opsClient.close();
      }
      return report;
    },
  };
}

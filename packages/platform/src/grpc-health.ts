import { status, type ServerWritableStream } from '@grpc/grpc-js';
import { health } from '@pcn/contracts';
import type { GrpcServer } from './grpc-server.js';
import type { Readiness } from './readiness.js';

const { ServingStatus } = { ServingStatus: health.HealthCheckResponse_ServingStatus };

/** Health service name that reports liveness only (the process answers). */
export const LIVENESS_SERVICE = 'liveness';
const WATCH_INTERVAL_MS = 2000;

/**
 * `grpc.health.v1.Health`: the empty service name and every served service report readiness
 * (store and NATS reachable, not shutting down); `liveness` reports SERVING while the process runs.
 */
export function registerHealth(
  server: GrpcServer,
  readiness: Readiness,
  servedServices: readonly string[],
): void {
  const known = new Set(['', 'readiness', ...servedServices]);

  async function statusOf(service: string): Promise<health.HealthCheckResponse_ServingStatus> {
    if (service === LIVENESS_SERVICE) return ServingStatus.SERVING;
    if (!known.has(service)) return ServingStatus.SERVICE_UNKNOWN;
    return (await readiness.probe()).ready ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
  }

  const implementation: health.HealthServer = {
    // Not wrapped in `server.unary`: health must answer during shutdown, to say NOT_SERVING.
    check: (call, callback) => {
      statusOf(call.request.service).then(
        (s) =>
          s === ServingStatus.SERVICE_UNKNOWN
            ? callback({
                code: status.NOT_FOUND,
                details: `unknown service ${call.request.service}`,
              })
            : callback(null, { status: s }),
        () => callback({ code: status.INTERNAL, details: 'health check failed' }),
      );
    },
    watch: (call: ServerWritableStream<health.HealthCheckRequest, health.HealthCheckResponse>) => {
      let last: health.HealthCheckResponse_ServingStatus | undefined;
      let closed = false;
      const tick = async () => {
        const s = await statusOf(call.request.service);
        if (closed) return;
        if (s !== last) {
          last = s;
          call.write({ status: s });
        }
        if (readiness.stopped) {
          closed = true;
          call.end();
        }
      };
      const timer = setInterval(() => void tick().catch(() => undefined), WATCH_INTERVAL_MS);
      const stop = () => {
        closed = true;
        clearInterval(timer);
      };
      call.on('cancelled', stop);
      call.on('close', stop);
      void tick().catch(() => undefined);
    },
  };
  server.addService(health.HealthService, implementation);
}

import { credentials, Metadata } from '@grpc/grpc-js';
import { health } from '@pcn/contracts';
import { grpcChannelCredentials } from '@pcn/platform';

export interface HealthProbeOptions {
  /** host:port of the backend, usually 127.0.0.1 and its GRPC_PORT. */
  address: string;
  /** `readiness` (store and NATS answer) or `liveness` (the process runs). */
  service: 'readiness' | 'liveness';
  deadlineMs?: number;
  /**
   * With TLS on, the name the backend's certificate carries (its service name): the probe dials
   * 127.0.0.1, which no certificate names.
   */
  tlsName?: string;
  /** Use the TLS set up by `useGrpcTls` (the process's own certificate for mutual TLS). */
  tls?: boolean;
}

/** Asks a backend's grpc.health.v1 once: `SERVING`, or why not (it never throws). */
export function probeHealth(options: HealthProbeOptions): Promise<string> {
  const channelOptions = options.tlsName
    ? { 'grpc.ssl_target_name_override': options.tlsName }
    : {};
  const client = new health.HealthClient(
    options.address,
    options.tls ? grpcChannelCredentials() : credentials.createInsecure(),
    channelOptions,
  );
  const deadline = Date.now() + (options.deadlineMs ?? 3000);
  return new Promise<string>((resolve) => {
    client.check({ service: options.service }, new Metadata(), { deadline }, (error, res) => {
      client.close();
      if (error) resolve(error.details || error.message);
      else
        resolve(
          res.status === health.HealthCheckResponse_ServingStatus.SERVING
            ? 'SERVING'
            : health.healthCheckResponse_ServingStatusToJSON(res.status),
        );
    });
  });
}

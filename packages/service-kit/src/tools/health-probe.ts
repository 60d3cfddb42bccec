// A container healthcheck for a backend (compose has no native gRPC probe): asks the process in
// this container for grpc.health.v1 and exits 0 when it answers SERVING, 1 otherwise.
//   node packages/service-kit/dist/tools/health-probe.js [readiness|liveness]
// It reads the container's own GRPC_PORT and, with TLS on, its GRPC_TLS_* files and SERVICE.
import { commonEnv, loadConfig, loadGrpcTls, useGrpcTls } from '@pcn/platform';
import { z } from 'zod';
import { probeHealth } from '../health-probe.js';

const probeEnv = {
  GRPC_PORT: z.coerce
    .number()
    .int()
    .min(1)
    .max(65535)
    .describe('the port this container serves gRPC on'),
  SERVICE: z.string().min(1).optional().describe('the service name its certificate carries'),
  GRPC_TLS_CA_FILE: commonEnv.GRPC_TLS_CA_FILE,
  GRPC_TLS_CERT_FILE: commonEnv.GRPC_TLS_CERT_FILE,
  GRPC_TLS_KEY_FILE: commonEnv.GRPC_TLS_KEY_FILE,
};

async function main(): Promise<number> {
  const kind = process.argv[2] ?? 'readiness';
  if (kind !== 'readiness' && kind !== 'liveness') {
    process.stderr.write(`health-probe: expected readiness or liveness, got ${kind}\n`);
    return 2;
  }
  const config = loadConfig(probeEnv);
  const tls = loadGrpcTls(config);
  useGrpcTls(tls);
  const answer = await probeHealth({
    address: `127.0.0.1:${config.GRPC_PORT}`,
    service: kind,
    tls: tls !== undefined,
    ...(config.SERVICE ? { tlsName: config.SERVICE } : {}),
  });
  if (answer === 'SERVING') return 0;
  process.stderr.write(`health-probe: ${kind} is ${answer}\n`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`health-probe: ${error instanceof Error ? error.message : 'failed'}\n`);
    process.exit(2);
  },
);

import { commonEnv, env, metricsEnv, storeEnv } from '@pcn/platform';
import { z } from 'zod';

/**
 * Where each process serves GET /metrics by default: beside the gRPC ports of `npm start` (the
 * gateway's is 9450), on loopback. A service not listed here takes a free port.
 */
export const DEFAULT_METRICS_PORTS: Readonly<Record<string, number>> = {
  draft: 9451,
  outreach: 9452,
  feedback: 9453,
  notification: 9454,
};

/** Variables every backend service reads; a service adds its own to these. */
export function backendEnv(defaultGrpcPort: number) {
  return {
    ...commonEnv,
    ...storeEnv,
    ...metricsEnv('9451 draft, 9452 outreach, 9453 feedback, 9454 notification'),
    GRPC_HOST: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe('interface to serve gRPC on (default 127.0.0.1)'),
    GRPC_PORT: env.port(defaultGrpcPort),
    GRPC_MAX_MESSAGE_BYTES: env.int(
      4 * 1024 * 1024,
      1024,
      64 * 1024 * 1024,
      'gRPC message size limit in bytes',
    ),
    OPERATOR_SECRET: env.optionalSecret(
      "the operators' secret (the gateway's OPERATOR_SECRET): without it this service refuses ErasePersonalData",
    ),
    REPLICA_ID: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/)
      .optional()
      .describe('an id for this replica, unique among running replicas (default: host and pid)'),
  };
}

export type BackendConfig = Readonly<z.infer<z.ZodObject<ReturnType<typeof backendEnv>>>>;

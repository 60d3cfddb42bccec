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

/**
 * A list of waits, `30s,2m,10m,1h` (units ms, s, m, h), parsed to milliseconds; `what` and the
 * default go in the description.
 */
export function envDurations(fallback: string, what: string) {
  return z
    .string()
    .default(fallback)
    .transform((v, ctx) => {
      const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
      const out: number[] = [];
      for (const part of v.split(',')) {
        const m = /^\s*(\d{1,7})(ms|s|m|h)\s*$/.exec(part);
        if (!m) return (ctx.addIssue({ code: 'custom', message: 'bad duration list' }), z.NEVER);
        out.push(Number(m[1]) * (units[m[2] as string] as number));
      }
      return out;
    })
    .describe(`${what}: comma-separated durations such as 30s,2m,10m,1h (default ${fallback})`);
}

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
    EVENT_RETRY_BACKOFF: envDurations(
      '15s,30s,1m,2m,5m',
      'waits before an event a consumer failed to handle is handled again, after which it is dead-lettered; the first is also how long a handler may go without a heartbeat. A store outage or a store busy on a lock is waited out, not counted',
    ),
    REPLICA_ID: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,64}$/)
      .optional()
      .describe('an id for this replica, unique among running replicas (default: host and pid)'),
  };
}

export type BackendConfig = Readonly<z.infer<z.ZodObject<ReturnType<typeof backendEnv>>>>;

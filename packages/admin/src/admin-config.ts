import { BusNames } from '@pcn/events';
import { loadConfig, loadGrpcTls, useGrpcTls } from '@pcn/platform';
import { z } from 'zod';

/** The backends `status` asks, with the variables the gateway also reads for their addresses. */
export const BACKENDS = ['draft', 'outreach', 'feedback', 'notification'] as const;
export type Backend = (typeof BACKENDS)[number];
/** Every process `status` reports, the gateway first. */
export const SERVICES = ['gateway', ...BACKENDS] as const;

const address = (service: Backend, port: number) =>
  z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/)
    .default(`127.0.0.1:${port}`)
    .describe(`host:port of the ${service} service (default 127.0.0.1:${port})`);

/**
 * The CLI's environment: the same variable names as the services', so an operator's shell (or the
 * deployment's env file) serves both. The ops API needs no caller; the gateway's operator API
 * (bootstrap, keys) wants OPERATOR_SECRET.
 */
export const adminEnv = {
  NATS_URL: z
    .string()
    .default('nats://127.0.0.1:4222')
    .refine((v) => v.split(',').every((u) => URL.canParse(u.trim())), 'not a URL list')
    .transform((v) => v.split(',').map((u) => u.trim()))
    .describe('comma-separated NATS server URLs (default nats://127.0.0.1:4222)'),
  NATS_MONITOR_URL: z
    .string()
    .refine((v) => v.split(',').every((u) => URL.canParse(u.trim())), 'not a URL list')
    .transform((v) => v.split(',').map((u) => u.trim()))
    .optional()
    .describe(
      "comma-separated NATS monitoring URLs, one per node (http://127.0.0.1:8222), for status's replica counts",
    ),
  BUS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9]{0,32}$/)
    .default('')
    .describe('the network prefix of streams and subjects (default none)'),
  DRAFT_GRPC_ADDRESS: address('draft', 50051),
  OUTREACH_GRPC_ADDRESS: address('outreach', 50052),
  FEEDBACK_GRPC_ADDRESS: address('feedback', 50053),
  NOTIFICATION_GRPC_ADDRESS: address('notification', 50054),
  GATEWAY_URL: z
    .url({ protocol: /^https?$/ })
    .default('http://127.0.0.1:4000')
    .describe("the gateway's HTTP address, for status's /readyz (default http://127.0.0.1:4000)"),
  GATEWAY_ADMIN_GRPC_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d{1,5}$/)
    .default('127.0.0.1:4001')
    .describe(
      "host:port of the gateway's operator API (default 127.0.0.1:4001), for bootstrap, keys, erase and status",
    ),
  OPERATOR_SECRET: z
    .string()
    .min(32)
    .optional()
    .describe(
      "the operators' OPERATOR_SECRET (32+ characters, the gateway's and the backends'), for bootstrap, keys and erase",
    ),
  GRPC_TLS_CA_FILE: z.string().min(1).optional().describe('PEM CA of the services (TLS)'),
  GRPC_TLS_CERT_FILE: z.string().min(1).optional().describe('PEM client certificate (TLS)'),
  GRPC_TLS_KEY_FILE: z.string().min(1).optional().describe('PEM client key (TLS)'),
};

export type AdminConfig = Readonly<z.infer<z.ZodObject<typeof adminEnv>>>;

export function loadAdminConfig(env: NodeJS.ProcessEnv): AdminConfig {
  const config = loadConfig(adminEnv, env);
  useGrpcTls(loadGrpcTls(config));
  return config;
}

export function backendAddress(config: AdminConfig, service: Backend): string {
  const key = `${service.toUpperCase()}_GRPC_ADDRESS` as `${Uppercase<Backend>}_GRPC_ADDRESS`;
  return config[key];
}

export function busNames(config: AdminConfig): BusNames {
  return new BusNames(config.BUS_PREFIX);
}

import { commonEnv, env, loadConfig, metricsEnv, storeEnv } from '@pcn/platform';
import { z } from 'zod';

/** Where the gateway serves GET /metrics by default: its own port, never the public one. */
export const GATEWAY_METRICS_PORT = 9450;

/** The gateway's environment. Backend addresses default to the ports `npm start` uses. */
export const gatewayEnv = {
  ...commonEnv,
  ...storeEnv,
  ...metricsEnv(GATEWAY_METRICS_PORT),
  METRICS_MAX_OPERATION_NAMES: env.int(
    200,
    1,
    10_000,
    'distinct GraphQL operation names kept as metric labels; later new names are counted as other',
  ),
  HTTP_HOST: env.string('interface to serve HTTP on, for example 127.0.0.1').default('127.0.0.1'),
  HTTP_PORT: env.port(4000),
  MAX_REQUEST_BYTES: env.int(
    1024 * 1024,
    1024,
    50 * 1024 * 1024,
    'largest accepted request body in bytes',
  ),
  MAX_QUERY_DEPTH: env.int(12, 2, 100, 'deepest GraphQL selection accepted'),
  MAX_QUERY_COST: env.int(
    20_000,
    100,
    1_000_000,
    'highest GraphQL query cost accepted (about one per value in the answer; lists at their size)',
  ),
  MAX_QUERY_ALIASES: env.int(100, 1, 10_000, 'most aliased fields in one GraphQL operation'),
  MAX_ROOT_FIELDS: env.int(
    100,
    1,
    10_000,
    "most a GraphQL operation's root fields may weigh together (a read weighs 1)",
  ),
  MUTATION_FIELD_WEIGHT: env.int(
    20,
    1,
    10_000,
    'what one mutation field weighs against MAX_ROOT_FIELDS',
  ),
  MAX_RESPONSE_BYTES: env.int(
    8 * 1024 * 1024,
    1024,
    1024 * 1024 * 1024,
    'largest GraphQL answer sent, in bytes',
  ),
  SUBSCRIPTION_RECHECK_MS: env.int(
    60_000,
    50,
    3_600_000,
    'how often live subscriptions re-check their credentials, in ms',
  ),
  TRUSTED_PROXY_HOPS: env.int(
    0,
    0,
    10,
    'reverse proxies in front of the gateway whose X-Forwarded-For is believed (0: use the socket address)',
  ),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .refine(
      (origins) => origins.every((o) => URL.canParse(o) && new URL(o).origin === o),
      'each must be an origin such as https://portal.example (scheme, host and port, no path)',
    )
    .describe(
      'web origins whose pages may call the API from a browser, comma-separated (default none: only same-origin pages and non-browser clients)',
    ),
  RATE_LIMIT_PER_MINUTE: env.int(
    600,
    1,
    1_000_000,
    'requests per minute per client (a verified user or API client, else the client address)',
  ),
  RATE_LIMIT_MAX_CLIENTS: env.int(
    50_000,
    100,
    10_000_000,
    'most rate-limit buckets kept for client addresses, and again for verified identities (about 150 bytes each)',
  ),
  AUTH_CACHE_TTL_MS: env.int(
    5_000,
    0,
    300_000,
    'how long a verified token or API key is trusted without checking the store again, in ms (0: every request); a revocation made by another process takes effect within this time',
  ),
  JWT_SECRET: env.secret(
    'a random secret of at least 32 characters that signs sign-in tokens (keep it out of the repo)',
  ),
  TOKEN_TTL_SECONDS: env.int(900, 30, 86_400, 'lifetime of sign-in tokens in seconds'),
  SIGN_IN_FREE_ATTEMPTS: env.int(
    5,
    1,
    100,
    'sign-in attempts per account before it must wait (1 s, doubling with each further attempt)',
  ),
  SIGN_IN_MAX_WAIT_SECONDS: env.int(
    900,
    1,
    86_400,
    'longest wait between sign-in attempts of one account, in seconds',
  ),
  DEMO_DATA: env.offInProduction(
    "the demo accounts' password and the demo partner's API key are public; create the first network admin with `pcn-admin bootstrap` (`npm run admin -- bootstrap`)",
  ),
  DEV_OUTBOX_URL: env.devOnlyUrl(
    "the local message catcher's listing (`npm start` sets it); the gateway then serves /dev/outbox",
  ),
  PUBLIC_CACHE: env.bool(true),
  PUBLIC_CACHE_TTL_MS: env.int(
    30_000,
    0,
    3_600_000,
    'longest time an anonymous answer is served from memory',
  ),
  PUBLIC_CACHE_MAX_BYTES: env.int(
    64 * 1024 * 1024,
    64 * 1024,
    16 * 1024 * 1024 * 1024,
    'most memory the public answer cache holds, in bytes; an answer over 1/16 of it is not kept',
  ),
  OPERATOR_SECRET: env.optionalSecret(
    'a random secret of at least 32 characters that pcn-admin sends to the operator API (bootstrap, API keys); the API is off when unset',
  ),
  ADMIN_GRPC_HOST: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .describe('interface the operator API listens on (default 127.0.0.1: the gateway host only)'),
  ADMIN_GRPC_PORT: env.port(4001),
  DRAFT_GRPC_ADDRESS: env.string('host:port of the draft service').default('127.0.0.1:50051'),
  OUTREACH_GRPC_ADDRESS: env.string('host:port of the outreach service').default('127.0.0.1:50052'),
  FEEDBACK_GRPC_ADDRESS: env.string('host:port of the feedback service').default('127.0.0.1:50053'),
  NOTIFICATION_GRPC_ADDRESS: env
    .string('host:port of the notification service')
    .default('127.0.0.1:50054'),
  SMS_WEBHOOK_SECRET: env.optionalSecret(
    'a random secret of at least 32 characters the SMS provider sends in X-PCN-Hook-Secret (inbound SMS and delivery reports are refused with 503 when unset)',
  ),
  // Zalo issues these (its keys are shorter than PCN's own secrets); unset, the webhook answers 503.
  ZALO_APP_ID: z
    .string()
    .regex(/^\d{1,32}$/, 'digits')
    .optional()
    .describe("the Zalo app's id, digits (the Zalo webhook answers 503 without it)"),
  ZALO_OA_SECRET_KEY: z
    .string()
    .min(16)
    .optional()
    .describe("the Official Account's secret key from Zalo, which signs its webhook events"),
  ZALO_OA_ID: z
    .string()
    .regex(/^\d{1,32}$/, 'digits')
    .optional()
    .describe('when set, texts addressed to another Official Account are refused'),
  ZALO_WEBHOOK_MAX_AGE_SECONDS: env.int(
    3600,
    60,
    86_400,
    'how old a Zalo event may be (older ones, Zalo resending, are acknowledged and dropped)',
  ),
};

export function loadGatewayConfig(environment: NodeJS.ProcessEnv = process.env) {
  return loadConfig(gatewayEnv, environment);
}

export type GatewayConfig = ReturnType<typeof loadGatewayConfig>;

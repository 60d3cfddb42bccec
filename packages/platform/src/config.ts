import { z } from 'zod';
import { guessesLog10 } from './strength.js';

/** Thrown by `loadConfig`; its message names every bad variable and what it expects. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly { variable: string; expected: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.expected}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

type Shape = Record<string, z.ZodType>;

/**
 * Validates environment variables once, at boot, into a typed and frozen object. Each field's
 * `.describe()` text is what the error says the variable expects. Values are never echoed back,
 * since some are secrets.
 */
export function loadConfig<S extends Shape>(
  shape: S,
  env: NodeJS.ProcessEnv = process.env,
): Readonly<z.infer<z.ZodObject<S>>> {
  // Empty or blank strings count as unset, so `FOO= cmd` falls back to the default.
  const input = Object.fromEntries(
    Object.keys(shape).map((key) => [key, env[key]?.trim() === '' ? undefined : env[key]]),
  );
  const result = z.object(shape).safeParse(input);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const variable = String(issue.path[0] ?? '(config)');
      const described = shape[variable]?.description;
      const missing = issue.code === 'invalid_type' && input[variable] === undefined;
      return {
        variable,
        expected: `${missing ? 'is required' : 'is invalid'}; expected ${described ?? issue.message}`,
      };
    });
    throw new ConfigError(problems);
  }
  const data = result.data as Record<string, unknown>;
  if (data['NODE_ENV'] === 'production') {
    const refused = Object.keys(shape).flatMap((variable) => {
      const rule = shape[variable] && productionRules.get(shape[variable]);
      const expected = rule?.(data[variable]);
      return expected === undefined ? [] : [{ variable, expected }];
    });
    if (refused.length > 0) throw new ConfigError(refused);
  }
  return Object.freeze(result.data);
}

/**
 * What production refuses, attached to the field builders below (`env.secret`, `env.offInProduction`):
 * with `NODE_ENV=production`, `loadConfig` asks each rule of the shape, so every process that
 * declares a variable gets the same refusal. A rule returns what the variable must be, or undefined.
 * It belongs to the builder's schema object: wrapping the field again (`.default()`) drops it.
 */
const productionRules = new WeakMap<z.ZodType, (value: unknown) => string | undefined>();

function withProductionRule<T extends z.ZodType>(
  schema: T,
  rule: (value: unknown) => string | undefined,
): T {
  productionRules.set(schema, rule);
  return schema;
}

/** Minimum length of every secret the network shares or signs with. */
export const MIN_SECRET_LENGTH = 32;
/**
 * Least estimated guesses (log10) for a secret in production: random text of 32 characters or
 * more passes (`openssl rand -base64 32` gives about 44), a repeated word or a sequence does not.
 */
export const MIN_SECRET_GUESSES_LOG10 = 24;

function weakSecret(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return guessesLog10(value) < MIN_SECRET_GUESSES_LOG10
    ? `is too easy to guess for production (repeated words, sequences or dictionary words); use ${MIN_SECRET_LENGTH}+ random characters, for example from \`openssl rand -base64 32\``
    : undefined;
}

/** Field builders for environment variables, each with the description used in errors. */
export const env = {
  string: (description: string) => z.string().min(1).describe(description),
  port: (fallback: number) =>
    z.coerce
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(fallback)
      .describe(`a TCP port number 0-65535 (default ${fallback}; 0 picks a free port)`),
  int: (fallback: number, min: number, max: number, what: string) =>
    z.coerce
      .number()
      .int()
      .min(min)
      .max(max)
      .default(fallback)
      .describe(`${what}: an integer ${min}-${max} (default ${fallback})`),
  url: (description: string) =>
    z
      .string()
      .refine((v) => URL.canParse(v), 'not a URL')
      .describe(description),
  urlList: (description: string) =>
    z
      .string()
      .refine((v) => v.split(',').every((u) => URL.canParse(u.trim())), 'not a URL list')
      .transform((v) => v.split(',').map((u) => u.trim()))
      .describe(description),
  oneOf: <const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) =>
    z
      .enum(values)
      .default(fallback as never)
      .describe(`one of ${values.join(', ')} (default ${fallback})`),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1')
      .describe(`true or false (default ${fallback})`),
  /** A required secret: 32+ characters, and hard to guess in production. */
  secret: (description: string) =>
    withProductionRule(z.string().min(MIN_SECRET_LENGTH).describe(description), weakSecret),
  /** An optional secret; `requiredInProduction` makes production refuse to start without it. */
  optionalSecret: (description: string, options: { requiredInProduction?: boolean } = {}) =>
    withProductionRule(
      z.string().min(MIN_SECRET_LENGTH).optional().describe(description),
      (value) =>
        value === undefined
          ? options.requiredInProduction
            ? `is required in production; expected ${description}`
            : undefined
          : weakSecret(value),
    ),
  /** A development convenience (default false) that production refuses, saying `why`. */
  offInProduction: (why: string) =>
    withProductionRule(
      z
        .enum(['true', 'false', '1', '0'])
        .default('false')
        .transform((v) => v === 'true' || v === '1')
        .describe('true or false (default false; refused in production)'),
      (value) => (value === true ? `must be false in production: ${why}` : undefined),
    ),
  /** An optional URL of a development tool (unset by default); production refuses it. */
  devOnlyUrl: (description: string) =>
    withProductionRule(
      z
        .string()
        .refine((v) => URL.canParse(v), 'not a URL')
        .optional()
        .describe(`${description} (development only; refused in production)`),
      (value) =>
        value === undefined
          ? undefined
          : 'must be unset in production: it serves a development tool',
    ),
};

/** Variables every process of the network reads. */
export const commonEnv = {
  NODE_ENV: env.oneOf(['development', 'production', 'test'], 'production'),
  LOG_LEVEL: env.oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  NATS_URL: env.urlList('comma-separated NATS server URLs, for example nats://127.0.0.1:4222'),
  SHUTDOWN_TIMEOUT_MS: env.int(8000, 100, 120_000, 'hard limit for graceful shutdown in ms'),
  INTERNAL_SECRET: env.optionalSecret(
    'a random secret of at least 32 characters shared by every process, which signs caller identities between them',
    { requiredInProduction: true },
  ),
  GRPC_TLS_CA_FILE: z
    .string()
    .min(1)
    .optional()
    .describe(
      "path of the PEM CA certificate that signed the network's gRPC certificates (TLS between hosts; default plaintext)",
    ),
  GRPC_TLS_CERT_FILE: z
    .string()
    .min(1)
    .optional()
    .describe("path of this process's PEM certificate chain for gRPC over TLS"),
  GRPC_TLS_KEY_FILE: z
    .string()
    .min(1)
    .optional()
    .describe("path of this process's PEM private key for gRPC over TLS"),
  STREAM_REPLICAS: env.int(1, 1, 5, 'JetStream replicas per stream (3 on a production cluster)'),
  BUS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9]{0,32}$/)
    .default('')
    .describe('up to 32 letters or digits that isolate streams and subjects (default: none)'),
};

/** Where a service keeps its data: SQLite (embedded default) or MongoDB. */
export const storeEnv = {
  STORE: env.oneOf(['sqlite', 'mongodb'], 'sqlite'),
  SQLITE_FILE: z
    .string()
    .min(1)
    .optional()
    .describe('path of the SQLite database file (required when STORE=sqlite)'),
  MONGO_URL: z
    .string()
    // Multi-host replica-set URLs (`mongodb://a:27017,b:27017/?replicaSet=rs0`) are not WHATWG URLs.
    .regex(/^mongodb(\+srv)?:\/\/[^\s/]+(\/\S*)?$/)
    .optional()
    .describe('a mongodb:// URL of a replica set (required when STORE=mongodb)'),
  MONGO_DATABASE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/)
    .optional()
    .describe('a MongoDB database name (letters, digits, _ and -)'),
};

export type StoreConfig =
  { kind: 'sqlite'; path: string } | { kind: 'mongodb'; url: string; database: string };

/** Resolves the store variables into one store choice, or throws a ConfigError naming what is missing. */
export function storeConfig(
  config: {
    STORE: 'sqlite' | 'mongodb';
    SQLITE_FILE?: string | undefined;
    MONGO_URL?: string | undefined;
    MONGO_DATABASE?: string | undefined;
  },
  defaultDatabase: string,
): StoreConfig {
  if (config.STORE === 'sqlite') {
    if (!config.SQLITE_FILE)
      throw new ConfigError([
        { variable: 'SQLITE_FILE', expected: 'is required when STORE=sqlite; a file path' },
      ]);
    return { kind: 'sqlite', path: config.SQLITE_FILE };
  }
  if (!config.MONGO_URL)
    throw new ConfigError([
      { variable: 'MONGO_URL', expected: 'is required when STORE=mongodb; a mongodb:// URL' },
    ]);
  return {
    kind: 'mongodb',
    url: config.MONGO_URL,
    database: config.MONGO_DATABASE ?? defaultDatabase,
  };
}

import { z } from 'zod';

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
  return Object.freeze(result.data);
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
};

/** Variables every process of the network reads. */
export const commonEnv = {
  NODE_ENV: env.oneOf(['development', 'production', 'test'], 'production'),
  LOG_LEVEL: env.oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
  NATS_URL: env.urlList('comma-separated NATS server URLs, for example nats://127.0.0.1:4222'),
  SHUTDOWN_TIMEOUT_MS: env.int(8000, 100, 120_000, 'hard limit for graceful shutdown in ms'),
  INTERNAL_SECRET: z
    .string()
    .min(32)
    .optional()
    .describe(
      'a random secret of at least 32 characters shared by every process, which signs caller identities between them',
    ),
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

import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { freePorts, ServiceProcesses, type FixtureProcess, type TempDir } from '@pcn/testing';
import { runCli } from '../cli.js';
import type { ExitCode } from '../exit-codes.js';

export const BACKENDS = ['draft', 'outreach', 'feedback', 'notification'] as const;
export const INTERNAL_SECRET = 'admin-e2e-internal-secret-admin-e2e-internal';
export const OPERATOR_SECRET = 'admin-e2e-operator-secret-admin-e2e-operator';

export interface TestNetwork {
  /** What the CLI needs to find this network. */
  env: Record<string, string>;
  /** The gateway's GraphQL endpoint, when a gateway runs. */
  graphqlUrl?: string;
  processes: FixtureProcess[];
  stop(): Promise<void>;
}

/**
 * The four backends as their own processes (built `dist/main.js`, as operators run them), each on
 * its SQLite file `<dataDir>/<service>.db`, on one nats-server and bus prefix.
 */
export async function startBackends(options: {
  natsUrl: string;
  busPrefix: string;
  dataDir: TempDir;
  basePort?: number;
  /**
   * Also a gateway in front of them, with its operator API (OPERATOR_SECRET) and its store in
   * `<gatewayDir>/gateway.db`, outside `dataDir` so backups of the backends leave it alone.
   */
  gatewayDir?: TempDir;
  /** More settings of the gateway (for example `DEMO_DATA: 'true'`). */
  gatewayEnv?: Record<string, string>;
  /** Also gives every backend OPERATOR_SECRET, which their erasure API needs. */
  operatorSecretOnBackends?: boolean;
}): Promise<TestNetwork> {
  const base = options.basePort ?? (await freePorts(4));
  const services = new ServiceProcesses({
    servicesDir: new URL('../../../../services/', import.meta.url),
    natsUrl: options.natsUrl,
    busPrefix: options.busPrefix,
    env: {
      INTERNAL_SECRET,
      LOG_LEVEL: 'info',
      ...(options.operatorSecretOnBackends ? { OPERATOR_SECRET } : {}),
    },
  });
  const processes = BACKENDS.map((name, i) =>
    services.launch(name, {
      GRPC_PORT: String(base + i),
      SQLITE_FILE: options.dataDir.file(`${name}.db`),
      ...(name === 'notification'
        ? {
            NOTIFICATION_LINK_SECRET: 'admin-e2e-link-secret-admin-e2e-link-secret',
            PUBLIC_BASE_URL: 'http://127.0.0.1:9',
          }
        : {}),
    }),
  );
  const addresses = Object.fromEntries(
    BACKENDS.map((name, i) => [`${name.toUpperCase()}_GRPC_ADDRESS`, `127.0.0.1:${base + i}`]),
  );
  const gateway = options.gatewayDir
    ? launchGateway(services, {
        sqliteFile: options.gatewayDir.file('gateway.db'),
        env: { ...addresses, ...options.gatewayEnv },
      })
    : undefined;
  let running: RunningGateway | undefined;
  try {
    await Promise.all(processes.map((p) => p.waitForLine(/gRPC serving/, 30_000)));
    running = await gateway;
  } catch (err) {
    await services.stopAll('SIGKILL');
    throw new Error(
      `backends did not start:\n${processes.flatMap((p) => p.lines.slice(-5)).join('\n')}`,
      { cause: err },
    );
  }
  const gatewayEnv: Record<string, string> = running
    ? {
        GATEWAY_URL: running.env['GATEWAY_URL'] ?? '',
        GATEWAY_ADMIN_GRPC_ADDRESS: running.env['GATEWAY_ADMIN_GRPC_ADDRESS'] ?? '',
      }
    : {};
  const graphqlUrl = running?.graphql;
  return {
    env: {
      NATS_URL: options.natsUrl,
      BUS_PREFIX: options.busPrefix,
      ...addresses,
      ...gatewayEnv,
    },
    ...(graphqlUrl ? { graphqlUrl } : {}),
    processes: running ? [...processes, running.proc] : processes,
    async stop() {
      await services.stopAll('SIGTERM');
    },
  };
}

/** A gateway started by `launchGateway`. */
export interface RunningGateway {
  proc: FixtureProcess;
  /** Its GraphQL endpoint. */
  graphql: string;
  /** What pcn-admin needs to reach it: GATEWAY_URL, GATEWAY_ADMIN_GRPC_ADDRESS, OPERATOR_SECRET. */
  env: Record<string, string>;
}

/**
 * The gateway as its own process (built `dist/main.js`) on its SQLite file, without demo data
 * unless `env` says otherwise, with its operator API on (OPERATOR_SECRET); resolves once it serves.
 */
export async function launchGateway(
  services: ServiceProcesses,
  options: { sqliteFile: string; env?: Record<string, string> },
): Promise<RunningGateway> {
  const proc = services.launch('gateway', {
    SQLITE_FILE: options.sqliteFile,
    HTTP_PORT: '0',
    ADMIN_GRPC_PORT: '0',
    JWT_SECRET: 'admin-e2e-jwt-secret-admin-e2e-jwt-secret',
    OPERATOR_SECRET,
    DEMO_DATA: 'false',
    ...options.env,
  });
  try {
    const [, port] = await proc.waitForLine(/"port":(\d+).*operator API serving/, 30_000);
    const [, url] = await proc.waitForLine(/"url":"(http:[^"]+)".*gateway listening/, 30_000);
    return {
      proc,
      graphql: new URL('/graphql', url).href,
      env: {
        GATEWAY_URL: new URL('/', url).href,
        GATEWAY_ADMIN_GRPC_ADDRESS: `127.0.0.1:${port}`,
        OPERATOR_SECRET,
      },
    };
  } catch (err) {
    throw new Error(`the gateway did not start:\n${proc.lines.slice(-10).join('\n')}`, {
      cause: err,
    });
  }
}

export interface AdminRun {
  code: ExitCode;
  stdout: string;
  stderr: string;
  json<T = Record<string, unknown>>(): T;
}

/** Runs pcn-admin in this process with its own output and environment. */
export async function runAdmin(
  args: readonly string[],
  env: Record<string, string>,
  options: { cwd?: string; stdin?: string } = {},
): Promise<AdminRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    // Nothing from the test runner's own environment leaks in.
    env: { LOG_LEVEL: 'info', ...env },
    cwd: options.cwd ?? fileURLToPath(new URL('.', import.meta.url)),
    // Piped standard input (not a terminal), as `... < password-file` gives.
    stdin: Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]),
  });
  return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T };
}

/** A port nothing listens on, for "unreachable". */
export async function closedPort(): Promise<number> {
  return freePorts(1);
}

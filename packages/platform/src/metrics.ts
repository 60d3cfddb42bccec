import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { z } from 'zod';
import { env } from './config.js';
import type { Logger } from './logger.js';

export { Counter, Gauge, Histogram, Registry };

/**
 * Latency buckets in seconds for requests (gRPC calls, GraphQL operations): 1 ms to 10 s, so a
 * p99 between them is estimated within a factor of about 2.5.
 */
export const REQUEST_SECONDS_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** How long one scrape waits on a collector (store, JetStream) before it reports without it. */
export const COLLECT_TIMEOUT_MS = 2000;

/**
 * A registry for one process (or one embedded service in tests): the standard process and Node.js
 * metrics (`process_*`, `nodejs_*`, under the names every Prometheus client uses) and
 * `pcn_build_info{service,version}`.
 */
export function createMetricsRegistry(service: string, version: string): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  new Gauge({
    name: 'pcn_build_info',
    help: 'Always 1; labelled with the service and its version',
    labelNames: ['service', 'version'],
    registers: [registry],
  }).set({ service, version }, 1);
  return registry;
}

/**
 * A gauge filled at scrape time by `read`, bounded by COLLECT_TIMEOUT_MS. When `read` fails or is
 * late the gauge reports no sample for that scrape (never a stale or made-up value), and
 * `pcn_metrics_collector_up{collector}` says 0, so an alert can tell "no lag" from "not measured".
 */
export function scrapeGauge<L extends string>(
  registry: Registry,
  options: {
    name: string;
    help: string;
    labelNames?: readonly L[];
    collector: string;
    logger: Logger;
    read: () => Promise<readonly { labels?: Partial<Record<L, string>>; value: number }[]>;
  },
): Gauge<L> {
  const up = collectorUp(registry);
  let warned = false;
  return new Gauge<L>({
    name: options.name,
    help: options.help,
    labelNames: options.labelNames ?? [],
    registers: [registry],
    async collect() {
      const run = (async () => {
        this.reset();
        try {
          const samples = await withTimeout(options.read(), COLLECT_TIMEOUT_MS);
          for (const s of samples)
            this.set((s.labels ?? {}) as Partial<Record<L, string>>, s.value);
          up.gauge.set({ collector: options.collector }, 1);
          warned = false;
        } catch (err) {
          up.gauge.set({ collector: options.collector }, 0);
          // One line per outage, not one per scrape.
          if (!warned)
            options.logger.warn({ err, collector: options.collector }, 'metric not collected');
          warned = true;
        }
      })();
      up.running.add(run);
      await run;
      up.running.delete(run);
    },
  });
}

interface CollectorUp {
  gauge: Gauge<'collector'>;
  /** The scrape-time reads under way: the gauge reports once they have set it. */
  running: Set<Promise<void>>;
}
const upGauges = new WeakMap<Registry, CollectorUp>();
function collectorUp(registry: Registry): CollectorUp {
  let up = upGauges.get(registry);
  if (!up) {
    const running = new Set<Promise<void>>();
    const gauge = new Gauge({
      name: 'pcn_metrics_collector_up',
      help: '1 when the collector answered within the scrape timeout, else 0',
      labelNames: ['collector'],
      registers: [registry],
      async collect() {
        // A scrape starts every collect() at once, this one first (it was registered first): one
        // turn later the reads of this scrape are all under way, and their outcome is reported.
        await Promise.resolve();
        await Promise.all(running);
      },
    });
    up = { gauge, running };
    upGauges.set(registry, up);
  }
  return up;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * `METRICS_HOST`, `METRICS_PORT` and `METRICS_TOKEN`: where `GET /metrics` is served, on a
 * listener of its own (never the public port). Loopback by default; `off` turns it off.
 */
export function metricsEnv(defaultPort: number | string) {
  return {
    METRICS_HOST: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe('interface to serve GET /metrics on (default 127.0.0.1)'),
    METRICS_PORT: z
      .union([z.literal('off'), z.coerce.number().int().min(0).max(65535)])
      .optional()
      .describe(
        `a TCP port 0-65535 for GET /metrics, or off (default ${defaultPort}; with NODE_ENV=test a free port)`,
      ),
    METRICS_TOKEN: env.optionalSecret(
      'a random secret of at least 32 characters that scrapers send as `Authorization: Bearer <token>` (default: none, anyone who reaches METRICS_HOST may scrape)',
    ),
  };
}

export interface MetricsConfig {
  NODE_ENV: string;
  METRICS_HOST: string;
  METRICS_PORT?: number | 'off' | undefined;
  METRICS_TOKEN?: string | undefined;
}

/** Where to listen, or undefined when metrics are off. Tests get a free port unless they name one. */
export function metricsListen(
  config: MetricsConfig,
  defaultPort: number,
): { host: string; port: number; token: string | undefined } | undefined {
  const port = config.METRICS_PORT ?? (config.NODE_ENV === 'test' ? 0 : defaultPort);
  if (port === 'off') return undefined;
  return { host: config.METRICS_HOST, port, token: config.METRICS_TOKEN };
}

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Serves `GET /metrics` in the Prometheus text format on a listener of its own. With a token, a
 * scrape without `Authorization: Bearer <token>` gets 401 and no metric.
 */
export async function serveMetrics(options: {
  registry: Registry;
  host: string;
  port: number;
  token?: string | undefined;
  logger: Logger;
}): Promise<MetricsServer> {
  const { registry, logger } = options;
  const expected = options.token === undefined ? undefined : digest(`Bearer ${options.token}`);
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') return void res.writeHead(404).end('Not found: GET /metrics\n');
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return void res.writeHead(405, { allow: 'GET, HEAD' }).end();
    // Digests, so the comparison takes the same time whatever the length sent.
    if (expected && !timingSafeEqual(digest(req.headers.authorization ?? ''), expected))
      return void res
        .writeHead(401, { 'www-authenticate': 'Bearer realm="metrics"' })
        .end('Send the metrics token as Authorization: Bearer <METRICS_TOKEN>\n');
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { 'content-type': registry.contentType });
        res.end(req.method === 'HEAD' ? undefined : text);
      },
      (err: unknown) => {
        logger.error({ err }, 'metrics scrape failed');
        res.writeHead(500).end('Metrics could not be collected; see the service log\n');
      },
    );
  };
  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  if (!expected && !isLoopback(options.host))
    logger.warn(
      { listen: `${options.host}:${port}` },
      'metrics are served beyond loopback without METRICS_TOKEN',
    );
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

/** gRPC status names by code, for the `grpc_code` label (17 values). */
const GRPC_CODE_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];

/**
 * Calls served, per method: `pcn_grpc_server_handled_total{grpc_service,grpc_method,grpc_code}`
 * and `pcn_grpc_server_handling_seconds{grpc_service,grpc_method}`. The method comes from the
 * server's own routing (only registered methods reach a handler), so labels stay bounded.
 */
export class GrpcServerMetrics {
  readonly #handled: Counter<'grpc_service' | 'grpc_method' | 'grpc_code'>;
  readonly #seconds: Histogram<'grpc_service' | 'grpc_method'>;

  constructor(registry: Registry) {
    this.#handled = new Counter({
      name: 'pcn_grpc_server_handled_total',
      help: 'gRPC calls completed by the server, by method and status code',
      labelNames: ['grpc_service', 'grpc_method', 'grpc_code'],
      registers: [registry],
    });
    this.#seconds = new Histogram({
      name: 'pcn_grpc_server_handling_seconds',
      help: 'Time from a gRPC call reaching its handler to its answer, in seconds',
      labelNames: ['grpc_service', 'grpc_method'],
      buckets: REQUEST_SECONDS_BUCKETS,
      registers: [registry],
    });
  }

  /** One finished call; `path` is `/package.Service/Method`. */
  observe(path: string, code: number, seconds: number): void {
    const [, service = 'unknown', method = 'unknown'] = path.split('/');
    const labels = { grpc_service: service, grpc_method: method };
    this.#handled.inc({ ...labels, grpc_code: GRPC_CODE_NAMES[code] ?? 'UNKNOWN' });
    this.#seconds.observe(labels, seconds);
  }
}

import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  acceptCorrelationId,
  CORRELATION_ID_HEADER,
  runInContext,
  type Logger,
  type Readiness,
} from '@pcn/platform';
import { Kind, OperationTypeNode, parse } from 'graphql';
import { createYoga, useExecutionCancellation } from 'graphql-yoga';
import type { GatewayContext } from '../graphql/context.js';
import { domainToGraphQLError, maskError } from '../graphql/errors.js';
import { useQueryLimits, type QueryLimits } from '../graphql/query-limits.plugin.js';
import { createGatewaySchema } from '../graphql/schema.js';
import type { IdentityService } from '../identity/identity.contract.js';
import type { BackendHealth } from '../infra/backend-health.js';
import { createDirectorySizes } from '../infra/directory-sizes.js';
import type { DraftClient } from '../infra/draft-client.js';
import type { DraftEventHub } from '../infra/draft-event-hub.js';
import type { NotificationClient } from '../infra/notification-client.js';
import type { NotificationEventHub } from '../infra/notification-event-hub.js';
import { clientAddress } from './client-address.js';
import { createNotificationRoutes } from './notification-routes.js';
import { PublicResponseCache } from './public-cache.js';
import { RateLimiter } from './rate-limiter.js';
import { DomainError } from '@pcn/platform';

export interface GatewayServices {
  identity: IdentityService;
  drafts: DraftClient;
  hub: DraftEventHub;
  notifications: NotificationClient;
  notificationHub: NotificationEventHub;
  backends: BackendHealth;
}

export interface GatewayCacheOptions {
  /** Serve anonymous queries from memory until the next draft event (default on). */
  enabled: boolean;
  ttlMs: number;
}

export interface GatewayLimits extends QueryLimits {
  maxRequestBytes: number;
  ratePerMinute: number;
  /** How often a live subscription checks that its credentials still hold. */
  subscriptionRecheckMs: number;
}

export interface GatewayHttpOptions {
  logger: Logger;
  readiness: Readiness;
  services: GatewayServices;
  limits: GatewayLimits;
  cache?: GatewayCacheOptions;
  development: boolean;
  /** The SMS provider's callback secret; callbacks answer 503 without it. */
  smsWebhookSecret?: string | undefined;
  /** Reverse proxies in front of the gateway whose `X-Forwarded-For` is believed (default 0). */
  trustedProxyHops?: number;
}

/** What Node hands Yoga with each request; the client's address is read from it. */
interface ServerContext {
  req?: IncomingMessage;
}

const UNCACHED_FIELDS = new Set(['network', 'me']);

/** Only queries are kept: never a mutation or subscription, never health or identity. */
function isCacheableQuery(req: IncomingMessage, body: Buffer): boolean {
  try {
    const source =
      req.method === 'GET'
        ? new URL(req.url ?? '/', 'http://gateway.local').searchParams.get('query')
        : (JSON.parse(body.toString('utf8')) as { query?: unknown }).query;
    if (typeof source !== 'string') return false;
    return parse(source).definitions.every((d) => {
      if (d.kind !== Kind.OPERATION_DEFINITION) return true;
      if (d.operation !== OperationTypeNode.QUERY) return false;
      // Health and identity are live by nature; they are never served from memory.
      return d.selectionSet.selections.every(
        (sel) => sel.kind !== Kind.FIELD || !UNCACHED_FIELDS.has(sel.name.value),
      );
    });
  } catch {
    return false;
  }
}

function hasNoErrors(out: Buffer): boolean {
  try {
    return (JSON.parse(out.toString('utf8')) as { errors?: unknown }).errors === undefined;
  } catch {
    return false;
  }
}

function problem(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Who a request counts against: its API client, its bearer token, or its address. */
function rateKey(req: IncomingMessage): string {
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string')
    return `key:${/^pcn_([A-Za-z0-9-]{1,64})_/.exec(apiKey)?.[1] ?? 'malformed'}`;
  const auth = req.headers.authorization;
  if (typeof auth === 'string')
    return `token:${createHash('sha256').update(auth).digest('base64url').slice(0, 22)}`;
  return `ip:${req.socket.remoteAddress ?? 'unknown'}`;
}

/**
 * The gateway's HTTP server: GraphQL at /graphql (GET, POST, and SSE subscriptions; GraphiQL in
 * development only), liveness at /healthz and readiness at /readyz, and the notification links and
 * provider callbacks (/unsubscribe/:token, /confirm/:token, /hooks/sms/*; see notification-routes).
 * Requests are limited in size, rate, depth and cost; errors are masked unless they carry an
 * expected code.
 */
export function createGatewayHttpServer(options: GatewayHttpOptions) {
  const { logger, readiness, services, limits } = options;
  const directorySizes = createDirectorySizes(services.identity);
  // Counted ahead, so the first request does not wait; a failure is retried by the next request.
  directorySizes.get().catch(() => undefined);
  const yoga = createYoga<ServerContext, GatewayContext>({
    schema: createGatewaySchema(),
    graphqlEndpoint: '/graphql',
    graphiql: options.development,
    landingPage: false,
    maskedErrors: { maskError },
    plugins: [
      // A client that leaves aborts its request: its work stops and live streams are returned.
      useExecutionCancellation(),
      useQueryLimits(limits, () => directorySizes.get()),
    ],
    logging: {
      debug: (...args) => logger.debug({ args }, 'yoga'),
      info: (...args) => logger.info({ args }, 'yoga'),
      warn: (...args) => logger.warn({ args }, 'yoga'),
      error: (...args) => logger.error({ args }, 'yoga'),
    },
    context: async ({ request, req }) => {
      try {
        const credentials = {
          authorization: request.headers.get('authorization') ?? undefined,
          apiKey: request.headers.get('x-api-key') ?? undefined,
        };
        const caller = await services.identity.authenticate(credentials);
        return {
          caller,
          reauthenticate: () => services.identity.authenticate(credentials),
          subscriptionRecheckMs: limits.subscriptionRecheckMs,
          signal: request.signal,
          acceptLanguage: request.headers.get('accept-language'),
          clientAddress: clientAddress(
            req?.socket.remoteAddress,
            req?.headers['x-forwarded-for'],
            options.trustedProxyHops,
          ),
          identity: services.identity,
          drafts: services.drafts.forRequest(caller),
          hub: services.hub,
          notifications: services.notifications.forRequest(caller),
          notificationHub: services.notificationHub,
          backends: services.backends,
        };
      } catch (err) {
        // Bad credentials are an answer, never a silent fall-back to anonymous.
        if (err instanceof DomainError) throw domainToGraphQLError(err);
        throw err;
      }
    },
  });

  const notificationRoutes = createNotificationRoutes({
    notifications: services.notifications,
    identity: services.identity,
    logger: logger.child({ component: 'notification-routes' }),
    smsWebhookSecret: options.smsWebhookSecret,
  });

  const limiter = new RateLimiter(limits.ratePerMinute);
  let inFlight = 0;
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return json(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      void readiness.probe().then((report) => {
        // Details stay in the log; the public answer says only which dependency fails.
        if (!report.ready) logger.warn({ checks: report.checks }, 'not ready');
        const checks = Object.fromEntries(
          Object.entries(report.checks).map(([name, result]) => [
            name,
            result === 'ok' ? 'ok' : 'failing',
          ]),
        );
        json(res, report.ready ? 200 : 503, { ready: report.ready, checks });
      });
      return;
    }
    // A provider's callbacks, once their secret checks out, are not limited like the public.
    const wait = notificationRoutes.isTrustedHook(req, path ?? '') ? 0 : limiter.take(rateKey(req));
    if (wait > 0) {
      req.resume();
      return json(res, 429, problem(`Too many requests; retry in ${wait} s`, 'RATE_LIMITED'), {
        'retry-after': String(wait),
      });
    }
    // Bodies must declare their length (Node's parser then enforces it), so the limit is checked
    // before a byte is read; chunked uploads get 411.
    const length = req.headers['content-length'];
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
    if (hasBody && length === undefined && req.headers['transfer-encoding'] !== undefined) {
      req.resume();
      return json(res, 411, problem('Send a Content-Length header', 'LENGTH_REQUIRED'));
    }
    if (Number(length ?? 0) > limits.maxRequestBytes) {
      req.resume();
      return json(
        res,
        413,
        problem(`Request body is larger than ${limits.maxRequestBytes} bytes`, 'PAYLOAD_TOO_LARGE'),
      );
    }
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
    });
    // Every log line and backend call of this request carries its correlation id.
    const correlationId = acceptCorrelationId(req.headers[CORRELATION_ID_HEADER]);
    res.setHeader(CORRELATION_ID_HEADER, correlationId);
    if (path !== undefined && notificationRoutes.handles(path)) {
      runInContext({ correlationId }, () => {
        notificationRoutes.serve(req, res, path).catch((err: unknown) => {
          logger.error({ error: err instanceof Error ? err.name : 'unknown' }, 'route failed');
          if (!res.headersSent)
            json(res, 500, problem('Unexpected error.', 'INTERNAL_SERVER_ERROR'));
          else res.destroy();
        });
      });
      return;
    }
    if (cache && isPublicRead(req)) {
      // Read the body with plain events: a cache hit is answered without any promise or context.
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks);
        const key = cache.key(
          req.method ?? 'GET',
          req.url ?? '/',
          body,
          String(req.headers['accept-language'] ?? ''),
          String(req.headers.accept ?? ''),
        );
        const hit = cache.get(key);
        if (hit) {
          res.writeHead(hit.status, hit.headers);
          res.end(hit.body);
          return;
        }
        runInContext({ correlationId }, () => {
          serveAndStore(req, res, body, key).catch((err: unknown) => {
            logger.error({ err }, 'cached request failed');
            if (!res.headersSent)
              json(res, 500, problem('Unexpected error.', 'INTERNAL_SERVER_ERROR'));
            else res.destroy();
          });
        });
      });
      return;
    }
    runInContext({ correlationId }, () => void yoga.requestListener(req, res));
  };

  const cache =
    options.cache?.enabled === false
      ? undefined
      : new PublicResponseCache({ ttlMs: options.cache?.ttlMs });
  if (cache) services.hub.onEvent(() => cache.invalidate());

  /** Anonymous, and not a subscription: the answer is the same for every such caller. */
  function isPublicRead(req: IncomingMessage): boolean {
    if (req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined)
      return false;
    if ((req.headers.accept ?? '').includes('text/event-stream')) return false;
    return req.method === 'GET' || req.method === 'POST';
  }

  /** A cache miss: Yoga answers, and a successful query's answer is kept. */
  async function serveAndStore(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    key: string,
  ): Promise<void> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) headers.set(name, value.join(', '));
    // A client that leaves ends the work, subscriptions included.
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    const cacheable = isCacheableQuery(req, body);
    const generation = cache?.generation ?? 0;
    const init: RequestInit = {
      method: req.method,
      headers,
      // A Buffer is a Uint8Array over a plain ArrayBuffer here (Node's parser made it).
      body:
        req.method === 'GET' || req.method === 'HEAD'
          ? undefined
          : (body as Uint8Array<ArrayBuffer>),
      signal: abort.signal,
    };
    const response = await yoga.fetch(new URL(req.url ?? '/', 'http://gateway.local'), init, {
      req,
    });
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[name] = value;
    });
    if (!cacheable || !response.body) {
      // Mutations, subscriptions (an event stream, whatever the Accept header said) and errors
      // pass through as they come.
      res.writeHead(response.status, responseHeaders);
      if (!response.body) return void res.end();
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
        res.write(chunk);
      res.end();
      return;
    }
    const out = Buffer.from(await response.arrayBuffer());
    // Stored only if no draft event arrived meanwhile: the answer might predate it.
    if (response.status === 200 && hasNoErrors(out) && cache?.generation === generation)
      cache.set(key, {
        status: 200,
        headers: { ...responseHeaders, 'x-cache': 'hit' },
        body: out,
      });
    res.writeHead(response.status, { ...responseHeaders, 'x-cache': 'miss' });
    res.end(out);
  }

  const server: Server = createServer(handle);
  return {
    server,
    yoga,
    cache,
    get inFlight() {
      return inFlight;
    },
    async listen(host: string, port: number): Promise<number> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      return (server.address() as AddressInfo).port;
    },
    /** Stops accepting, lets requests in flight finish, and cuts what is left at the timeout. */
    async close(timeoutMs: number): Promise<void> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
      await closed;
      clearTimeout(timer);
    },
  };
}

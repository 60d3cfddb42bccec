import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  acceptCorrelationId,
  CORRELATION_ID_HEADER,
  Counter,
  runInContext,
  type Logger,
  type Readiness,
  type Registry,
} from '@pcn/platform';
import { parse, stripIgnoredCharacters } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { QueryLimits } from '../graphql/query-limits.plugin.js';
import { ANONYMOUS_CALLER, type IdentityService } from '../identity/identity.contract.js';
import type { BackendHealth } from '../infra/backend-health.js';
import { createDirectorySizes } from '../infra/directory-sizes.js';
import type { DraftClient } from '../infra/draft-client.js';
import type { DraftEventHub } from '../infra/draft-event-hub.js';
import type { FeedbackClient } from '../infra/feedback-client.js';
import type { FeedbackEventHub } from '../infra/feedback-event-hub.js';
import type { NotificationClient } from '../infra/notification-client.js';
import type { NotificationEventHub } from '../infra/notification-event-hub.js';
import {
  authenticateWith,
  createGatewayYoga,
  credentialsOf,
  type ServerContext,
} from './gateway-yoga.js';
import { createDevOutboxRoute } from './dev-outbox-route.js';
import { createDraftPageRoute } from './draft-page-route.js';
import { createGraphiQLAssets } from './graphiql-assets.js';
import { serveHealth } from './health-routes.js';
import { json, problem } from './http-responses.js';
import { leanMediaType, leanParams, runLean, type LeanAnswer } from './lean-graphql.js';
import {
  createFeedbackRoutes,
  FEEDBACK_ROUTE_BODY_LIMITS,
  type FeedbackRoutesOptions,
} from './feedback-routes.js';
import { createNotificationRoutes } from './notification-routes.js';
import { PublicResponseCache } from './public-cache.js';
import { queryShape, viewClass, type QueryShape } from './public-view.js';
import { createRequestAdmission, type Authentication } from './request-admission.js';

export interface GatewayServices {
  identity: IdentityService;
  drafts: DraftClient;
  hub: DraftEventHub;
  notifications: NotificationClient;
  feedback: FeedbackClient;
  feedbackHub: FeedbackEventHub;
  notificationHub: NotificationEventHub;
  backends: BackendHealth;
}

export interface GatewayCacheOptions {
  /** Serve public queries from memory until the next draft event (default on). */
  enabled: boolean;
  ttlMs: number;
  /** Most bytes the cache holds (default 64 MiB). */
  maxBytes?: number;
}

export interface GatewayLimits extends QueryLimits {
  maxRequestBytes: number;
  ratePerMinute: number;
  /** Most rate-limit buckets kept for addresses, and again for verified identities (50,000). */
  rateLimitMaxClients?: number;
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
  /** The Zalo Official Account's webhook settings; unset, `/hooks/zalo/inbound` answers 503. */
  zalo?: FeedbackRoutesOptions['zalo'];
  /** Reverse proxies in front of the gateway whose `X-Forwarded-For` is believed (default 0). */
  trustedProxyHops?: number;
  /** The rate limiter's clock in ms (default Date.now). */
  rateLimitClock?: (() => number) | undefined;
  /**
   * Web origins whose pages may call the API from a browser (default none). Any other page's
   * preflight is not approved, so its browser never sends a JSON POST: with form posts refused
   * (415), no web page can make a visitor's browser run a mutation.
   */
  corsOrigins?: readonly string[];
  /** The local message catcher's listing: serves /dev/outbox. Never set in production. */
  devOutboxUrl?: string | undefined;
  /** Where GraphQL operations are counted and timed (served on the metrics port, never here). */
  metrics?: { registry: Registry; maxOperationNames: number };
}

/** The GraphQL request in a body or query string: what the normalised cache key is made of. */
interface GraphQLParams {
  query: string;
  variables: string;
  operationName: string;
  extensions: string;
}

function graphQLParams(req: IncomingMessage, body: Buffer): GraphQLParams | undefined {
  try {
    const params: Record<string, unknown> =
      req.method === 'GET'
        ? Object.fromEntries(new URL(req.url ?? '/', 'http://gateway.local').searchParams)
        : (JSON.parse(body.toString('utf8')) as Record<string, unknown>);
    const { query, variables, operationName, extensions } = params;
    if (typeof query !== 'string') return undefined;
    // GET carries variables and extensions as JSON text; a body carries them as values.
    const asJson = (v: unknown) =>
      typeof v === 'string' && req.method === 'GET' ? v : JSON.stringify(v ?? null);
    return {
      query,
      variables: asJson(variables),
      operationName: typeof operationName === 'string' ? operationName : '',
      extensions: asJson(extensions),
    };
  } catch {
    return undefined;
  }
}

function hasNoErrors(out: Buffer): boolean {
  try {
    return (JSON.parse(out.toString('utf8')) as { errors?: unknown }).errors === undefined;
  } catch {
    return false;
  }
}

/**
 * The gateway's HTTP server: GraphQL at /graphql (GET, POST, and SSE subscriptions; GraphiQL in
 * development only), liveness at /healthz and readiness at /readyz, a plain page per draft at
 * /drafts/:id (where messages link without a portal), and the notification links and
 * provider callbacks (/unsubscribe/:token, /confirm/:token, /hooks/sms/*; see notification-routes).
 *
 * Each request, in order:
 * 1. Credentials, if any, are verified (VerifiedCredentials keeps that cheap for repeat callers).
 * 2. The request counts against its verified identity (`user:<id>`, `api-client:<id>`), or else
 *    against its client address (the /64 for IPv6): anonymous requests and requests whose
 *    credentials failed alike. An unverified credential never names a bucket.
 * 3. Size and, for POST /graphql, media type (application/json only: 415 otherwise) are checked
 *    before a byte of the body is read.
 * 4. Public queries of callers in the public visibility class are answered from the public
 *    answer cache (see public-view); everything else goes through Yoga, with depth and cost
 *    limits, and errors masked unless they carry an expected code: plain JSON POSTs by the lean
 *    path (Yoga's GraphQL stage alone, see lean-graphql), the rest by its full pipeline.
 */
export function createGatewayHttpServer(options: GatewayHttpOptions) {
  const { logger, readiness, services, limits } = options;
  const directorySizes = createDirectorySizes(services.identity);
  // Counted ahead, so the first request does not wait; a failure is retried by the next request.
  directorySizes.get().catch(() => undefined);
  /** Who each request handed to Yoga's own listener is, as verified in `handle`. */
  const verifiedBefore = new WeakMap<IncomingMessage, Authentication>();
  const authenticate = authenticateWith(services.identity);
  const admission = createRequestAdmission({
    ratePerMinute: limits.ratePerMinute,
    rateLimitMaxClients: limits.rateLimitMaxClients,
    maxRequestBytes: limits.maxRequestBytes,
    routeBodyLimits: FEEDBACK_ROUTE_BODY_LIMITS,
    trustedProxyHops: options.trustedProxyHops,
    clock: options.rateLimitClock,
  });
  const { yoga, leanPath } = createGatewayYoga({
    logger,
    services,
    limits,
    directorySizes: () => directorySizes.get(),
    development: options.development,
    corsOrigins: options.corsOrigins,
    verifiedBefore,
    addressOf: admission.addressOf,
    metrics: options.metrics,
  });

  const feedbackRoutes = createFeedbackRoutes({
    feedback: services.feedback,
    logger: logger.child({ component: 'feedback-routes' }),
    zalo: options.zalo,
    // Declared below; called only once requests arrive.
    zaloText: (senderId, text, messageId) => notificationRoutes.zaloText(senderId, text, messageId),
  });
  const notificationRoutes = createNotificationRoutes({
    notifications: services.notifications,
    identity: services.identity,
    logger: logger.child({ component: 'notification-routes' }),
    smsWebhookSecret: options.smsWebhookSecret,
    inboundText: (from, text, messageId) =>
      feedbackRoutes.inboundText(from, text, messageId) as Promise<
        Record<string, unknown> | 'unavailable' | undefined
      >,
  });

  const draftPage = createDraftPageRoute({
    drafts: services.drafts,
    logger: logger.child({ component: 'draft-page' }),
  });
  // GraphiQL is development only, and so are its assets.
  const graphiqlAssets = options.development ? createGraphiQLAssets() : undefined;
  const devOutbox = options.devOutboxUrl
    ? createDevOutboxRoute({
        outboxUrl: options.devOutboxUrl,
        logger: logger.child({ component: 'dev-outbox' }),
      })
    : undefined;

  const cache =
    options.cache?.enabled === false
      ? undefined
      : new PublicResponseCache({ ttlMs: options.cache?.ttlMs, maxBytes: options.cache?.maxBytes });
  if (cache) {
    services.hub.onEvent(() => cache.invalidate());
    services.feedbackHub.onPublicChange(() => cache.invalidate());
  }

  // Operations answered here never run, so the GraphQL metrics do not see them.
  const cacheHits =
    options.metrics &&
    new Counter({
      name: 'pcn_gateway_public_cache_hits_total',
      help: 'GraphQL requests answered from the public answer cache, without running the operation',
      registers: [options.metrics.registry],
    });

  let inFlight = 0;
  const fail = (res: ServerResponse, err: unknown) => {
    logger.error({ error: err instanceof Error ? err.name : 'unknown' }, 'request failed');
    if (!res.headersSent) json(res, 500, problem('Unexpected error.', 'INTERNAL_SERVER_ERROR'));
    else res.destroy();
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (serveHealth(path, res, readiness, logger)) return;
    // A provider's callbacks, once their secret checks out, are not limited like the public.
    if (notificationRoutes.isTrustedHook(req, path))
      return admit(req, res, path, { caller: ANONYMOUS_CALLER }, false);
    const credentials = credentialsOf((name) => req.headers[name]);
    if (credentials.authorization === undefined && credentials.apiKey === undefined)
      return admit(req, res, path, { caller: ANONYMOUS_CALLER }, true);
    authenticate(credentials)
      .then((auth) => admit(req, res, path, auth, true))
      .catch((err: unknown) => fail(res, err));
  };

  /** The request, its caller known: limits, then the route. */
  function admit(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    auth: Authentication,
    limited: boolean,
  ): void {
    if (admission.refuse(req, res, path, auth, limited)) return;
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
    });
    // Every log line and backend call of this request carries its correlation id.
    const correlationId = acceptCorrelationId(req.headers[CORRELATION_ID_HEADER]);
    res.setHeader(CORRELATION_ID_HEADER, correlationId);
    if (notificationRoutes.handles(path)) {
      runInContext({ correlationId }, () => {
        notificationRoutes.serve(req, res, path).catch((err: unknown) => fail(res, err));
      });
      return;
    }
    if (draftPage.handles(path)) {
      runInContext({ correlationId }, () => {
        draftPage.serve(req, res, path).catch((err: unknown) => fail(res, err));
      });
      return;
    }
    if (graphiqlAssets?.handles(path)) {
      graphiqlAssets.serve(req, res, path).catch((err: unknown) => fail(res, err));
      return;
    }
    if (devOutbox?.handles(path)) {
      runInContext({ correlationId }, () => {
        devOutbox.serve(req, res).catch((err: unknown) => fail(res, err));
      });
      return;
    }
    if (feedbackRoutes.handles(path)) {
      if (!('caller' in auth)) {
        req.resume();
        return void json(res, 401, problem('The credentials were refused', 'UNAUTHENTICATED'));
      }
      runInContext({ correlationId }, () => {
        feedbackRoutes.serve(req, res, path, auth.caller).catch((err: unknown) => fail(res, err));
      });
      return;
    }
    const view = 'caller' in auth ? viewClass(auth.caller) : undefined;
    if (cache && view !== undefined && isPublicRead(req)) {
      const anonymous = 'caller' in auth && auth.caller.kind === 'anonymous';
      // A cache hit is answered without any promise or context.
      readBody(req, (body) => {
        const acceptLanguage = String(req.headers['accept-language'] ?? '');
        const accept = String(req.headers.accept ?? '');
        const method = req.method ?? 'GET';
        const rawKey = cache.key(view, method, req.url ?? '/', body, acceptLanguage, accept);
        const hit = cache.get(rawKey);
        // Signed-in callers get only answers whose every field depends on the class alone.
        if (hit && (anonymous || hit.shared)) return void serveCached(res, hit);
        runInContext({ correlationId }, () => {
          serveAndStore(
            req,
            res,
            body,
            auth,
            anonymous,
            rawKey,
            view,
            acceptLanguage,
            accept,
          ).catch((err: unknown) => fail(res, err));
        });
      });
      return;
    }
    if (leanPath && isLean(req)) {
      readBody(req, (body) =>
        runInContext({ correlationId }, () => {
          serveGraphQL(req, res, body, auth).catch((err: unknown) => fail(res, err));
        }),
      );
      return;
    }
    verifiedBefore.set(req, auth);
    runInContext({ correlationId }, () => void yoga.requestListener(req, res));
  }

  /** A plain JSON POST that the lean path may answer (see lean-graphql). */
  function isLean(req: IncomingMessage): boolean {
    return (
      req.method === 'POST' &&
      (req.url ?? '/').split('?')[0] === '/graphql' &&
      req.headers.origin === undefined &&
      leanMediaType(req.headers.accept) !== undefined
    );
  }

  /** The body, read with plain events (no promise, no stream adapter). */
  function readBody(req: IncomingMessage, then: (body: Buffer) => void): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => then(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks)));
  }

  /** A GraphQL request whose body is read: the lean path when it can take it, else Yoga. */
  async function serveGraphQL(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    auth: Authentication,
  ): Promise<void> {
    const answer = await lean(req, body, auth);
    if (answer) {
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
      return;
    }
    await pipe(res, await fetchYoga(req, res, body, { req, auth }));
  }

  /** The lean path's answer, or undefined if the request needs Yoga's full pipeline. */
  async function lean(
    req: IncomingMessage,
    body: Buffer,
    auth: Authentication,
  ): Promise<LeanAnswer | undefined> {
    const mediaType = leanPath && isLean(req) ? leanMediaType(req.headers.accept) : undefined;
    const params = mediaType !== undefined ? leanParams(body) : undefined;
    if (mediaType === undefined || params === undefined) return undefined;
    const execution = { started: false };
    return runLean(yoga, req, params, mediaType, { req, auth, execution }, () => execution.started);
  }

  /** Yoga's full pipeline on a request whose body was already read. */
  async function fetchYoga(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    serverContext: ServerContext,
  ): Promise<Response> {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) headers.set(name, value.join(', '));
    // A client that leaves ends the work, subscriptions included.
    const abort = new AbortController();
    res.once('close', () => abort.abort());
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
    return yoga.fetch(new URL(req.url ?? '/', 'http://gateway.local'), init, serverContext);
  }

  /** A Response as it comes: status, headers, and its body streamed (event streams included). */
  async function pipe(res: ServerResponse, response: Response): Promise<void> {
    const responseHeaders: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      responseHeaders[name] = value;
    });
    res.writeHead(response.status, responseHeaders);
    if (!response.body) return void res.end();
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
      res.write(chunk);
    res.end();
  }

  function serveCached(
    res: ServerResponse,
    hit: { status: number; headers: Record<string, string>; body: Buffer },
  ) {
    cacheHits?.inc();
    res.writeHead(hit.status, hit.headers);
    res.end(hit.body);
  }

  /** GET or POST, and not a subscription: the answer is the same for every caller of its class. */
  function isPublicRead(req: IncomingMessage): boolean {
    if ((req.headers.accept ?? '').includes('text/event-stream')) return false;
    return req.method === 'GET' || req.method === 'POST';
  }

  /**
   * What the public cache needs of a document (its shape, its normalised text), kept per query
   * text: callers send the same few documents with new variables, and parsing, normalising and
   * hashing each again showed in the profile of every partner's write. Undefined when invalid.
   */
  const documentFacts = new LRUCache<string, { shape: QueryShape; stripped: string } | false>({
    max: 1000,
    maxSize: 8 * 1024 * 1024,
    maxEntrySize: 64 * 1024,
    sizeCalculation: (facts, query) =>
      2 * (query.length + (facts ? facts.stripped.length : 0)) + 100,
  });
  function factsOf(query: string): { shape: QueryShape; stripped: string } | undefined {
    let facts = documentFacts.get(query);
    if (facts === undefined) {
      try {
        facts = { shape: queryShape(parse(query)), stripped: stripIgnoredCharacters(query) };
      } catch {
        // Not a valid document: Yoga says why.
        facts = false;
      }
      documentFacts.set(query, facts);
    }
    return facts || undefined;
  }

  /**
   * A miss on the raw request: the document is parsed once to see whether it may be kept and to
   * key it on its normalised form (so that comments or spacing make no new entry). A caller of
   * the public class other than the anonymous public is answered as the public is, and only for
   * documents whose every root field depends on the class alone; anything else runs as its caller
   * and is not kept.
   */
  async function serveAndStore(
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer,
    auth: Authentication,
    anonymous: boolean,
    rawKey: string,
    view: string,
    acceptLanguage: string,
    accept: string,
  ): Promise<void> {
    const params = graphQLParams(req, body);
    const facts = params ? factsOf(params.query) : undefined;
    const shape = facts?.shape ?? { cacheable: false, shared: false };
    // Only a cacheable document can have an answer kept (a mutation never does): nothing to key.
    const normalisedKey =
      params && facts && shape.cacheable
        ? cache?.normalisedKey(
            view,
            req.method ?? 'GET',
            { ...params, document: facts.stripped },
            acceptLanguage,
            accept,
          )
        : undefined;
    const servedAsPublic = anonymous || shape.shared;
    if (normalisedKey !== undefined && servedAsPublic) {
      const hit = cache?.getNormalised(normalisedKey, rawKey);
      if (hit && (anonymous || hit.shared)) return serveCached(res, hit);
    }
    const generation = cache?.generation ?? 0;
    // The public's answer, for whoever shares the public's view.
    const asCaller: Authentication = servedAsPublic ? { caller: ANONYMOUS_CALLER } : auth;
    const keep = shape.cacheable && servedAsPublic && normalisedKey !== undefined;
    let answer = await lean(req, body, asCaller);
    if (!answer) {
      const response = await fetchYoga(req, res, body, { req, auth: asCaller });
      // Mutations, subscriptions (an event stream, whatever the Accept header said), private
      // answers and invalid documents pass through as they come.
      if (!keep || !response.body) return pipe(res, response);
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      answer = {
        status: response.status,
        headers,
        body: Buffer.from(await response.arrayBuffer()),
      };
    }
    if (!keep || normalisedKey === undefined) {
      res.writeHead(answer.status, answer.headers);
      return void res.end(answer.body);
    }
    // Stored only if no draft event arrived meanwhile: the answer might predate it.
    if (answer.status === 200 && hasNoErrors(answer.body) && cache?.generation === generation)
      cache.set(normalisedKey, rawKey, {
        status: 200,
        headers: { ...answer.headers, 'x-cache': 'hit' },
        body: answer.body,
        shared: shape.shared,
      });
    res.writeHead(answer.status, { ...answer.headers, 'x-cache': 'miss' });
    res.end(answer.body);
  }

  const server: Server = createServer(handle);
  return {
    server,
    yoga,
    cache,
    /** Buckets held by the rate limiter: client addresses and verified identities. */
    get rateLimitBuckets() {
      return admission.buckets;
    },
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
      cache?.close();
    },
  };
}

export type GatewayHttpServer = ReturnType<typeof createGatewayHttpServer>;

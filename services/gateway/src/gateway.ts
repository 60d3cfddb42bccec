import { hostname } from 'node:os';
import {
  BusNames,
  busOutboxRelay,
  connectBus,
  createEventFactory,
  DEFAULT_STREAM_SETTINGS,
  provisionStreams,
  registerOutboxMetrics,
  type OutboxRelay,
} from '@pcn/events';
import {
  ConfigError,
  createLogger,
  createMetricsRegistry,
  Lifecycle,
  loadGrpcTls,
  metricsListen,
  packageVersion,
  Readiness,
  serveMetrics,
  storeConfig,
  type MetricsServer,
  systemClock,
  useGrpcTls,
  useInternalSecret,
  type Logger,
} from '@pcn/platform';
import { openStore } from '@pcn/storage';
import { GATEWAY_METRICS_PORT, type GatewayConfig } from './config.js';
import { createGatewayHttpServer, type GatewayHttpServer } from './http/http-server.js';
import { demoDataLoaded } from './identity/demo-data.js';
import { createDirectoryEvents } from './identity/directory-events.js';
import { identityCollections, signInCollections } from './identity/identity.collections.js';
import { createIdentityService } from './identity/identity.service.js';
import { startOperatorServer } from './operator/operator-server.js';
import { createBackendHealth } from './infra/backend-health.js';
import { seedDemoDraft } from './infra/demo-draft.js';
import { createDraftClient } from './infra/draft-client.js';
import { DraftEventHub } from './infra/draft-event-hub.js';
import { createFeedbackClient } from './infra/feedback-client.js';
import { FeedbackEventHub } from './infra/feedback-event-hub.js';
import { createNotificationClient } from './infra/notification-client.js';
import { NotificationEventHub } from './infra/notification-event-hub.js';

export interface Gateway {
  logger: Logger;
  lifecycle: Lifecycle;
  port: number;
  url: string;
  /** Publishes the gateway's outbox: the directory's events (`pcn.directory.v1`). */
  relay: OutboxRelay;
  /** The HTTP server: its rate limiter's and public cache's figures, for operators and tests. */
  http: Pick<GatewayHttpServer, 'rateLimitBuckets' | 'cache'>;
  /** The operator API's port, when OPERATOR_SECRET turns it on. */
  operatorPort: number | undefined;
  /** The port GET /metrics is served on (not the public one); undefined with METRICS_PORT=off. */
  metricsPort: number | undefined;
}

/**
 * Builds the gateway in order: config → logger → store (identity and directory) → NATS (streams,
 * the directory's outbox relay, the live event feed) → backend clients → HTTP. Shutdown unwinds in reverse.
 */
export async function startGateway(
  config: GatewayConfig,
  options: {
    handleSignals?: boolean;
    /** The rate limiter's clock, in ms (tests move it by hand; default Date.now). */
    rateLimitClock?: () => number;
    /** Replaces the logger made from the config (tests that read the log). */
    logger?: Logger;
  } = {},
): Promise<Gateway> {
  const version = packageVersion(import.meta.url);
  const startedAt = new Date();
  const logger =
    options.logger ??
    createLogger({
      service: 'gateway',
      version,
      level: config.LOG_LEVEL,
      pretty: config.NODE_ENV === 'development',
    });
  const lifecycle = new Lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
  if (options.handleSignals ?? true) lifecycle.exitOnSignals();
  // Production refuses to get here without INTERNAL_SECRET (loadConfig); elsewhere it warns.
  useInternalSecret(config.INTERNAL_SECRET);
  if (!config.INTERNAL_SECRET)
    logger.warn('INTERNAL_SECRET is not set: caller identities sent to services are not signed');
  useGrpcTls(loadGrpcTls(config));
  const readiness = new Readiness();

  // The gateway owns the network's identity and directory; they are stored here.
  const store = await openStore(storeConfig(config, 'pcn_gateway'));
  lifecycle.defer('close store', () => store.close());
  await store.migrate([...identityCollections, ...signInCollections]);
  // DEMO_DATA=false is not enough: demo accounts seeded before still work, so production refuses
  // a store that holds them.
  if (config.NODE_ENV === 'production' && (await demoDataLoaded(store))) {
    await store.close();
    throw new ConfigError([
      {
        variable: 'DEMO_DATA',
        expected:
          "is off, but the store holds the demo data set, which production refuses (its accounts' password and its partner API key are public); start production on a store without it (another SQLITE_FILE or MONGO_DATABASE)",
      },
    ]);
  }
  readiness.add('store', () => store.ping());
  const metrics = createMetricsRegistry('gateway', version);
  registerOutboxMetrics(metrics, { store, logger });
  const names = new BusNames(config.BUS_PREFIX);
  // Directory changes are written to the outbox with the change; the relay below publishes them.
  const directoryEvents = createDirectoryEvents({
    names,
    events: createEventFactory('gateway', systemClock),
    clock: systemClock,
  });
  const identity = createIdentityService({
    store,
    jwtSecret: new TextEncoder().encode(config.JWT_SECRET),
    tokenTtlSeconds: config.TOKEN_TTL_SECONDS,
    clock: systemClock,
    signInThrottle: {
      freeAttempts: config.SIGN_IN_FREE_ATTEMPTS,
      maxWaitMs: config.SIGN_IN_MAX_WAIT_SECONDS * 1000,
    },
    authCacheTtlMs: config.AUTH_CACHE_TTL_MS,
    directoryEvents,
  });
  if (config.DEMO_DATA && (await identity.seedDemo()))
    logger.info('demo data loaded (marked demo)');

  const bus = await connectBus(config.NATS_URL, 'pcn-gateway', logger);
  lifecycle.defer('drain NATS', () => bus.drain());
  await provisionStreams(bus.jsm, names, logger, {
    ...DEFAULT_STREAM_SETTINGS,
    replicas: config.STREAM_REPLICAS,
  });
  readiness.add('nats', () => bus.ping());
  // Consumers always converge: a tree changed without its events (a store seeded before they
  // existed, or by a tool) or never sent on this bus (a new network) goes out once, whole.
  const directoryStream = await bus.jsm.streams.info(names.stream('directory'));
  const sent = await directoryEvents.publishTreeIfNeeded(
    store,
    directoryStream.state.messages === 0 && (await store.outbox.stats()).pending === 0,
  );
  if (sent > 0) logger.info({ units: sent }, 'unit tree written to the directory stream');
  const relay = busOutboxRelay({
    store,
    js: bus.js,
    names,
    logger: logger.child({ component: 'outbox-relay' }),
    holder: `gateway-${hostname()}-${process.pid}`,
  });
  relay.start();
  lifecycle.defer('stop outbox relay', () => relay.stop());
  const hub = new DraftEventHub(bus.js, names, logger.child({ component: 'draft-events' }));
  await hub.start();
  lifecycle.defer('stop draft event feed', () => hub.stop());
  const notificationHub = new NotificationEventHub(
    bus.js,
    names,
    logger.child({ component: 'notification-events' }),
  );
  await notificationHub.start();
  lifecycle.defer('stop notification event feed', () => notificationHub.stop());
  const feedbackHub = new FeedbackEventHub(
    bus.js,
    names,
    logger.child({ component: 'feedback-events' }),
  );
  await feedbackHub.start();
  lifecycle.defer('stop feedback event feed', () => feedbackHub.stop());

  const backends = createBackendHealth(
    {
      draft: config.DRAFT_GRPC_ADDRESS,
      outreach: config.OUTREACH_GRPC_ADDRESS,
      feedback: config.FEEDBACK_GRPC_ADDRESS,
      notification: config.NOTIFICATION_GRPC_ADDRESS,
    },
    undefined,
    {
      version: packageVersion(import.meta.url),
      readiness,
      outbox: () => store.outbox.stats(),
      natsPing: () => bus.ping(),
    },
  );
  const drafts = createDraftClient(config.DRAFT_GRPC_ADDRESS);
  const notifications = createNotificationClient(config.NOTIFICATION_GRPC_ADDRESS);
  const feedback = createFeedbackClient(config.FEEDBACK_GRPC_ADDRESS);
  lifecycle.defer('close gRPC clients', () => {
    backends.close();
    drafts.close();
    notifications.close();
    feedback.close();
  });
  if (config.DEMO_DATA) {
    const seeding = seedDemoDraft(drafts, logger);
    lifecycle.defer('stop demo seeding', () => seeding.stop());
  }

  const http = createGatewayHttpServer({
    logger,
    readiness,
    services: {
      identity,
      drafts,
      hub,
      notifications,
      feedback,
      notificationHub,
      feedbackHub,
      backends,
    },
    limits: {
      maxRequestBytes: config.MAX_REQUEST_BYTES,
      maxDepth: config.MAX_QUERY_DEPTH,
      maxCost: config.MAX_QUERY_COST,
      maxAliases: config.MAX_QUERY_ALIASES,
      maxRootFields: config.MAX_ROOT_FIELDS,
      mutationFieldWeight: config.MUTATION_FIELD_WEIGHT,
      maxResponseBytes: config.MAX_RESPONSE_BYTES,
      ratePerMinute: config.RATE_LIMIT_PER_MINUTE,
      rateLimitMaxClients: config.RATE_LIMIT_MAX_CLIENTS,
      subscriptionRecheckMs: config.SUBSCRIPTION_RECHECK_MS,
    },
    cache: {
      enabled: config.PUBLIC_CACHE,
      ttlMs: config.PUBLIC_CACHE_TTL_MS,
      maxBytes: config.PUBLIC_CACHE_MAX_BYTES,
    },
    development: config.NODE_ENV === 'development',
    smsWebhookSecret: config.SMS_WEBHOOK_SECRET,
    zalo:
      config.ZALO_APP_ID && config.ZALO_OA_SECRET_KEY
        ? {
            appId: config.ZALO_APP_ID,
            oaSecretKey: config.ZALO_OA_SECRET_KEY,
            oaId: config.ZALO_OA_ID,
            maxAgeMs: config.ZALO_WEBHOOK_MAX_AGE_SECONDS * 1000,
          }
        : undefined,
    trustedProxyHops: config.TRUSTED_PROXY_HOPS,
    rateLimitClock: options.rateLimitClock,
    corsOrigins: config.CORS_ORIGINS,
    // Development only: config refuses it in production, and production never mounts it (404).
    devOutboxUrl: config.NODE_ENV === 'production' ? undefined : config.DEV_OUTBOX_URL,
    metrics: { registry: metrics, maxOperationNames: config.METRICS_MAX_OPERATION_NAMES },
  });
  const operatorPort = await startOperatorServer(config, {
    store,
    identity,
    directoryEvents,
    // Units and organizations are public reads: answers cached before an import are stale.
    directoryChanged: () => http.cache?.invalidate(),
    logger,
    lifecycle,
    info: { version, replicaId: `${hostname()}-${process.pid}`, startedAt },
  });
  const port = await http.listen(config.HTTP_HOST, config.HTTP_PORT);
  let metricsServer: MetricsServer | undefined;
  // Operators scrape a port of their own (METRICS_HOST, loopback by default): the public port has
  // no /metrics. It closes right after HTTP, in the same step, so the last requests are counted.
  lifecycle.defer('stop HTTP server', async () => {
    await http.close(config.SHUTDOWN_TIMEOUT_MS - 1000);
    await metricsServer?.close();
  });
  const metricsAt = metricsListen(config, GATEWAY_METRICS_PORT);
  if (metricsAt) {
    metricsServer = await serveMetrics({ registry: metrics, logger, ...metricsAt });
    logger.info(
      { port: metricsServer.port, listen: `${metricsAt.host}:${metricsServer.port}` },
      'metrics serving',
    );
  }
  lifecycle.defer('readiness off', () => readiness.stop());
  const url = `http://${config.HTTP_HOST}:${port}/graphql`;
  logger.info({ url }, 'gateway listening');
  return {
    logger,
    lifecycle,
    port,
    url,
    relay,
    http,
    operatorPort,
    metricsPort: metricsServer?.port,
  };
}

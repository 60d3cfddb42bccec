import { hostname } from 'node:os';
import { ops } from '@pcn/contracts';
import {
  BusNames,
  busOutboxRelay,
  connectBus,
  consumerSpec,
  createEventFactory,
  DEFAULT_STREAM_SETTINGS,
  EventConsumer,
  type OutboxRelay,
  provisionConsumer,
  provisionStreams,
  provisionWorkQueues,
  registerConsumerMetrics,
  registerOutboxMetrics,
  WorkQueueConsumer,
  type Bus,
  type ConsumerSpec,
  type EventFactory,
  type EventHandler,
  type EventType,
  type MeasuredConsumer,
  type WorkHandler,
  type Domain,
  type ErasedStreamMessage,
  eraseEventsHolding,
} from '@pcn/events';
import {
  createLogger,
  createMetricsRegistry,
  GrpcServer,
  Lifecycle,
  Readiness,
  registerHealth,
  loadGrpcTls,
  metricsListen,
  serveMetrics,
  type MetricsServer,
  storeConfig,
  useGrpcTls,
  useInternalSecret,
  systemClock,
  type Clock,
  type Logger,
  type Registry,
} from '@pcn/platform';
import { openStore, type CollectionSpec, type Store } from '@pcn/storage';
import { DEFAULT_METRICS_PORTS, type BackendConfig } from './backend-config.js';
import {
  erasePersonalDataRpc,
  HOLDS_NO_PERSONAL_DATA,
  type EraseHandler,
  type ErasureReport,
  type ErasureSubject,
  type EventsHolding,
} from './erasure.js';
import { storeOutage, whileStoreUnavailable, type StoreOutage } from './store-outage.js';

/** How often a handler waiting out a store outage tells NATS it works: a third of the ack wait. */
function heartbeatFor(ackWaitMs: number): number {
  return Math.min(5000, Math.max(100, Math.floor(ackWaitMs / 3)));
}

export interface BackendHostOptions {
  /** Service name: `draft`, `outreach`, `feedback`, `notification`. */
  service: string;
  version: string;
  config: BackendConfig;
  collections: readonly CollectionSpec[];
  clock?: Clock;
  /** Exit on SIGTERM/SIGINT after a graceful shutdown (default true; tests that embed a service turn it off). */
  handleSignals?: boolean;
}

/**
 * The infrastructure half of a backend's composition root, built in order: logger → store → NATS
 * (streams provisioned) → outbox relay → gRPC server. Each resource is registered for shutdown as
 * it is created, so shutdown unwinds in reverse: readiness off, stop taking work and finish
 * in-flight calls and messages, stop the relay, drain NATS, close the store.
 */
export class BackendHost {
  readonly service: string;
  readonly version: string;
  readonly startedAt = new Date();
  readonly config: BackendConfig;
  readonly logger: Logger;
  readonly lifecycle: Lifecycle;
  readonly readiness = new Readiness();
  readonly clock: Clock;
  readonly names: BusNames;
  readonly replicaId: string;
  readonly store: Store;
  readonly bus: Bus;
  readonly events: EventFactory;
  readonly relay: OutboxRelay;
  readonly grpc: GrpcServer;
  /** What `GET /metrics` serves: process, gRPC, outbox, consumer and the service's own metrics. */
  readonly metrics: Registry;
  /**
   * The store's availability for this service's consumers: a handler that meets an outage waits
   * for the store (holding its message) instead of failing a delivery, so a store locked or
   * unreachable for longer than the retry schedule dead-letters nothing.
   */
  readonly outage: StoreOutage;
  /** Aborted at shutdown, so handlers waiting out a store outage let go of their messages. */
  readonly #stopping = new AbortController();
  readonly #servedServices: string[] = [];
  readonly #consumers: MeasuredConsumer[] = [];
  #metricsPort: number | undefined;
  #erase: EraseHandler = HOLDS_NO_PERSONAL_DATA;
  #erasedEvents: { domain: Domain; holding: EventsHolding } | undefined;

  private constructor(
    options: BackendHostOptions,
    logger: Logger,
    store: Store,
    bus: Bus,
    lifecycle: Lifecycle,
  ) {
    this.service = options.service;
    this.version = options.version;
    this.config = options.config;
    this.clock = options.clock ?? systemClock;
    this.logger = logger;
    this.lifecycle = lifecycle;
    this.store = store;
    this.bus = bus;
    this.names = new BusNames(options.config.BUS_PREFIX);
    this.replicaId = options.config.REPLICA_ID ?? `${hostname()}-${process.pid}`;
    this.events = createEventFactory(options.service, this.clock);
    this.outage = storeOutage(
      store,
      this.replicaId,
      logger.child({ component: 'store-outage' }),
      this.#stopping.signal,
      `${options.service}-store-probe`,
    );
    this.relay = busOutboxRelay({
      store,
      js: bus.js,
      names: this.names,
      logger: logger.child({ component: 'outbox-relay' }),
      holder: this.replicaId,
      clock: this.clock,
      holdWhile: () => this.outage.down,
    });
    this.metrics = createMetricsRegistry(options.service, options.version);
    registerOutboxMetrics(this.metrics, { store, logger, now: () => this.clock.now().getTime() });
    registerConsumerMetrics(this.metrics, {
      jsm: bus.jsm,
      names: this.names,
      logger,
      consumers: () => this.#consumers,
    });
    // Signed callers are accepted only when signed for this service (its name is the audience).
    this.grpc = new GrpcServer({
      logger,
      maxMessageBytes: options.config.GRPC_MAX_MESSAGE_BYTES,
      audience: options.service,
      metrics: this.metrics,
    });
  }

  /** The port `GET /metrics` is served on; undefined before `serve()` or with METRICS_PORT=off. */
  get metricsPort(): number | undefined {
    return this.#metricsPort;
  }

  static async start(options: BackendHostOptions): Promise<BackendHost> {
    const { config } = options;
    const logger = createLogger({
      service: options.service,
      version: options.version,
      level: config.LOG_LEVEL,
      pretty: config.NODE_ENV === 'development',
    });
    const lifecycle = new Lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
    // Production refuses to get here without INTERNAL_SECRET (loadConfig); elsewhere it warns.
    useInternalSecret(config.INTERNAL_SECRET);
    if (!config.INTERNAL_SECRET)
      logger.warn('INTERNAL_SECRET is not set: caller identities from peers are not verified');
    useGrpcTls(loadGrpcTls(config));
    if (options.handleSignals ?? true) lifecycle.exitOnSignals();

    const store = await openStore(storeConfig(config, `pcn_${options.service}`));
    lifecycle.defer('close store', () => store.close());
    await store.migrate(options.collections);
    logger.info({ store: store.kind }, 'store open');

    const bus = await connectBus(config.NATS_URL, `pcn-${options.service}`, logger);
    lifecycle.defer('drain NATS', () => bus.drain());
    const host = new BackendHost(options, logger, store, bus, lifecycle);
    await provisionStreams(bus.jsm, host.names, logger, {
      ...DEFAULT_STREAM_SETTINGS,
      replicas: config.STREAM_REPLICAS,
    });
    logger.info({ servers: config.NATS_URL.length }, 'NATS connected');

    host.relay.start();
    lifecycle.defer('stop outbox relay', () => host.relay.stop());
    host.readiness.add('store', () => store.ping());
    host.readiness.add('nats', () => bus.ping());
    return host;
  }

  /**
   * Provisions a durable consumer and starts consuming; it stops before the relay, NATS and the
   * store do. `purpose` names the durable, `<service>-<purpose>`.
   */
  async consume(
    purpose: string,
    types: readonly EventType[],
    handler: EventHandler,
    overrides: Partial<Omit<ConsumerSpec, 'durable' | 'stream'>> & { stream: string },
  ): Promise<EventConsumer> {
    const backoffMs = overrides.backoffMs ?? this.config.EVENT_RETRY_BACKOFF;
    const spec = consumerSpec({
      durable: this.names.durable(this.service, purpose),
      backoffMs,
      maxDeliver: backoffMs.length + 1,
      ...overrides,
    });
    await provisionConsumer(this.bus.jsm, this.names, spec, this.logger);
    this.#consumers.push({ stream: spec.stream, durable: spec.durable });
    const heartbeatMs = heartbeatFor(spec.backoffMs[0] ?? spec.ackWaitMs ?? 30_000);
    const consumer = new EventConsumer({
      js: this.bus.js,
      jsm: this.bus.jsm,
      names: this.names,
      spec,
      types,
      handler: (event, delivery) =>
        whileStoreUnavailable(() => handler(event, delivery), {
          outage: this.outage,
          working: () => delivery.working(),
          heartbeatMs,
          signal: this.#stopping.signal,
        }),
      logger: this.logger.child({ consumer: spec.durable }),
    });
    consumer.start();
    this.lifecycle.defer(`stop consumer ${spec.durable}`, () => consumer.stop());
    return consumer;
  }

  /**
   * Provisions the service's work-queue stream with one consumer per queue, and starts them; they
   * stop before the relay, NATS and the store do. Queue names become subjects
   * `pcn.work.<service>.<queue>` and durables `<service>-work-<queue>`.
   */
  async work(
    queues: readonly {
      queue: string;
      handler: WorkHandler;
      concurrency?: number;
      spec?: Partial<Omit<ConsumerSpec, 'durable' | 'stream' | 'filterSubject'>>;
    }[],
  ): Promise<WorkQueueConsumer[]> {
    const specs = queues.map((q) =>
      consumerSpec({
        durable: this.names.durable(this.service, `work-${q.queue}`),
        stream: this.names.workStream(this.service),
        filterSubject: this.names.workSubject(this.service, q.queue),
        ...q.spec,
      }),
    );
    await provisionWorkQueues(this.bus.jsm, this.names, this.service, specs, this.logger, {
      ...DEFAULT_STREAM_SETTINGS,
      replicas: this.config.STREAM_REPLICAS,
    });
    return queues.map((q, i) => {
      const spec = specs[i] as ConsumerSpec;
      this.#consumers.push({ stream: spec.stream, durable: spec.durable });
      const heartbeatMs = heartbeatFor(spec.backoffMs[0] ?? spec.ackWaitMs ?? 30_000);
      const consumer = new WorkQueueConsumer({
        js: this.bus.js,
        names: this.names,
        spec,
        handler: (item, context) =>
          whileStoreUnavailable(() => q.handler(item, context), {
            outage: this.outage,
            working: () => context.working(),
            heartbeatMs,
            signal: this.#stopping.signal,
          }),
        concurrency: q.concurrency,
        logger: this.logger.child({ consumer: spec.durable }),
      });
      consumer.start();
      this.lifecycle.defer(`stop work consumer ${spec.durable}`, () => consumer.stop());
      return consumer;
    });
  }

  /**
   * How this service erases a person's personal data (OpsService.ErasePersonalData). With
   * `events`, its events (of `domain`) that carry the person are erased from their stream and
   * from the dead letters too (see `eraseEventsHolding`).
   */
  erasure(
    handler: EraseHandler,
    options: { events?: { domain: Domain; holding: EventsHolding } } = {},
  ): void {
    this.#erase = handler;
    this.#erasedEvents = options.events;
  }

  /**
   * Waits (bounded) until the events committed before `since` are on JetStream, so an erasure
   * that follows finds them there rather than leaving them to be published after it.
   */
  async #outboxPublishedUpTo(since: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const stats = await this.store.outbox.stats();
      if (stats.pending === 0 || (stats.oldestPendingAt ?? '') > since) return;
      if (Date.now() >= deadline) {
        this.logger.warn(
          { pending: stats.pending },
          'erasure: older events still wait in the outbox; run the erasure again once they are out',
        );
        return;
      }
      this.relay.notify();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The service's erasure, then its events' on the bus, then the outbox and the store's files. */
  async #eraseEverywhere(subject: ErasureSubject, dryRun: boolean): Promise<ErasureReport> {
    // The outbox stamps rows with the wall clock, not the service's (tests move that one).
    const since = new Date().toISOString();
    const report = await this.#erase(subject, dryRun);
    const events = this.#erasedEvents;
    const holds = events?.holding(subject);
    let streamMessages: ErasedStreamMessage[] = [];
    let note = report.note;
    if (events && holds) {
      if (!dryRun) await this.#outboxPublishedUpTo(since);
      const { domain } = events;
      const result = await eraseEventsHolding({
        js: this.bus.js,
        jsm: this.bus.jsm,
        names: this.names,
        domain,
        holds,
        dryRun,
        logger: this.logger,
      });
      streamMessages = result.messages;
      const where = `the ${this.names.stream(domain)} stream and the dead letters`;
      if (streamMessages.length === 0) note += `; none of its events on ${where} carry the person`;
      else if (dryRun) note += `; its events that carry the person would be erased from ${where}`;
      else
        note +=
          `; its events that carried the person were erased from ${where} (bytes overwritten), ` +
          (result.unsettled.length > 0
            ? `before consumer(s) ${result.unsettled.join(', ')} had handled them`
            : 'after every consumer had handled them');
    }
    if (!dryRun) {
      // Published events stay in the outbox a day for inspection; they may carry the
      // person's data (a reply address), and JetStream has them, so they go now.
      await this.store.outbox.prune(this.clock.now());
      // Old versions of the erased records must not stay in the store's files.
      await this.store.scrub();
    }
    const erased = events
      ? [...report.erased, { kind: 'stream messages', count: streamMessages.length }]
      : report.erased;
    return { erased, note, streamMessages };
  }

  /** Marks a gRPC service as served, so health reports it. */
  served(serviceName: string): void {
    this.#servedServices.push(serviceName);
  }

  /** Adds health and ops, listens, and registers the server's shutdown; returns the bound port. */
  async serve(): Promise<number> {
    const { store, grpc, config, lifecycle, logger } = this;
    const opsImpl: ops.OpsServiceServer = {
      getOutboxStatus: grpc.unary('GetOutboxStatus', async () => {
        const stats = await store.outbox.stats();
        return {
          service: this.service,
          pending: String(stats.pending),
          published: String(stats.published),
          oldestPendingTime: stats.oldestPendingAt ? new Date(stats.oldestPendingAt) : undefined,
        };
      }),
      getServiceInfo: grpc.unary('GetServiceInfo', () =>
        Promise.resolve({
          service: this.service,
          version: this.version,
          replicaId: this.replicaId,
          startedAt: this.startedAt,
        }),
      ),
      erasePersonalData: erasePersonalDataRpc(grpc, {
        service: this.service,
        secret: config.OPERATOR_SECRET,
        logger,
        erase: (subject, dryRun) => this.#eraseEverywhere(subject, dryRun),
      }),
    };
    grpc.addService(ops.OpsServiceService, opsImpl);
    this.served('pcn.ops.v1.OpsService');
    registerHealth(grpc, this.readiness, this.#servedServices);
    const port = await grpc.listen(config.GRPC_HOST, config.GRPC_PORT);
    let metricsServer: MetricsServer | undefined;
    // The metrics listener closes right after gRPC, in the same step, so the last calls are counted.
    lifecycle.defer('stop gRPC server', async () => {
      await grpc.shutdown(config.SHUTDOWN_TIMEOUT_MS - 1000);
      await metricsServer?.close();
    });
    const metrics = metricsListen(config, DEFAULT_METRICS_PORTS[this.service] ?? 0);
    if (metrics) {
      metricsServer = await serveMetrics({ registry: this.metrics, logger, ...metrics });
      this.#metricsPort = metricsServer.port;
      logger.info(
        { port: metricsServer.port, listen: `${metrics.host}:${metricsServer.port}` },
        'metrics serving',
      );
    }
    // Registered last, so it runs first: load balancers stop sending work before anything closes.
    // Also the first thing consumers see: handlers waiting out a store outage let go of their
    // messages (redelivered later), so the consumers' stop never waits on the store.
    lifecycle.defer('readiness off', () => {
      this.#stopping.abort();
      return this.readiness.stop();
    });
    logger.info({ port, listen: `${config.GRPC_HOST}:${port}` }, 'gRPC serving');
    return port;
  }
}

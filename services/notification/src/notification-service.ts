import { notification as pb } from '@pcn/contracts';
import {
  domainOf,
  idempotent,
  type EventConsumer,
  type EventEnvelope,
  type WorkQueueConsumer,
} from '@pcn/events';
import type { Transaction } from '@pcn/storage';
import { packageVersion, uuidv7, type Clock } from '@pcn/platform';
import { BackendHost } from '@pcn/service-kit';
import type { DeliveryRules } from './app/delivery-policy.js';
import { isNotifiable, NOTIFIABLE_EVENT_TYPES } from './app/notifiable-events.js';
import { CHANNELS, type Channel } from './app/notification.model.js';
import { createErasePersonalData } from './app/erase-personal-data.usecase.js';
import {
  createNotificationUseCases,
  type NotificationUseCases,
} from './app/notification.usecases.js';
import { createSeedTemplates } from './app/seed-templates.usecase.js';
import { createTemplateUseCases } from './app/template.usecases.js';
import type { NotificationConfig } from './config.js';
import type { ChannelAdapter } from './infra/channels/channel.js';
import { createEmailSmtpChannel } from './infra/channels/email-smtp.channel.js';
import { createSmsBrandnameChannel } from './infra/channels/sms-brandname.channel.js';
import { createWebhookChannel } from './infra/channels/webhook.channel.js';
import { createZaloZnsChannel } from './infra/channels/zalo-zns.channel.js';
import { DeliveryMetrics } from './infra/delivery-metrics.js';
import { DeliveryWorker } from './infra/delivery-worker.js';
import { DIRECTORY_EVENT_TYPES, directoryEventHandler } from './infra/directory-events.handler.js';
import {
  backfillDraftCopies,
  DRAFT_EVENT_TYPES,
  putDraftCopy,
} from './infra/draft-copy.handler.js';
import { recordReply } from './infra/feedback-replies.handler.js';
import { isReplyEvent, REPLY_EVENT_TYPES } from './app/reply-plan.js';
import { reportChannelsOff } from './infra/channels-off.check.js';
import { DueScheduler } from './infra/due-scheduler.js';
import { FanoutRunner } from './infra/fanout-runner.js';
import { createFanoutRepository, recordFanout } from './infra/fanout.repository.js';
import { createMessageComposer, TemplateCache } from './infra/message-composer.js';
import { notificationCollections } from './infra/notification.collections.js';
import { registerNotificationGrpc } from './infra/notification.grpc.js';
import { createNotificationRepository } from './infra/notification.repository.js';
import { storeOutage, whileStoreUnavailable } from '@pcn/service-kit';
import { createTemplateStore } from './infra/template.store.js';

export interface NotificationService {
  host: BackendHost;
  notifications: NotificationUseCases;
  fanout: FanoutRunner;
  /** Keeps the unit tree up to date from the gateway's `pcn.directory.v1` events. */
  directory: EventConsumer;
  due: DueScheduler;
  workers: WorkQueueConsumer[];
  port: number;
}

export interface NotificationServiceOptions {
  handleSignals?: boolean;
  clock?: Clock;
  /** Replaces a channel's provider adapter (tests, the benchmark's recording sink). */
  adapters?: Partial<Record<Channel, ChannelAdapter>>;
}

/** Provider adapters for the channels whose provider is configured; in-app needs none. */
function channelAdapters(config: NotificationConfig): Partial<Record<Channel, ChannelAdapter>> {
  const out: Partial<Record<Channel, ChannelAdapter>> = {
    webhook: createWebhookChannel({
      timeoutMs: config.WEBHOOK_TIMEOUT_MS,
      allowHttp: config.ALLOW_INSECURE_WEBHOOKS,
      allowPrivateNetworks: config.ALLOW_INSECURE_WEBHOOKS,
    }),
  };
  if (config.SMTP_URL) {
    const url = new URL(config.SMTP_URL);
    out.email = createEmailSmtpChannel({
      host: url.hostname,
      port: Number(url.port) || (url.protocol === 'smtps:' ? 465 : 587),
      secure: url.protocol === 'smtps:',
      user: url.username ? decodeURIComponent(url.username) : undefined,
      pass: url.password ? decodeURIComponent(url.password) : undefined,
      from: config.SMTP_FROM,
    });
  }
  if (config.SMS_API_URL)
    out.sms = createSmsBrandnameChannel({
      baseUrl: config.SMS_API_URL,
      apiKey: config.SMS_API_KEY,
      secretKey: config.SMS_SECRET_KEY,
      brandname: config.SMS_BRANDNAME,
      ratePerSecond: config.SMS_RATE_PER_SECOND,
    });
  if (config.ZALO_API_URL)
    out.zalo = createZaloZnsChannel({
      baseUrl: config.ZALO_API_URL,
      accessToken: config.ZALO_ACCESS_TOKEN,
      templateId: config.ZALO_TEMPLATE_ID,
      ratePerSecond: config.ZALO_RATE_PER_SECOND,
    });
  return out;
}

/** How often a handler tells NATS it works: a third of the ack wait (first backoff), 0.1-5 s. */
function heartbeatFor(backoffMs: readonly number[]): number {
  return Math.min(5000, Math.max(100, Math.floor((backoffMs[0] ?? 15_000) / 3)));
}

/**
 * Builds the notification service in order: infrastructure (logger, store, NATS, relay, gRPC
 * server), templates and use cases, the fan-out runner and its event consumer, one work queue per
 * channel, the due scheduler, then the gRPC API.
 */
export async function startNotificationService(
  config: NotificationConfig,
  options: NotificationServiceOptions = {},
): Promise<NotificationService> {
  const host = await BackendHost.start({
    service: 'notification',
    version: packageVersion(import.meta.url),
    config,
    collections: notificationCollections,
    clock: options.clock,
    handleSignals: options.handleSignals,
  });
  const { store, names, clock, logger } = host;
  const notify = () => host.relay.notify();

  const cache = new TemplateCache(store);
  const templateStore = createTemplateStore(store, cache);
  const seeded = await createSeedTemplates({ store: templateStore, clock })();
  if (seeded > 0) logger.info({ templates: seeded }, 'built-in templates added');
  const backfilled = await backfillDraftCopies(store);
  if (backfilled > 0) logger.info({ events: backfilled }, 'copy of drafts filled from fan-outs');
  const composer = createMessageComposer({
    templates: cache,
    publicBaseUrl: config.PUBLIC_BASE_URL,
    portalDraftUrlTemplate: config.PORTAL_DRAFT_URL_TEMPLATE,
    linkSecret: config.NOTIFICATION_LINK_SECRET,
  });

  const redriveAfterMs = config.WORK_REDRIVE_AFTER_MS;
  // Aborted first at shutdown, so handlers waiting out a store outage let go of their items.
  const stopping = new AbortController();
  const outage = storeOutage(
    store,
    host.replicaId,
    logger.child({ component: 'store-outage' }),
    stopping.signal,
    'notification-store-probe',
  );
  const repo = createNotificationRepository(store, names, notify, { redriveAfterMs });
  const notifications = createNotificationUseCases({
    repo,
    events: host.events,
    clock,
    newId: uuidv7,
    allowInsecureWebhooks: config.ALLOW_INSECURE_WEBHOOKS,
    linkSecret: config.NOTIFICATION_LINK_SECRET,
    caps: {
      perContact: config.VERIFICATION_CAP_PER_CONTACT,
      perDestination: config.VERIFICATION_CAP_PER_DESTINATION,
      perClient: config.VERIFICATION_CAP_PER_CLIENT,
    },
  });
  const templates = createTemplateUseCases({ store: templateStore, clock });
  host.erasure(
    createErasePersonalData({
      repo,
      eraseSubscriber: notifications.eraseSubscriber,
      clock: host.clock,
    }),
  );

  const fanout = new FanoutRunner({
    repo: createFanoutRepository(store, names),
    leases: store,
    logger: logger.child({ component: 'fanout' }),
    clock,
    holder: host.replicaId,
    batchSize: config.FANOUT_BATCH,
    digestAt: config.DIGEST_AT,
    onCommit: notify,
    redriveAfterMs,
    outage,
  });
  fanout.start();
  host.lifecycle.defer('stop fan-out', () => fanout.stop());

  // One consumer per domain stream the service acts on, each event once (the inbox): fan-outs of
  // the events people are notified of (today: drafts; a feedback or outreach event added to
  // NOTIFIABLE_EVENTS gets its consumer here), with the copy of each draft's code and title that
  // replies name it by (in the same transaction: no second consumer waits on the store for the
  // same event); and the replies to a comment's submitter, a receipt and an answer.
  const replyLogger = logger.child({ component: 'replies' });
  const consumers = [
    ...[...new Set(NOTIFIABLE_EVENT_TYPES.map(domainOf))].map((domain) => ({
      purpose: `fanout-${domain}`,
      domain,
      types:
        domain === 'draft'
          ? DRAFT_EVENT_TYPES
          : NOTIFIABLE_EVENT_TYPES.filter((t) => domainOf(t) === domain),
      effect: async (tx: Transaction, event: EventEnvelope) => {
        if (domainOf(event.type) === 'draft') await putDraftCopy(tx, event);
        if (isNotifiable(event.type)) await recordFanout(tx, event, event.type, clock.now());
      },
      after: () => fanout.kick(),
    })),
    {
      purpose: 'feedback-replies',
      domain: 'feedback' as const,
      types: REPLY_EVENT_TYPES,
      effect: async (tx: Transaction, event: EventEnvelope) => {
        if (!isReplyEvent(event.type)) return;
        await recordReply(tx, event, event.type, {
          names,
          now: clock.now(),
          redriveAfterMs,
          logger: replyLogger,
        });
      },
      after: notify,
    },
  ];
  for (const { purpose, domain, types, effect, after } of consumers) {
    const recordOnce = idempotent(store, names.durable('notification', purpose), effect);
    const eventBackoff = config.EVENT_RETRY_BACKOFF;
    await host.consume(
      purpose,
      types,
      async (event, delivery) => {
        // A store outage is waited out holding the event, so it is not dead-lettered for it.
        await whileStoreUnavailable(() => recordOnce(event, delivery), {
          outage,
          working: () => delivery.working(),
          heartbeatMs: heartbeatFor(eventBackoff),
          signal: stopping.signal,
        });
        after();
      },
      {
        stream: names.stream(domain),
        backoffMs: eventBackoff,
        maxDeliver: eventBackoff.length + 1,
      },
    );
  }

  // The directory's unit tree, from the gateway's events: subscribers following a unit then get
  // the events targeted at its subtree.
  const directory = await host.consume(
    'directory',
    DIRECTORY_EVENT_TYPES,
    directoryEventHandler({
      store,
      consumer: names.durable('notification', 'directory'),
      putUnits: notifications.putUnits,
    }),
    {
      stream: names.stream('directory'),
      backoffMs: config.EVENT_RETRY_BACKOFF,
      maxDeliver: config.EVENT_RETRY_BACKOFF.length + 1,
    },
  );

  const rules: DeliveryRules = {
    maxAttempts: config.DELIVERY_MAX_ATTEMPTS,
    backoffMs: config.DELIVERY_BACKOFF,
    webhookDisableAfter: config.WEBHOOK_DISABLE_AFTER,
  };
  const adapters = { ...channelAdapters(config), ...options.adapters };
  if (config.NODE_ENV === 'production')
    await reportChannelsOff({
      store,
      configured: new Set(Object.keys(adapters) as Channel[]),
      logger,
      clock,
    });
  const workBackoff = config.WORK_RETRY_BACKOFF;
  for (const adapter of Object.values(adapters))
    host.lifecycle.defer(`close ${adapter.channel} provider`, () => adapter.close());
  const deliveryMetrics = new DeliveryMetrics(host.metrics);
  const workers = await host.work(
    CHANNELS.map((channel) => {
      const worker = new DeliveryWorker({
        channel,
        store,
        names,
        js: host.bus.js,
        events: host.events,
        clock,
        logger: logger.child({ component: 'delivery', channel }),
        rules,
        composer,
        adapter: adapters[channel] ?? null,
        concurrency: config.SEND_CONCURRENCY,
        onCommit: notify,
        heartbeatMs: heartbeatFor(workBackoff),
        signal: stopping.signal,
        outage,
        replies: { composer, linkSecret: config.NOTIFICATION_LINK_SECRET },
        metrics: deliveryMetrics,
      });
      return {
        queue: channel,
        handler: (item: unknown, ctx: { working(): void }) =>
          worker.handle(item, () => ctx.working()),
        concurrency: 2,
        // The ack wait (first entry) outlasts one item's sends; `working()` extends it.
        spec: { backoffMs: workBackoff, maxDeliver: workBackoff.length + 1, maxAckPending: 64 },
      };
    }),
  );
  host.lifecycle.defer('stop waiting for the store', () => stopping.abort());

  const due = new DueScheduler({
    store,
    names,
    logger: logger.child({ component: 'due' }),
    clock,
    holder: host.replicaId,
    intervalMs: config.DUE_INTERVAL_MS,
    digestAt: config.DIGEST_AT,
    onCommit: notify,
    housekeeping: async () => {
      await notifications.purgeUnverified();
      await notifications.purgeCapWindows();
    },
    redriveAfterMs,
    outage,
  });
  due.start();
  host.lifecycle.defer('stop due scheduler', () => due.stop());

  registerNotificationGrpc(host.grpc, notifications, templates);
  host.served(pb.protobufPackage + '.NotificationService');
  const port = await host.serve();
  return { host, notifications, fanout, directory, due, workers, port };
}

import {
  AckPolicy,
  DeliverPolicy,
  DiscardPolicy,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type JetStreamManager,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos, NoRespondersError, RequestError, TimeoutError } from '@nats-io/transport-node';
import type { Logger } from '@pcn/platform';
import type { BusNames } from './names.js';

/**
 * The one place streams and consumers are created. Publishers and consumers never create them;
 * they fail clearly if provisioning has not run. Everything here works on nats-server 2.9: no
 * `filter_subjects`, no stream or consumer `metadata` (2.10+).
 */

export interface StreamSettings {
  /** Msg-Id de-duplication window: a relay that crashed after publishing republishes within it. */
  duplicateWindowMs: number;
  /** Events are the record of what happened; keep them long enough to replay. */
  maxAgeMs: number;
  /** 1 on a single server; 3 on a production cluster. */
  replicas: number;
}

export const DEFAULT_STREAM_SETTINGS: StreamSettings = {
  duplicateWindowMs: 10 * 60_000,
  maxAgeMs: 365 * 24 * 3600_000,
  replicas: 1,
};

export interface ConsumerSpec {
  /** From `BusNames.durable`. */
  durable: string;
  /** The stream it reads. */
  stream: string;
  /** One subject filter within the stream; defaults to the whole stream. */
  filterSubject?: string;
  /** Deliveries before the message is dead-lettered. */
  maxDeliver: number;
  /**
   * Redelivery delays after an ack timeout (a crashed or stuck handler); the first is also the ack
   * wait, so handlers that run longer call `working()`. Must be shorter than `maxDeliver`.
   */
  backoffMs: readonly number[];
  /** Unacknowledged messages in flight at most, across all replicas of the service. */
  maxAckPending: number;
  /** Ack wait when there is no backoff (`maxDeliver` 1); otherwise the first backoff is used. */
  ackWaitMs?: number;
}

export const DEFAULT_BACKOFF_MS = [15_000, 30_000, 60_000, 120_000, 300_000] as const;

export function consumerSpec(
  partial: Pick<ConsumerSpec, 'durable' | 'stream'> & Partial<ConsumerSpec>,
): ConsumerSpec {
  const spec: ConsumerSpec = {
    maxDeliver: 6,
    backoffMs: DEFAULT_BACKOFF_MS,
    maxAckPending: 1000,
    ...partial,
  };
  if (spec.backoffMs.length >= spec.maxDeliver)
    throw new Error(`consumer ${spec.durable}: backoff must have fewer entries than maxDeliver`);
  return spec;
}

function isNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.status === 404;
}

/** `stream name already in use`: a peer created it meanwhile, with settings of its own. */
const STREAM_NAME_IN_USE = 10058;

/**
 * Failures that pass: a cluster still electing its meta leader (timeouts, no responders, 503), or
 * a peer provisioning the same stream at the same moment (every replica of every service starts
 * at once on a new cluster).
 */
function isTransient(err: unknown): boolean {
  if (err instanceof TimeoutError || err instanceof NoRespondersError) return true;
  if (err instanceof RequestError) return isTransient(err.cause) || err.isNoResponders();
  return (
    err instanceof JetStreamApiError && (err.status === 503 || err.code === STREAM_NAME_IN_USE)
  );
}

/** Provisioning budget: a cluster that has no leader after this long is a fault to report. */
const PROVISION_TIMEOUT_MS = 60_000;

async function retryingTransient(
  what: string,
  logger: Logger,
  step: () => Promise<void>,
): Promise<void> {
  const deadline = Date.now() + PROVISION_TIMEOUT_MS;
  for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
    try {
      await step();
      return;
    } catch (err) {
      if (!isTransient(err) || Date.now() + delay > deadline) throw err;
      logger.warn(
        { err, what, retryInMs: delay },
        'JetStream not ready for provisioning; retrying',
      );
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function ensureStream(
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
  logger: Logger,
): Promise<void> {
  return retryingTransient(`stream ${config.name}`, logger, () =>
    ensureStreamOnce(jsm, config, logger),
  );
}

async function ensureStreamOnce(
  jsm: JetStreamManager,
  config: Partial<StreamConfig> & { name: string },
  logger: Logger,
): Promise<void> {
  try {
    const info = await jsm.streams.info(config.name);
    // Update settings that may change in place; subjects and storage are fixed at creation.
    await jsm.streams.update(config.name, { ...info.config, ...config });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.streams.add(config);
    logger.info({ stream: config.name }, 'stream created');
  }
}

/** Creates or updates the domain streams and the dead-letter stream. Idempotent. */
export async function provisionStreams(
  jsm: JetStreamManager,
  names: BusNames,
  logger: Logger,
  settings: StreamSettings = DEFAULT_STREAM_SETTINGS,
): Promise<void> {
  for (const domain of names.domains) {
    await ensureStream(
      jsm,
      {
        name: names.stream(domain),
        subjects: [names.streamSubjects(domain)],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        discard: DiscardPolicy.Old,
        max_age: nanos(settings.maxAgeMs),
        duplicate_window: nanos(settings.duplicateWindowMs),
        num_replicas: settings.replicas,
      },
      logger,
    );
  }
  await ensureStream(
    jsm,
    {
      name: names.advisoryStream,
      subjects: names.domains.map((d) => names.maxDeliveriesSubjects(d)),
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      max_age: nanos(30 * 24 * 3600_000),
      num_replicas: settings.replicas,
    },
    logger,
  );
  await ensureStream(
    jsm,
    {
      name: names.deadLetterStream,
      subjects: [names.deadLetterSubjects],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      max_age: nanos(settings.maxAgeMs),
      duplicate_window: nanos(settings.duplicateWindowMs),
      num_replicas: settings.replicas,
    },
    logger,
  );
  await provisionAuditStream(jsm, names, logger, settings);
}

/** How long operators' audit records are kept: five years, longer than any event. */
export const AUDIT_MAX_AGE_MS = 5 * 365 * 24 * 3600_000;

/**
 * Creates or updates the audit stream, where pcn-admin records what operators did (a dead letter
 * replayed or discarded). Idempotent; the services create it with the others, and pcn-admin
 * before its first record, so an older network gets it too.
 */
export async function provisionAuditStream(
  jsm: JetStreamManager,
  names: BusNames,
  logger: Logger,
  settings: Pick<StreamSettings, 'replicas'> = DEFAULT_STREAM_SETTINGS,
): Promise<void> {
  await ensureStream(
    jsm,
    {
      name: names.auditStream,
      subjects: [names.auditSubjects],
      storage: StorageType.File,
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: nanos(AUDIT_MAX_AGE_MS),
      num_replicas: settings.replicas,
    },
    logger,
  );
}

/**
 * Creates or updates a service's work-queue stream (`<SERVICE>_WORK`): each message is one unit of
 * work, removed once acknowledged. Every queue gets its own consumer (a work-queue stream allows
 * one consumer per subject). Idempotent.
 */
export async function provisionWorkQueues(
  jsm: JetStreamManager,
  names: BusNames,
  service: string,
  queues: readonly ConsumerSpec[],
  logger: Logger,
  settings: StreamSettings = DEFAULT_STREAM_SETTINGS,
): Promise<void> {
  await ensureStream(
    jsm,
    {
      name: names.workStream(service),
      subjects: [names.workStreamSubjects(service)],
      storage: StorageType.File,
      retention: RetentionPolicy.Workqueue,
      discard: DiscardPolicy.Old,
      // Work older than a week is stale; what it stood for stays in the service's store.
      max_age: nanos(Math.min(settings.maxAgeMs, 7 * 24 * 3600_000)),
      duplicate_window: nanos(settings.duplicateWindowMs),
      num_replicas: settings.replicas,
    },
    logger,
  );
  for (const spec of queues)
    await ensureConsumer(jsm, spec.stream, spec.durable, logger, pullConsumerConfig(spec));
}

/**
 * Creates or updates a durable pull consumer with explicit acks, `max_deliver` and backoff, and the
 * durable that watches its MAX_DELIVERIES advisories for dead-lettering.
 */
export async function provisionConsumer(
  jsm: JetStreamManager,
  names: BusNames,
  spec: ConsumerSpec,
  logger: Logger,
): Promise<void> {
  await ensureConsumer(jsm, names.advisoryStream, names.deadLetterWatch(spec.durable), logger, {
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: names.maxDeliveriesSubject(spec.stream, spec.durable),
    ack_wait: nanos(30_000),
    max_deliver: -1,
  });
  await ensureConsumer(jsm, spec.stream, spec.durable, logger, pullConsumerConfig(spec));
}

/** A durable pull consumer with explicit acks, `max_deliver` and backoff, from its spec. */
function pullConsumerConfig(spec: ConsumerSpec): Partial<ConsumerConfig> {
  const config: Partial<ConsumerConfig> = {
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    max_deliver: spec.maxDeliver,
    ack_wait: nanos(spec.backoffMs[0] ?? spec.ackWaitMs ?? 30_000),
    backoff: spec.backoffMs.map((ms) => nanos(ms)),
    max_ack_pending: spec.maxAckPending,
  };
  if (spec.filterSubject) config.filter_subject = spec.filterSubject;
  return config;
}

function ensureConsumer(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
  logger: Logger,
  config: Partial<ConsumerConfig>,
): Promise<void> {
  return retryingTransient(`consumer ${durable}`, logger, () =>
    ensureConsumerOnce(jsm, stream, durable, logger, config),
  );
}

async function ensureConsumerOnce(
  jsm: JetStreamManager,
  stream: string,
  durable: string,
  logger: Logger,
  config: Partial<ConsumerConfig>,
): Promise<void> {
  try {
    await jsm.consumers.info(stream, durable);
    // Only these settings may change on an existing durable.
    await jsm.consumers.update(stream, durable, {
      max_deliver: config.max_deliver,
      ack_wait: config.ack_wait,
      backoff: config.backoff,
      max_ack_pending: config.max_ack_pending,
    });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await jsm.consumers.add(stream, { ...config, durable_name: durable });
    logger.info({ stream, durable }, 'consumer created');
  }
}

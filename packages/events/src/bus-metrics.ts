import type { JetStreamManager } from '@nats-io/jetstream';
import { scrapeGauge, type Logger, type Registry } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import type { BusNames } from './names.js';

/**
 * The outbox as the relay sees it, read at scrape time: `pcn_outbox_pending_events` (committed,
 * not yet published) and `pcn_outbox_oldest_pending_age_seconds` (the relay lag: how long the
 * oldest of them has waited; 0 when none waits).
 */
export function registerOutboxMetrics(
  registry: Registry,
  options: { store: Store; logger: Logger; now?: () => number },
): void {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  // One stats() per scrape serves both gauges.
  let stats: ReturnType<Store['outbox']['stats']> | undefined;
  const read = () => (stats ??= store.outbox.stats().finally(() => (stats = undefined)));
  scrapeGauge(registry, {
    name: 'pcn_outbox_pending_events',
    help: 'Events committed to the outbox and not yet published to JetStream (the backlog)',
    collector: 'outbox',
    logger,
    read: async () => [{ value: (await read()).pending }],
  });
  scrapeGauge(registry, {
    name: 'pcn_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest unpublished outbox event in seconds (relay lag); 0 when none is pending',
    collector: 'outbox',
    logger,
    read: async () => {
      const oldest = (await read()).oldestPendingAt;
      const age = oldest === null ? 0 : Math.max(0, (now() - Date.parse(oldest)) / 1000);
      return [{ value: age }];
    },
  });
}

export interface MeasuredConsumer {
  stream: string;
  durable: string;
}

/**
 * JetStream consumer lag and dead letters, read at scrape time for the durables `consumers()`
 * names (this process's own, so labels stay bounded by the code):
 * - `pcn_consumer_pending_messages{stream,consumer}`: messages not yet delivered (num_pending);
 * - `pcn_consumer_ack_pending_messages{stream,consumer}`: delivered, not yet acknowledged;
 * - `pcn_consumer_redelivered_messages{stream,consumer}`: delivered more than once, unacknowledged;
 * - `pcn_dead_letters{consumer}`: messages the consumer dead-lettered that are still held in the
 *   dead-letter stream (replayed or discarded ones leave it).
 */
export function registerConsumerMetrics(
  registry: Registry,
  options: {
    jsm: JetStreamManager;
    names: BusNames;
    logger: Logger;
    consumers: () => readonly MeasuredConsumer[];
  },
): void {
  const { jsm, names, logger, consumers } = options;
  let infos: ReturnType<typeof readInfos> | undefined;
  const readInfos = () =>
    Promise.all(
      consumers().map(async (c) => ({ ...c, info: await jsm.consumers.info(c.stream, c.durable) })),
    );
  const read = () => (infos ??= readInfos().finally(() => (infos = undefined)));
  const labels = (c: MeasuredConsumer) => ({ stream: c.stream, consumer: c.durable });
  for (const [name, help, field] of [
    [
      'pcn_consumer_pending_messages',
      'Messages in the stream not yet delivered to the consumer (num_pending)',
      'num_pending',
    ],
    [
      'pcn_consumer_ack_pending_messages',
      'Messages delivered to the consumer and not yet acknowledged (num_ack_pending)',
      'num_ack_pending',
    ],
    [
      'pcn_consumer_redelivered_messages',
      'Unacknowledged messages delivered more than once (num_redelivered)',
      'num_redelivered',
    ],
  ] as const)
    scrapeGauge(registry, {
      name,
      help,
      labelNames: ['stream', 'consumer'],
      collector: 'jetstream_consumers',
      logger,
      read: async () => (await read()).map((c) => ({ labels: labels(c), value: c.info[field] })),
    });
  scrapeGauge(registry, {
    name: 'pcn_dead_letters',
    help: 'Dead-lettered messages of the consumer still held in the dead-letter stream',
    labelNames: ['consumer'],
    collector: 'dead_letters',
    logger,
    read: async () => {
      const own = consumers();
      if (own.length === 0) return [];
      const info = await jsm.streams.info(names.deadLetterStream, {
        subjects_filter: names.deadLetterSubjects,
      });
      const counts = info.state.subjects ?? {};
      return own.map((c) => ({
        labels: { consumer: c.durable },
        value: counts[names.deadLetterSubject(c.durable)] ?? 0,
      }));
    },
  });
}

import { feedback as pb } from '@pcn/contracts';
import type { EventConsumer } from '@pcn/events';
import { packageVersion, uuidv7, type Clock } from '@pcn/platform';
import { BackendHost } from '@pcn/service-kit';
import type { FeedbackRepository } from './app/feedback.ports.js';
import { createFeedbackUseCases, type FeedbackUseCases } from './app/feedback.usecases.js';
import { newReceiptCode } from './app/receipt-code.js';
import type { FeedbackConfig } from './config.js';
import {
  DIRECTORY_EVENT_TYPES,
  draftEventsHandler,
  DRAFT_EVENT_TYPES,
  unitEventsHandler,
} from './infra/feedback-events.handler.js';
import { feedbackCollections } from './infra/feedback.collections.js';
import { registerFeedbackGrpc } from './infra/feedback.grpc.js';
import { createFeedbackRepository } from './infra/feedback.repository.js';
import { synthesisRenderers } from './infra/report-renderers.js';

export interface FeedbackService {
  host: BackendHost;
  feedback: FeedbackUseCases;
  /** The store behind the use cases; the grouping step pages and groups comments through it. */
  repo: FeedbackRepository;
  /** Learns drafts' windows and articles from the draft stream. */
  drafts: EventConsumer;
  /** Keeps the unit tree from the gateway's directory events. */
  units: EventConsumer;
  port: number;
}

export interface FeedbackServiceOptions {
  handleSignals?: boolean;
  clock?: Clock;
}

const DAY_MS = 86_400_000;

/**
 * Builds the feedback service in order: infrastructure (logger, store, NATS, outbox relay, gRPC
 * server), the repository and use cases, the consumers of the draft and directory streams, then
 * the gRPC API.
 */
export async function startFeedbackService(
  config: FeedbackConfig,
  options: FeedbackServiceOptions = {},
): Promise<FeedbackService> {
  const host = await BackendHost.start({
    service: 'feedback',
    version: packageVersion(import.meta.url),
    config,
    collections: feedbackCollections,
    clock: options.clock,
    handleSignals: options.handleSignals,
  });
  const { store, names } = host;
  const repo = createFeedbackRepository(store, names, () => host.relay.notify());
  const feedback = createFeedbackUseCases(
    {
      repo,
      events: host.events,
      clock: host.clock,
      newId: uuidv7,
      newReceiptCode,
      graceMs: config.FEEDBACK_PAPER_GRACE_DAYS * DAY_MS,
    },
    synthesisRenderers(config.GRPC_MAX_MESSAGE_BYTES),
  );

  const drafts = await host.consume(
    'drafts',
    DRAFT_EVENT_TYPES,
    draftEventsHandler({ store, names, consumer: names.durable('feedback', 'drafts') }),
    { stream: names.stream('draft') },
  );
  const units = await host.consume(
    'directory',
    DIRECTORY_EVENT_TYPES,
    unitEventsHandler({ store, names, consumer: names.durable('feedback', 'directory') }),
    { stream: names.stream('directory') },
  );

  registerFeedbackGrpc(host.grpc, feedback);
  host.served(pb.protobufPackage + '.FeedbackService');
  const port = await host.serve();
  return { host, feedback, repo, drafts, units, port };
}

import { randomBytes } from 'node:crypto';
import { feedback as pb } from '@pcn/contracts';
import type { EventConsumer } from '@pcn/events';
import { CAP_WINDOW_MS, packageVersion, uuidv7, type Clock } from '@pcn/platform';
import { BackendHost } from '@pcn/service-kit';
import { createAssignGroups } from './app/duplicates/assign-groups.usecase.js';
import { duplicateRulesFrom } from './app/duplicates/duplicate-rules.js';
import type { FeedbackRepository } from './app/feedback.ports.js';
import {
  createErasePersonalData,
  feedbackEventsHolding,
} from './app/erase-personal-data.usecase.js';
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
import { duplicateCollections } from './infra/duplicate-index.collections.js';
import { StoreDuplicateIndex } from './infra/duplicate-index.store.js';
import { registerFeedbackGrpc } from './infra/feedback.grpc.js';
import { createFeedbackRepository } from './infra/feedback.repository.js';
import { GroupingWorker, type GroupingWorkerOptions } from './infra/grouping-worker.js';
import { StoreUngroupedComments } from './infra/ungrouped-comments.store.js';
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
  /** Puts each comment in its group of duplicates just after intake; null when turned off. */
  grouping: GroupingWorker | null;
  port: number;
}

export interface FeedbackServiceOptions {
  handleSignals?: boolean;
  clock?: Clock;
  /**
   * The grouping worker's pace, or `false` to leave comments ungrouped (tests that group by hand).
   * Defaults: batches of 500, a look every 5 s besides the nudge after each intake commit.
   */
  grouping?:
    false | Pick<GroupingWorkerOptions, 'batchSize' | 'intervalMs' | 'leaseTtlMs' | 'onBatch'>;
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
    collections: [...feedbackCollections, ...duplicateCollections],
    clock: options.clock,
    handleSignals: options.handleSignals,
  });
  const { store, names } = host;
  const rules = duplicateRulesFrom(config);
  let grouping: GroupingWorker | null = null;
  const repo = createFeedbackRepository(store, names, () => {
    host.relay.notify();
    grouping?.notify();
  });
  const feedback = createFeedbackUseCases(
    {
      repo,
      events: host.events,
      clock: host.clock,
      newId: uuidv7,
      newReceiptCode,
      graceMs: config.FEEDBACK_PAPER_GRACE_DAYS * DAY_MS,
      intakeCaps: {
        perContact: config.FEEDBACK_ANONYMOUS_PER_CONTACT_PER_HOUR,
        perClient: config.FEEDBACK_ANONYMOUS_PER_ADDRESS_PER_HOUR,
      },
      // Without INTERNAL_SECRET (development only) the caps' keys last as long as the process.
      capSecret: config.INTERNAL_SECRET ?? randomBytes(32).toString('hex'),
      campaignMinSize: rules.campaignMinSize,
    },
    synthesisRenderers(config.GRPC_MAX_MESSAGE_BYTES),
  );
  host.erasure(createErasePersonalData({ repo, clock: host.clock }), {
    events: { domain: 'feedback', holding: feedbackEventsHolding },
  });

  if (options.grouping !== false) {
    grouping = new GroupingWorker({
      store,
      assignGroups: createAssignGroups({
        comments: new StoreUngroupedComments(store),
        index: new StoreDuplicateIndex(),
        transaction: (work) => store.transaction(work),
        rules,
      }),
      logger: host.logger.child({ component: 'grouping' }),
      clock: host.clock,
      holder: host.replicaId,
      holdWhile: () => host.outage.down,
      ...options.grouping,
    });
    grouping.start();
    // Registered after the relay and the store: it stops before them, once its batch commits.
    host.lifecycle.defer('stop grouping worker', () => grouping?.stop() ?? Promise.resolve());
  }

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

  // Housekeeping: cap windows past their hour hold nothing; every replica may purge (idempotent).
  const purge = setInterval(() => {
    repo.purgeCapWindows(host.clock.now()).catch((err: unknown) => {
      host.logger.warn({ error: err instanceof Error ? err.name : 'unknown' }, 'cap purge failed');
    });
  }, CAP_WINDOW_MS);
  purge.unref();
  host.lifecycle.defer('stop cap purge', () => clearInterval(purge));

  registerFeedbackGrpc(host.grpc, feedback);
  host.served(pb.protobufPackage + '.FeedbackService');
  const port = await host.serve();
  return { host, feedback, repo, drafts, units, grouping, port };
}

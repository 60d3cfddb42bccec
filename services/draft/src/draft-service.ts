import { draft as pb } from '@pcn/contracts';
import { packageVersion, uuidv7 } from '@pcn/platform';
import { BackendHost } from '@pcn/service-kit';
import { createDraftUseCases, type DraftUseCases } from './app/draft.usecases.js';
import type { DraftConfig } from './config.js';
import { startConsultationScheduler } from './infra/consultation-scheduler.js';
import { draftCollections } from './infra/draft.collections.js';
import { registerDraftGrpc } from './infra/draft.grpc.js';
import { createDraftRepository } from './infra/draft.repository.js';

export interface DraftService {
  host: BackendHost;
  drafts: DraftUseCases;
  port: number;
}

/**
 * Builds the draft service in order: infrastructure (logger, store, NATS, relay, gRPC server),
 * then the repository and use cases, then the scheduler and the gRPC API.
 */
export async function startDraftService(
  config: DraftConfig,
  options: { handleSignals?: boolean } = {},
): Promise<DraftService> {
  const host = await BackendHost.start({
    service: 'draft',
    version: packageVersion(import.meta.url),
    config,
    collections: draftCollections,
    handleSignals: options.handleSignals,
  });
  const repo = createDraftRepository(host.store, host.names, () => host.relay.notify());
  const backfilled = await repo.backfillSummaries();
  if (backfilled > 0) host.logger.info({ drafts: backfilled }, 'draft list records backfilled');
  const drafts = createDraftUseCases({
    repo,
    events: host.events,
    clock: host.clock,
    newId: uuidv7,
    diffCellBudget: config.DIFF_CELL_BUDGET,
    rules: {
      minConsultationMs: config.DOCUMENT_TYPES,
      closingSoonLeadMs: config.CLOSING_SOON_LEAD,
    },
  });
  const scheduler = startConsultationScheduler({
    store: host.store,
    drafts,
    logger: host.logger.child({ component: 'scheduler' }),
    holder: host.replicaId,
    intervalMs: config.SCHEDULER_INTERVAL_MS,
    onApplied: () => host.relay.notify(),
  });
  host.lifecycle.defer('stop consultation scheduler', () => scheduler.stop());
  registerDraftGrpc(host.grpc, drafts);
  host.served(pb.protobufPackage + '.DraftService');
  const port = await host.serve();
  return { host, drafts, port };
}

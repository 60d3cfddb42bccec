// A backend built with the kit, plus one slow RPC and one slow event handler, so that shutdown can
// be tested with a call and a message in flight in a real process; and one handler that writes to
// the store, for a store held locked by another connection.
import { idempotent } from '@pcn/events';
import { exitOnBootFailure, loadConfig } from '@pcn/platform';
import type { CollectionSpec } from '@pcn/storage';
import { backendEnv } from '../backend-config.js';
import { BackendHost } from '../backend-host.js';
import { slowService } from './slow-service.js';

/** One row per DraftRepealed event the store handler applied. */
const repeals: CollectionSpec = { name: 'repeals', indexes: [] };

async function main(): Promise<void> {
  const config = loadConfig(backendEnv(0));
  const host = await BackendHost.start({
    service: 'slow',
    version: '0.0.0',
    config,
    collections: [repeals],
  });
  host.grpc.addService(slowService, {
    wait: host.grpc.unary('Wait', async (request: { ms: number }) => {
      host.logger.info({ ms: request.ms }, 'wait started');
      await new Promise((resolve) => setTimeout(resolve, request.ms));
      return { waited: request.ms };
    }),
  });
  host.served('pcn.test.v1.SlowService');
  await host.consume(
    'slow-handler',
    ['pcn.draft.v1.DraftCreated'],
    async (event) => {
      host.logger.info({ eventId: event.id }, 'handling started');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      host.logger.info({ eventId: event.id }, 'handling finished');
    },
    { stream: host.names.stream('draft') },
  );
  await host.consume(
    'store-handler',
    ['pcn.draft.v1.DraftRepealed'],
    idempotent(host.store, 'slow-store-handler', async (tx, event) => {
      await tx.collection(repeals).insert({ id: event.id });
      host.logger.info({ eventId: event.id }, 'repeal stored');
    }),
    { stream: host.names.stream('draft') },
  );
  await host.serve();
}

main().catch(exitOnBootFailure);

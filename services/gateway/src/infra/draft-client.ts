import { draft as pb } from '@pcn/contracts';
import { createGrpcClient, type CallerIdentity } from '@pcn/platform';
import DataLoader from 'dataloader';
import { callAs } from './service-call.js';

/** The draft service's gRPC client, shared by all requests. */
export function createDraftClient(address: string) {
  const client = createGrpcClient(pb.DraftServiceClient, address, { audience: 'draft' });

  /** Calls for one request, as its caller, with one batched loader for drafts by id. */
  function forRequest(caller: CallerIdentity) {
    const call = callAs(caller);
    // Every draft a query touches (amendedBy, repealedBy, lists) comes in one BatchGetDrafts call.
    const drafts = new DataLoader<string, pb.Draft | null>(
      async (ids) => {
        const { drafts: found } = await call(client.batchGetDrafts.bind(client), { ids: [...ids] });
        const byId = new Map(found.map((d) => [d.id, d]));
        return ids.map((id) => byId.get(id) ?? null);
      },
      { maxBatchSize: 200 },
    );
    return { client, call, drafts };
  }

  return { client, forRequest, close: () => client.close() };
}

export type DraftClient = ReturnType<typeof createDraftClient>;
export type DraftApi = ReturnType<DraftClient['forRequest']>;

import { draft as pb } from '@pcn/contracts';
import {
  callUnary,
  createGrpcClient,
  currentContext,
  runInContext,
  uuidv7,
  type CallerIdentity,
} from '@pcn/platform';
import DataLoader from 'dataloader';

type Method<Req, Res> = Parameters<typeof callUnary<Req, Res>>[0];

/** The draft service's gRPC client, shared by all requests. */
export function createDraftClient(address: string) {
  const client = createGrpcClient(pb.DraftServiceClient, address, { audience: 'draft' });

  /** Calls for one request, as its caller, with one batched loader for drafts by id. */
  function forRequest(caller: CallerIdentity) {
    const as = <T>(fn: () => Promise<T>): Promise<T> =>
      runInContext({ correlationId: currentContext()?.correlationId ?? uuidv7(), caller }, fn);
    const call = <Req, Res>(method: Method<Req, Res>, request: Req): Promise<Res> =>
      as(() => callUnary(method, request));
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

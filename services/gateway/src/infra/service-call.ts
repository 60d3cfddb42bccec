import type { Client } from '@grpc/grpc-js';
import {
  callUnary,
  createGrpcClient,
  currentContext,
  runInContext,
  uuidv7,
  type CallerIdentity,
} from '@pcn/platform';

export type Method<Req, Res> = Parameters<typeof callUnary<Req, Res>>[0];
export type CallAs = <Req, Res>(method: Method<Req, Res>, request: Req) => Promise<Res>;

/**
 * Unary calls made as one caller (its identity goes signed in metadata), in the current request's
 * correlation, or a new one.
 */
export function callAs(caller: CallerIdentity): CallAs {
  return (method, request) =>
    runInContext({ correlationId: currentContext()?.correlationId ?? uuidv7(), caller }, () =>
      callUnary(method, request),
    );
}

/** How the gateway itself calls: for provider callbacks it checked and for the unit tree it owns. */
export const GATEWAY_SERVICE_CALLER: CallerIdentity = Object.freeze({
  kind: 'service',
  id: 'gateway',
  roles: [],
});

/**
 * A backend's gRPC client, shared by all requests: calls as one caller (`forRequest`), or as the
 * gateway service itself (`asGateway`), with identities signed for `audience`.
 */
export function createServiceClient<C extends Client>(
  Ctor: Parameters<typeof createGrpcClient<C>>[0],
  address: string,
  audience: string,
) {
  const client = createGrpcClient(Ctor, address, { audience });
  const forRequest = (caller: CallerIdentity) => ({ client, call: callAs(caller) });
  return {
    client,
    forRequest,
    asGateway: () => forRequest(GATEWAY_SERVICE_CALLER),
    close: () => client.close(),
  };
}

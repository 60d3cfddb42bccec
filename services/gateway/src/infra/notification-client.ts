import { notification as pb } from '@pcn/contracts';
import {
  callUnary,
  createGrpcClient,
  currentContext,
  runInContext,
  uuidv7,
  type CallerIdentity,
} from '@pcn/platform';

type Method<Req, Res> = Parameters<typeof callUnary<Req, Res>>[0];

/** How the gateway itself calls: for provider callbacks it checked and for the unit tree it owns. */
export const GATEWAY_SERVICE_CALLER: CallerIdentity = Object.freeze({
  kind: 'service',
  id: 'gateway',
  roles: [],
});

/** The notification service's gRPC client, shared by all requests. */
export function createNotificationClient(address: string) {
  const client = createGrpcClient(pb.NotificationServiceClient, address, {
    audience: 'notification',
  });

  /** Calls as one caller (its identity goes signed in metadata), in the current correlation. */
  function forRequest(caller: CallerIdentity) {
    const call = <Req, Res>(method: Method<Req, Res>, request: Req): Promise<Res> =>
      runInContext({ correlationId: currentContext()?.correlationId ?? uuidv7(), caller }, () =>
        callUnary(method, request),
      );
    return { client, call };
  }

  return {
    client,
    forRequest,
    /** Calls as the gateway service itself. */
    asGateway: () => forRequest(GATEWAY_SERVICE_CALLER),
    close: () => client.close(),
  };
}

export type NotificationClient = ReturnType<typeof createNotificationClient>;
export type NotificationApi = ReturnType<NotificationClient['forRequest']>;

import { notification as pb } from '@pcn/contracts';
import { createGrpcClient, type CallerIdentity } from '@pcn/platform';
import { callAs } from './service-call.js';

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
    return { client, call: callAs(caller) };
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

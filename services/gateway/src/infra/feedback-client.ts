import { feedback as pb } from '@pcn/contracts';
import { createGrpcClient, type CallerIdentity } from '@pcn/platform';
import { GATEWAY_SERVICE_CALLER } from './notification-client.js';
import { callAs } from './service-call.js';

/** The feedback service's gRPC client, shared by all requests. */
export function createFeedbackClient(address: string) {
  const client = createGrpcClient(pb.FeedbackServiceClient, address, { audience: 'feedback' });

  /** Calls as one caller (its identity goes signed in metadata), in the current correlation. */
  function forRequest(caller: CallerIdentity) {
    return { client, call: callAs(caller) };
  }

  return {
    client,
    forRequest,
    /** Calls as the gateway service itself: for the SMS and Zalo inbound hooks it checked. */
    asGateway: () => forRequest(GATEWAY_SERVICE_CALLER),
    close: () => client.close(),
  };
}

export type FeedbackClient = ReturnType<typeof createFeedbackClient>;
export type FeedbackApi = ReturnType<FeedbackClient['forRequest']>;

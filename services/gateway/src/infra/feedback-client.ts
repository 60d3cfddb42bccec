import { feedback as pb } from '@pcn/contracts';
import { createServiceClient } from './service-call.js';

/** The feedback service's gRPC client, shared by all requests (the inbound hooks call as the gateway). */
export const createFeedbackClient = (address: string) =>
  createServiceClient(pb.FeedbackServiceClient, address, 'feedback');

export type FeedbackClient = ReturnType<typeof createFeedbackClient>;
export type FeedbackApi = ReturnType<FeedbackClient['forRequest']>;

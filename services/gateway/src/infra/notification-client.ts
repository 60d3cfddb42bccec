import { notification as pb } from '@pcn/contracts';
import { createServiceClient } from './service-call.js';

export { GATEWAY_SERVICE_CALLER } from './service-call.js';

/** The notification service's gRPC client, shared by all requests. */
export const createNotificationClient = (address: string) =>
  createServiceClient(pb.NotificationServiceClient, address, 'notification');

export type NotificationClient = ReturnType<typeof createNotificationClient>;
export type NotificationApi = ReturnType<NotificationClient['forRequest']>;

// What tests outside the notification service (packages/e2e) use of it. A test-only entry
// (`@pcn/notification-service/testing`, resolved to this source by the `@pcn/source` condition),
// never part of the build in dist/.
export * from './dev-catcher.js';
export * from './recording-provider.js';
export * from './smtp-sink.js';
export {
  seedEveryChannelSubscriber,
  seedSmsSubscribers,
  seededConsultationOpened,
  type EveryChannelContacts,
} from './seed-subscribers.js';
export { loadNotificationConfig, notificationEnv } from '../config.js';
export { startNotificationService, type NotificationService } from '../notification-service.js';
export { inboxCollection, unitsCollection } from '../infra/notification.collections.js';
export type { InboxItem } from '../app/notification.model.js';

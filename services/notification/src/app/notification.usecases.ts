import { createEraseSubscriber } from './erase-subscriber.usecase.js';
import { createGetInboxItems } from './get-inbox-items.usecase.js';
import { createGetSubscriber } from './get-subscriber.usecase.js';
import { createHandleInboundSms } from './handle-inbound-sms.usecase.js';
import { createListAlerts } from './list-alerts.usecase.js';
import { createListDeliveries } from './list-deliveries.usecase.js';
import { createListInbox } from './list-inbox.usecase.js';
import { createListMySubscriptions } from './list-my-subscriptions.usecase.js';
import { createListSubscribers } from './list-subscribers.usecase.js';
import { createMarkInboxRead } from './mark-inbox-read.usecase.js';
import type { NotificationDeps } from './notification.ports.js';
import { createPurgeCapWindows } from './purge-cap-windows.usecase.js';
import { createPurgeUnverifiedSubscribers } from './purge-unverified-subscribers.usecase.js';
import { createPutUnits } from './put-units.usecase.js';
import { createReportDeliveryStatus } from './report-delivery-status.usecase.js';
import { createResendVerificationCode } from './resend-verification-code.usecase.js';
import { createSubscribe } from './subscribe.usecase.js';
import { createUnsubscribe } from './unsubscribe.usecase.js';
import { createUpdatePreferences } from './update-preferences.usecase.js';
import { DEFAULT_VERIFICATION_CAPS } from './verification-caps.js';
import { createVerifyContact } from './verify-contact.usecase.js';

export type { NotificationDeps } from './notification.ports.js';

export type NotificationUseCases = ReturnType<typeof createNotificationUseCases>;

/**
 * Every notification use case (one file each, named by role), built once for the gRPC adapter:
 * subscriptions, consent, verification, opt-out, the inbox, admin views and housekeeping.
 */
export function createNotificationUseCases(deps: NotificationDeps) {
  const issueDeps = { ...deps, caps: deps.caps ?? DEFAULT_VERIFICATION_CAPS };
  return {
    subscribe: createSubscribe(issueDeps),
    resendVerificationCode: createResendVerificationCode(issueDeps),
    confirm: createVerifyContact(deps),
    unsubscribe: createUnsubscribe(deps),
    inboundSms: createHandleInboundSms(deps),
    updatePreferences: createUpdatePreferences(deps),
    mySubscriptions: createListMySubscriptions(deps),
    getSubscriber: createGetSubscriber(deps),
    listSubscribers: createListSubscribers(deps),
    eraseSubscriber: createEraseSubscriber(deps),
    inbox: createListInbox(deps),
    markRead: createMarkInboxRead(deps),
    inboxItems: createGetInboxItems(deps),
    purgeUnverified: createPurgeUnverifiedSubscribers(deps),
    purgeCapWindows: createPurgeCapWindows(deps),
    deliveries: createListDeliveries(deps),
    putUnits: createPutUnits(deps),
    deliveryReport: createReportDeliveryStatus(deps),
    listAlerts: createListAlerts(deps),
  };
}

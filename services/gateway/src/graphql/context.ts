import type { CallerIdentity } from '@pcn/platform';
import type { IdentityService } from '../identity/identity.contract.js';
import type { BackendHealth } from '../infra/backend-health.js';
import type { DraftApi } from '../infra/draft-client.js';
import type { DraftEventHub } from '../infra/draft-event-hub.js';
import type { FeedbackApi } from '../infra/feedback-client.js';
import type { FeedbackEventHub } from '../infra/feedback-event-hub.js';
import type { NotificationApi } from '../infra/notification-client.js';
import type { NotificationEventHub } from '../infra/notification-event-hub.js';

/** What every resolver gets: the authenticated caller and its per-request service clients. */
export interface GatewayContext {
  caller: CallerIdentity;
  /** Checks the request's credentials again (a token may expire, a key be revoked). */
  reauthenticate: () => Promise<CallerIdentity>;
  subscriptionRecheckMs: number;
  /** Aborts when the client leaves: live streams end with it. */
  signal: AbortSignal;
  acceptLanguage: string | null;
  /** The caller's IP address (IPv6 as its /64) for per-address limits; never logged. */
  clientAddress: string;
  identity: IdentityService;
  drafts: DraftApi;
  hub: DraftEventHub;
  notifications: NotificationApi;
  feedback: FeedbackApi;
  feedbackHub: FeedbackEventHub;
  notificationHub: NotificationEventHub;
  backends: BackendHealth;
}

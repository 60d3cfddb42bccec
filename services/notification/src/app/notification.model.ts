import type { QuietHours } from './quiet-hours.js';

/**
 * The notification service's data: subscribers with their contact points, preferences and consent;
 * templates; deliveries (one per event × subscriber × channel) and in-app inbox items. Plain JSON
 * (timestamps are ISO-8601 strings) so that every store adapter keeps them as they are.
 */

export const CHANNELS = ['email', 'sms', 'zalo', 'webhook', 'in_app'] as const;
export type Channel = (typeof CHANNELS)[number];

export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

export const SUBSCRIBER_KINDS = ['citizen', 'officer', 'press', 'partner_system'] as const;
export type SubscriberKind = (typeof SUBSCRIBER_KINDS)[number];

/** One way to reach a subscriber. `address` is normalised: lower-case email, E.164 phone, URL. */
export interface ContactPoint {
  channel: Channel;
  address: string;
  /** Set once the subscriber proved they control it (link or code); nothing else is sent before. */
  verifiedAt: string | null;
  /** The subscriber withdrew this channel (link, SMS STOP, self-service, admin). */
  optedOutAt: string | null;
  /** Webhooks only: HMAC secret the partner verifies signatures with. */
  secret?: string;
  /** Webhooks only: consecutive failed attempts; the endpoint is disabled at the threshold. */
  failures?: number;
  disabledAt?: string | null;
}

/** A topic: a policy area (`policy_area:land`) or one draft (`draft:<id>`), with its channels. */
export interface Topic {
  kind: 'policy_area' | 'draft';
  value: string;
  channels: Channel[];
}

/** Personal Data Protection Law 91/2025/QH15: explicit, per purpose, verifiable, withdrawable. */
export interface ConsentRecord {
  purpose: 'policy_notifications';
  channel: Channel;
  /** How it was given: `web_form`, `api`, `sms`, `admin`. */
  method: string;
  /** Version of the consent text shown, so the wording can be produced later. */
  textVersion: string;
  givenAt: string;
  /** When the contact point was verified, which proves who gave it. */
  verifiedAt: string | null;
  withdrawnAt: string | null;
}

export type DigestMode = 'immediate' | 'daily';

export type SubscriberStatus = 'pending' | 'active' | 'opted_out';

export interface Subscriber {
  id: string;
  kind: SubscriberKind;
  /** The network user (gateway identity) who owns it, for the in-app inbox and self-service. */
  userId: string | null;
  /**
   * The API client (partner system) that subscribed it: replies to comments its users sent go to
   * its webhook. Absent on subscribers stored before replies existed.
   */
  clientId?: string | null;
  status: SubscriberStatus;
  /** Canonical BCP 47 tag. */
  language: string;
  contacts: ContactPoint[];
  /** Followed administrative units; each includes its subtree. */
  unitIds: string[];
  /** Every unit on the paths of the followed units (ancestors and the units themselves). */
  unitScope: string[];
  topics: Topic[];
  /** Channels for events that match by unit but no topic (or when `topics` is empty). */
  defaultChannels: Channel[];
  digest: DigestMode;
  quietHours: QuietHours | null;
  consents: ConsentRecord[];
  createdAt: string;
  updatedAt: string;
}

/** The audience facts of an event that fan-out matches against (from the event's own data). */
export interface EventAudience {
  draftId: string | null;
  targetUnitIds: string[];
  policyAreas: string[];
  /** Events about undisclosed drafts go to nobody outside the agency. */
  publicDisclosure: boolean;
}

export type DeliveryState = 'queued' | 'sent' | 'delivered' | 'failed' | 'deferred' | 'suppressed';

export type DeliveryKind = 'event' | 'digest' | 'verification';

export interface Delivery {
  /** `<eventId>:<subscriberId>:<channel>` (digests: `digest:<date>:<subscriberId>:<channel>`). */
  id: string;
  kind: DeliveryKind;
  /** The event it tells about (digests: the last one). */
  sourceEventId: string;
  eventType: string;
  subscriberId: string;
  channel: Channel;
  language: string;
  state: DeliveryState;
  attempts: number;
  /**
   * When the due scheduler queues it again: the end of quiet hours (deferred) or the next retry
   * (queued after a failed attempt). Null while it waits in a work queue or is final.
   */
  retryAt: string | null;
  /**
   * While it waits in a work queue (queued, `retryAt` null): when the due scheduler queues it again
   * if no worker has handled it by then (its work item was lost, for example dead-lettered). Null
   * or absent otherwise. So a queued delivery always has a time at which it is driven again.
   */
  redriveAt?: string | null;
  /** Why it failed or was suppressed/deferred, for the delivery log; never personal data. */
  reason: string | null;
  providerMessageId: string | null;
  createdAt: string;
  updatedAt: string;
  /** Digests: the events it bundles. */
  eventIds?: string[];
  /** Verifications: when the code (and the e-mail link) expires. */
  expiresAt?: string;
  /**
   * Replies (kind `event`, to a comment's submitter rather than a subscriber): the reply record
   * (`receipt:<feedbackId>`, `answer:<feedbackId>`) it sends. See reply-plan.ts.
   */
  replyId?: string;
}

/** A template for one event type × channel × language. */
export interface Template {
  /** `<eventType>|<channel>|<language>`. */
  id: string;
  eventType: string;
  channel: Channel;
  language: string;
  /** Email subject, SMS/Zalo/in-app title; optional elsewhere. */
  subject: string;
  body: string;
  updatedAt: string;
  updatedBy: string;
}

export interface InboxItem {
  /** The delivery id. */
  id: string;
  userId: string;
  subscriberId: string;
  eventType: string;
  draftId: string | null;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

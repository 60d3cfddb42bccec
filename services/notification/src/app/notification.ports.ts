import type { EventEnvelope, EventFactory } from '@pcn/events';
import type { Clock } from '@pcn/platform';
import type { Filter, Page, Stored } from '@pcn/storage';
import type {
  Channel,
  Delivery,
  EventAudience,
  InboxItem,
  Subscriber,
  Template,
} from './notification.model.js';
import type { ReplyRecord } from './reply-plan.js';
import type { Verification } from './verification.js';
import type { CapWindow, VerificationCaps } from './verification-caps.js';

/**
 * What the notification service needs of storage (its ports), and the records it keeps. The infra
 * adapters implement them on the storage contract; `Stored<T>` (a record with the store's version)
 * and `Page<T>` come from `@pcn/storage`.
 */

export interface SubscriberRecord extends Subscriber {
  topicDraftIds: string[];
  contactKeys: string[];
}

export type DeliveryRecord = Delivery;

/** An event being fanned out, and how far it got: the fan-out resumes from here after a crash. */
export interface FanoutRecord {
  id: string;
  event: EventEnvelope;
  audience: EventAudience;
  /** The target units and all their ancestors, read from the unit tree when the event arrived. */
  ancestors: string[];
  status: 'running' | 'done';
  /** Index of the audience pass in progress, and the cursor within it. */
  pass: number;
  after: string | null;
  counts: { subscribers: number; deliveries: number; digest: number };
  createdAt: string;
  completedAt: string | null;
  /**
   * W3C `traceparent` of the consumer that recorded it, when tracing is on: the runner's batches,
   * and so every delivery, continue the trace of the event that caused them.
   */
  traceparent?: string;
}

/** Planned deliveries in a work queue, until recorded: `SendWork` of an event, with a due time. */
export interface PlannedWorkRecord {
  /** The work item's id (`work:fanout:<channel>:<eventId>:<first subscriber>:<count>`). */
  id: string;
  eventId: string;
  channel: Channel;
  subscriberIds: string[];
  createdAt: string;
  /** When the due scheduler queues the work again, unless a worker recorded it all by then. */
  redriveAt: string;
}

export interface DigestEntry {
  /** `<bundle>:<eventId>`. */
  id: string;
  /** `<day>:<subscriberId>:<channel>`: one digest message per bundle. */
  bundle: string;
  day: string;
  subscriberId: string;
  channel: Channel;
  eventId: string;
  eventType: string;
  createdAt: string;
}

/**
 * The service's copy of a draft, from the draft events: what a reply to a comment names it by.
 * Events carry published titles only; the newest event about a draft wins.
 */
export interface DraftRecord {
  id: string;
  code: string;
  title: Record<string, string>;
  /** The time of the event it was taken from. */
  eventTime: string;
  eventId: string;
}

/**
 * An address that refused PCN's messages (SMS STOP), subscribed or not: replies to comments are not
 * sent to it. `id` is a keyed hash of the contact key (reply-policy.ts), never the address.
 */
export interface ReplyOptOutRecord {
  id: string;
  channel: Channel;
  via: 'sms_stop' | 'zalo_stop';
  createdAt: string;
}

export interface UnitRecord {
  id: string;
  path: string[];
}

export interface AlertRecord {
  id: string;
  kind: 'webhook_disabled' | 'channel_off';
  /** The subscriber concerned; empty for an alert about a whole channel. */
  subscriberId: string;
  channel: Channel;
  message: string;
  createdAt: string;
}

/**
 * A work item on a channel's queue: recorded deliveries to attempt (retries, deferred, digests,
 * verifications), or an event's planned deliveries to subscribers, recorded when attempted.
 */
export type SendWork = { deliveryIds: string[] } | { eventId: string; subscriberIds: string[] };

/** What the use cases need of storage; the infra adapter runs each `write` as one transaction. */
export interface NotificationRepository {
  getSubscriber(id: string): Promise<Stored<SubscriberRecord> | null>;
  /** Subscribers holding any of these contact keys (see contact-keys.ts). */
  subscribersByContact(keys: readonly string[]): Promise<Stored<SubscriberRecord>[]>;
  subscribersByUser(userId: string): Promise<Stored<SubscriberRecord>[]>;
  /** Pending (never verified) subscribers created before `before`, oldest first. */
  unverifiedBefore(before: string, limit: number): Promise<Stored<SubscriberRecord>[]>;
  listSubscribers(
    filter: { status?: string; unitId?: string; unitIds?: string[] },
    first: number,
    after: string | null,
  ): Promise<Page<SubscriberRecord>>;
  unitPaths(ids: readonly string[]): Promise<Map<string, string[]>>;
  getVerification(id: string): Promise<Stored<Verification> | null>;
  openVerification(subscriberId: string, channel: Channel): Promise<Stored<Verification> | null>;
  listInbox(
    userId: string,
    unreadOnly: boolean,
    first: number,
    after: string | null,
  ): Promise<Page<InboxItem>>;
  countUnread(userId: string): Promise<number>;
  getInboxItems(ids: readonly string[]): Promise<Stored<InboxItem>[]>;
  listDeliveries(
    filter: Record<string, string>,
    first: number,
    after: string | null,
  ): Promise<Page<Delivery>>;
  countDeliveriesByState(filter: Record<string, string>): Promise<Record<string, number>>;
  pendingDeliveriesOf(subscriberId: string): Promise<Stored<Delivery>[]>;
  deliveryByProviderId(
    channel: Channel,
    providerMessageId: string,
  ): Promise<Stored<Delivery> | null>;
  /** The newest alerts for admins, newest first. */
  listAlerts(limit: number): Promise<Stored<AlertRecord>[]>;
  /** Deletes cap windows whose newest send left the window before `before`; returns how many. */
  purgeCapWindows(before: string, limit: number): Promise<number>;
  /** Every reply to a comment's submitter, a page at a time (erasure looks for held addresses). */
  scanReplies(pageSize: number, after: string | null): Promise<Page<ReplyRecord>>;
  /** Runs `work` atomically; `Writes` are staged and committed together. */
  write<R>(work: (w: Writes) => Promise<R>): Promise<R>;
}

export interface Writes {
  // Reads inside the transaction, for decisions a parallel request must not race: resuming a
  // sign-up, superseding codes, and the caps on codes.
  getSubscriber(id: string): Promise<Stored<SubscriberRecord> | null>;
  subscribersByContact(keys: readonly string[]): Promise<Stored<SubscriberRecord>[]>;
  /** Verifications of a subscriber neither used nor superseded. */
  openVerifications(subscriberId: string): Promise<Stored<Verification>[]>;
  capWindow(id: string): Promise<Stored<CapWindow> | null>;
  /** Makes this write conflict with any other guarding `key` (see `Transaction.guard`). */
  guard(key: string): Promise<void>;
  /** Inserts a new window, or updates a stored one at its version. */
  saveCapWindow(w: CapWindow | Stored<CapWindow>): Promise<void>;
  insertSubscriber(s: SubscriberRecord): Promise<void>;
  updateSubscriber(s: Stored<SubscriberRecord>): Promise<Stored<SubscriberRecord>>;
  deleteSubscriber(id: string): Promise<void>;
  insertVerification(v: Verification): Promise<void>;
  updateVerification(v: Stored<Verification>): Promise<void>;
  deleteVerificationsOf(subscriberId: string): Promise<void>;
  /** Inserts deliveries and puts them on their channel queues. */
  queueDeliveries(d: Delivery[]): Promise<void>;
  updateDelivery(d: Stored<Delivery>): Promise<void>;
  updateInboxItem(i: Stored<InboxItem>): Promise<void>;
  /** Stores new and moved units; returns the ids of those that changed. */
  putUnits(units: { id: string; path: string[] }[]): Promise<string[]>;
  /** Records events in the outbox, published once the transaction commits. */
  emit(events: EventEnvelope[]): Promise<void>;
  /** Records that an address refuses replies; a second refusal changes nothing. */
  putReplyOptOut(r: ReplyOptOutRecord): Promise<void>;
  getReply(id: string): Promise<Stored<ReplyRecord> | null>;
  updateReply(r: Stored<ReplyRecord>): Promise<void>;
}

/** What the fan-out runner needs of storage. */
export interface FanoutRepository {
  /** Fan-outs still running (a crash-left one, another replica's), at most `limit`. */
  runningFanouts(limit: number): Promise<Stored<FanoutRecord>[]>;
  getFanout(id: string): Promise<Stored<FanoutRecord> | null>;
  /** A page of the subscribers one audience pass selects (see audience.ts). */
  audiencePage(
    filter: Filter,
    limit: number,
    after: string | null,
  ): Promise<Page<SubscriberRecord>>;
  /** Marks a fan-out done; ConflictError when another runner moved it meanwhile. */
  completeFanout(fanout: Stored<FanoutRecord>, at: string): Promise<void>;
  /**
   * Commits one batch in one transaction: the fan-out's cursor (at its version, so a second
   * runner's batch rolls back whole), the digest entries, and the planned work with its work items.
   */
  commitBatch(
    next: Stored<FanoutRecord>,
    digest: readonly DigestEntry[],
    planned: readonly PlannedWorkRecord[],
  ): Promise<void>;
}

/** What the use cases are built from: the repository, the outbox's event factory, and settings. */
export interface NotificationDeps {
  repo: NotificationRepository;
  events: EventFactory;
  clock: Clock;
  newId: () => string;
  allowInsecureWebhooks: boolean;
  linkSecret: string;
  random?: (min: number, max: number) => number;
  /** Caps on verification codes; DEFAULT_VERIFICATION_CAPS when absent. */
  caps?: VerificationCaps;
}

/** Template storage; the service keeps every template in memory too (they are few). */
export interface TemplateStore {
  all(): Promise<readonly Template[]>;
  /** Inserts a template whose id is new; AlreadyExistsError when it is taken. */
  add(template: Template): Promise<void>;
  /** Inserts or replaces by id. */
  put(template: Template): Promise<void>;
  delete(id: string): Promise<boolean>;
}

import type { CollectionSpec } from '@pcn/storage';

/**
 * Persisted names of the notification service's collections and indexes. Never rename one without
 * a migration. Each index names the query it serves.
 */
export const subscribersCollection: CollectionSpec = {
  name: 'subscribers',
  indexes: [
    { name: 'status', path: 'status' },
    // Fan-out passes: followers of a unit containing a target, of a unit inside a target, of a draft.
    { name: 'unit_ids', path: 'unitIds', multi: true },
    { name: 'unit_scope', path: 'unitScope', multi: true },
    { name: 'topic_draft_ids', path: 'topicDraftIds', multi: true },
    // The in-app inbox owner and self-service.
    { name: 'user_id', path: 'userId' },
    // A partner's webhook, for replies to its users' comments.
    { name: 'client_id', path: 'clientId' },
    // `sms:+84...`, `email:...`: SMS STOP and duplicate sign-ups find the subscriber by contact.
    { name: 'contact_keys', path: 'contactKeys', multi: true },
    { name: 'created_at', path: 'createdAt' },
  ],
};

export const verificationsCollection: CollectionSpec = {
  name: 'verifications',
  indexes: [{ name: 'subscriber_id', path: 'subscriberId' }],
};

/**
 * Caps on verification codes: one window of recent sends per contact, destination or client
 * address, under a keyed hash of it (app/verification-caps.ts).
 */
export const verificationCapsCollection: CollectionSpec = {
  name: 'verification_caps',
  // Housekeeping deletes windows whose newest send has left the hour.
  indexes: [{ name: 'expires_at', path: 'expiresAt' }],
};

/** One per event being fanned out: its data, audience and how far the fan-out got. */
export const fanoutsCollection: CollectionSpec = {
  name: 'fanouts',
  indexes: [{ name: 'status', path: 'status' }],
};

export const deliveriesCollection: CollectionSpec = {
  name: 'deliveries',
  indexes: [
    // The delivery log's filters.
    { name: 'source_event_id', path: 'sourceEventId' },
    { name: 'subscriber_id', path: 'subscriberId' },
    { name: 'channel', path: 'channel' },
    { name: 'state', path: 'state' },
    { name: 'created_at', path: 'createdAt' },
    // The due scheduler: deferred (quiet hours) and retrying deliveries whose time has come.
    { name: 'retry_at', path: 'retryAt' },
    // The due scheduler: queued deliveries no worker handled in time (their work item was lost).
    { name: 'redrive_at', path: 'redriveAt' },
    // Provider delivery reports name the provider's message id.
    { name: 'provider_message_id', path: 'providerMessageId' },
  ],
};

/**
 * Planned deliveries waiting in a work queue (an event and up to 1000 subscribers on one channel),
 * until a worker has recorded them all; the due scheduler queues the work again past `redriveAt`.
 */
export const plannedWorkCollection: CollectionSpec = {
  name: 'planned_work',
  indexes: [{ name: 'redrive_at', path: 'redriveAt' }],
};

/** Daily-digest entries: events waiting to be bundled into one message per subscriber and channel. */
export const digestEntriesCollection: CollectionSpec = {
  name: 'digest_entries',
  indexes: [
    { name: 'day', path: 'day' },
    { name: 'bundle', path: 'bundle' },
  ],
};

export const templatesCollection: CollectionSpec = {
  name: 'templates',
  indexes: [
    { name: 'event_type', path: 'eventType' },
    { name: 'channel', path: 'channel' },
    { name: 'language', path: 'language' },
  ],
};

export const inboxCollection: CollectionSpec = {
  name: 'inbox',
  indexes: [
    { name: 'user_id', path: 'userId' },
    { name: 'created_at', path: 'createdAt' },
    { name: 'read_at', path: 'readAt' },
  ],
};

/** The unit tree pushed by the gateway's directory; fan-out reads target units' ancestors here. */
export const unitsCollection: CollectionSpec = {
  name: 'units',
  indexes: [],
};

/** The service's copy of each draft's code and title, from the draft events (for replies). */
export const draftsCollection: CollectionSpec = {
  name: 'drafts',
  indexes: [],
};

/**
 * Receipts and answers to comments' submitters (`receipt:<feedbackId>`, `answer:<feedbackId>`):
 * the id is the guard that sends each at most once per comment.
 */
export const repliesCollection: CollectionSpec = {
  name: 'replies',
  indexes: [],
};

/** Addresses that refused replies (SMS STOP), under a keyed hash: never the address itself. */
export const replyOptOutsCollection: CollectionSpec = {
  name: 'reply_opt_outs',
  indexes: [],
};

/** Things an admin must hear about, such as a webhook endpoint disabled after failures. */
export const alertsCollection: CollectionSpec = {
  name: 'alerts',
  indexes: [{ name: 'created_at', path: 'createdAt' }],
};

export const notificationCollections = [
  subscribersCollection,
  verificationsCollection,
  verificationCapsCollection,
  fanoutsCollection,
  deliveriesCollection,
  plannedWorkCollection,
  digestEntriesCollection,
  templatesCollection,
  inboxCollection,
  unitsCollection,
  alertsCollection,
  draftsCollection,
  repliesCollection,
  replyOptOutsCollection,
];

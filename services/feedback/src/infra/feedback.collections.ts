import type { CollectionSpec } from '@pcn/storage';

/**
 * Persisted names of the feedback service's collections and indexes. Never rename one without a
 * migration. Each index names the query it serves.
 */
export const feedbackCollection: CollectionSpec = {
  name: 'feedback',
  indexes: [
    // The same key from the same source gives the same comment: unique, written with it.
    { name: 'idempotency_key', path: 'idempotencyKey', unique: true },
    // Receipt codes are unique per draft (`<draftId>:<code>`).
    { name: 'receipt_key', path: 'receiptKey', unique: true },
    // ListFeedback and ListPublicFeedback: a draft's comments, with their filters.
    { name: 'draft_id', path: 'draftId' },
    { name: 'article_id', path: 'articleId' },
    { name: 'state', path: 'state' },
    { name: 'stance', path: 'stance' },
    { name: 'channel', path: 'channel' },
    { name: 'unit_id', path: 'unitId' },
    // A group's comments (answering a whole group; the grouping step).
    { name: 'group_id', path: 'group.id' },
    // The grouping runner's queue: ungrouped comments of a draft, in intake order (by id).
    { name: 'ungrouped', path: 'ungroupedDraftId' },
    // The grouping worker's queue across drafts, in intake order. Its range is exactly the
    // ungrouped comments: not `group_id: null` sorted, which walks every grouped comment first.
    { name: 'ungrouped_seq', path: 'ungroupedSeq' },
    // PublishAnswers: a draft's answered comments whose answers are not yet published.
    { name: 'answer_pending', path: 'answerPendingDraftId' },
    // Hidden comments counted per reason.
    { name: 'hide_reason', path: 'moderation.reason' },
    // "My comments": a signed-in user's or a partner's user's own, newest first.
    { name: 'owner_key', path: 'ownerKey' },
  ],
};

/** What the service knows of each draft, from the draft events. */
export const draftsCollection: CollectionSpec = {
  name: 'feedback_drafts',
  // A draft by the code people cite (SMS, Zalo, paper forms), in any case.
  indexes: [{ name: 'code_key', path: 'codeKey' }],
};

/** Articles and texts of the consulted and revised versions (id `<draftId>:<version>`). */
export const draftVersionsCollection: CollectionSpec = {
  name: 'feedback_draft_versions',
  indexes: [],
};

/** The directory's units, from the gateway's events: paths for scope checks. */
export const unitsCollection: CollectionSpec = { name: 'feedback_units', indexes: [] };

/** Flags by signed-in users: id `<feedbackId>:<userId>`, so once per user and comment. */
export const flagsCollection: CollectionSpec = {
  name: 'feedback_flags',
  // The flags of one comment.
  indexes: [{ name: 'feedback_id', path: 'feedbackId' }],
};

/** Sliding-hour caps on anonymous comments, by keyed hash of contact or client address. */
export const intakeCapsCollection: CollectionSpec = {
  name: 'feedback_intake_caps',
  // Expired windows, for the hourly purge.
  indexes: [{ name: 'expires_at', path: 'expiresAt' }],
};

/**
 * One per group of comments (id: the group id), written with its members' `group` by the
 * grouping worker: the group's size without counting its members on every read.
 */
export const groupsCollection: CollectionSpec = {
  name: 'feedback_groups',
  // A draft's groups of more than one comment: its campaigns are among them, whatever
  // FEEDBACK_CAMPAIGN_MIN_SIZE is set to (at least 2).
  indexes: [{ name: 'shared_draft', path: 'sharedDraftId' }],
};
/** Published synthesis reports, frozen: id = the draft's id, so once per draft. */
export const synthesesCollection: CollectionSpec = { name: 'feedback_syntheses', indexes: [] };

export const feedbackCollections = [
  intakeCapsCollection,
  feedbackCollection,
  draftsCollection,
  draftVersionsCollection,
  unitsCollection,
  flagsCollection,
  groupsCollection,
  synthesesCollection,
];

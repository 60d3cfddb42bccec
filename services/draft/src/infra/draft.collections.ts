import type { CollectionSpec } from '@pcn/storage';

/**
 * Persisted names of the draft service's collections and indexes. Never rename one without a
 * migration. Each index names the query it serves.
 */
export const draftsCollection: CollectionSpec = {
  name: 'drafts',
  indexes: [
    // Agencies' own references are unique in the network.
    { name: 'code', path: 'code', unique: true },
    // The consultation scheduler's "what is due" query.
    { name: 'next_due_at', path: 'nextDueAt' },
  ],
};

/** How many words a title search matches through indexes: one index per word. */
export const TITLE_WORD_INDEXES = [
  'title_words',
  'title_words_2',
  'title_words_3',
  'title_words_4',
];

/**
 * ListDrafts reads this: each draft without its body (chapters), written in the same transaction
 * as the draft, so a list never loads or parses whole drafts.
 */
export const draftSummariesCollection: CollectionSpec = {
  name: 'draft_summaries',
  indexes: [
    // Filters of ListDrafts.
    { name: 'agency_id', path: 'agencyId' },
    { name: 'status', path: 'status' },
    { name: 'document_type', path: 'documentType' },
    { name: 'unit_ids', path: 'target.unitIds', multi: true },
    { name: 'languages', path: 'search.languages', multi: true },
    // A title search of up to four words: each word is matched by its own index over the same
    // folded title words, so the store answers the whole AND (page and count) without a scan.
    ...TITLE_WORD_INDEXES.map((name) => ({ name, path: 'search.titleWords', multi: true })),
    { name: 'public', path: 'search.public' },
    // Sorts of ListDrafts.
    { name: 'updated_at', path: 'updatedAt' },
    { name: 'created_at', path: 'createdAt' },
    { name: 'closes_at', path: 'consultation.closesAt' },
    { name: 'code', path: 'code' },
  ],
};

export const versionsCollection: CollectionSpec = {
  name: 'draft_versions',
  // Versions of one draft, by number.
  indexes: [
    { name: 'draft_id', path: 'draftId' },
    { name: 'number', path: 'number' },
  ],
};

export const auditCollection: CollectionSpec = {
  name: 'draft_audit',
  // The audit trail of one draft, in time order.
  indexes: [
    { name: 'draft_id', path: 'draftId' },
    { name: 'at', path: 'at' },
  ],
};

export const draftCollections = [
  draftsCollection,
  draftSummariesCollection,
  versionsCollection,
  auditCollection,
];

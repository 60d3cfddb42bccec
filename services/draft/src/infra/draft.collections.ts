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
    // Filters of ListDrafts.
    { name: 'agency_id', path: 'agencyId' },
    { name: 'status', path: 'status' },
    { name: 'document_type', path: 'documentType' },
    { name: 'unit_ids', path: 'target.unitIds', multi: true },
    { name: 'languages', path: 'search.languages', multi: true },
    { name: 'title_words', path: 'search.titleWords', multi: true },
    { name: 'public', path: 'search.public' },
    // Sorts of ListDrafts.
    { name: 'updated_at', path: 'updatedAt' },
    { name: 'created_at', path: 'createdAt' },
    { name: 'closes_at', path: 'consultation.closesAt' },
    // The consultation scheduler's "what is due" query.
    { name: 'next_due_at', path: 'nextDueAt' },
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

export const draftCollections = [draftsCollection, versionsCollection, auditCollection];

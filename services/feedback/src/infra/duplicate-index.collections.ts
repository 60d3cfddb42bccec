import type { CollectionSpec } from '@pcn/storage';

/**
 * Persisted names of the duplicate index's collections and indexes. Never rename one without a
 * migration. Each index names the query it serves. Ids are scoped by draft: comments on different
 * drafts never group together.
 */

/** One per distinct folded text of a draft (`<draftId>|<exactKey>`): the group its copies join. */
export const duplicateExactKeysCollection: CollectionSpec = {
  name: 'duplicate_exact_keys',
  // Distinct texts of a draft, for the synthesis' counts.
  indexes: [{ name: 'draft_id', path: 'draftId' }],
};

/** Group members whose MinHash signature stands for their group (`<draftId>|<commentId>`). */
export const duplicateExemplarsCollection: CollectionSpec = {
  name: 'duplicate_exemplars',
  // A group's exemplars, for re-examining a group.
  indexes: [{ name: 'group_id', path: 'groupId' }],
};

/** LSH band buckets: one entry per exemplar and band (`<draftId>|<bandKey>|<commentId>`). */
export const duplicateBandsCollection: CollectionSpec = {
  name: 'duplicate_bands',
  // Near-duplicate candidates of a comment: the exemplars in its band buckets.
  indexes: [{ name: 'bucket', path: 'bucket' }],
};

export const duplicateCollections = [
  duplicateExactKeysCollection,
  duplicateExemplarsCollection,
  duplicateBandsCollection,
];

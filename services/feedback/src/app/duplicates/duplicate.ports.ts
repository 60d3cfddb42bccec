import type { Transaction } from '@pcn/storage';
import type {
  CommentGroup,
  Exemplar,
  ExemplarEntry,
  ExactEntry,
  GroupRef,
} from './group-decision.js';

/**
 * What grouping needs of storage. Every write happens in the caller's storage `Transaction`, so a
 * batch's groups and the index entries behind them commit together or not at all.
 */

export interface UngroupedComment {
  id: string;
  draftId: string;
  /** The comment's text as stored (NFC). */
  text: string;
}

/** The comments side: implemented on the feedback service's comment collection. */
export interface UngroupedComments {
  /** Up to `limit` comments whose `group` is null, in intake order. */
  next(limit: number): Promise<UngroupedComment[]>;
  /** Sets each comment's `group` in `tx`. */
  setGroups(tx: Transaction, groups: readonly { id: string; group: CommentGroup }[]): Promise<void>;
}

/** What the index holds for some keys of one draft. */
export interface IndexLookup {
  /** Exact key → its group. */
  exact: Map<string, GroupRef>;
  /** Band key → the exemplars indexed under it. */
  bands: Map<string, Exemplar[]>;
}

/** Exact keys and LSH band buckets per draft, with the exemplars' signatures. */
export interface DuplicateIndex {
  lookup(
    tx: Transaction,
    draftId: string,
    keys: { exactKeys: readonly string[]; bandKeys: readonly string[] },
  ): Promise<IndexLookup>;
  /** Adds entries; each is new (the plan only adds keys its lookup did not find). */
  add(
    tx: Transaction,
    entries: { exact: readonly ExactEntry[]; exemplars: readonly ExemplarEntry[] },
  ): Promise<void>;
}

import type { CollectionSpec, Store, Transaction } from '@pcn/storage';
import type { UngroupedComment, UngroupedComments } from '../app/duplicates/duplicate.ports.js';
import type { CommentGroup } from '../app/duplicates/group-decision.js';

/**
 * A stand-in for the feedback service's comment collection, for tests and the bench: just what
 * grouping reads and writes. The real `UngroupedComments` adapter is written on the comment
 * collection itself.
 */
export interface FixtureCommentRecord {
  id: string;
  draftId: string;
  text: string;
  /** Intake order. */
  seq: number;
  group: CommentGroup | null;
  /** `seq` while ungrouped, null once grouped: the ungrouped queue is a range of one index. */
  ungroupedSeq: number | null;
}

export const fixtureCommentsCollection: CollectionSpec = {
  name: 'fixture_comments',
  indexes: [
    // Ungrouped comments in intake order. Not `group IS NULL` sorted by `seq`: that walks every
    // grouped comment before the first ungrouped one, on every batch.
    { name: 'ungrouped_seq', path: 'ungroupedSeq' },
  ],
};

export class FixtureComments implements UngroupedComments {
  constructor(private readonly store: Store) {}

  async next(limit: number): Promise<UngroupedComment[]> {
    const collection = this.store.collection<FixtureCommentRecord>(fixtureCommentsCollection);
    const out: UngroupedComment[] = [];
    let after: string | null = null;
    // Pages of at most 1,000 (the store's page size), for batches larger than that.
    do {
      const page = await collection.find({
        filter: { ungrouped_seq: { $gte: 0 } },
        sort: [{ field: 'ungrouped_seq', direction: 'asc' }],
        limit: Math.min(1000, limit - out.length),
        after,
      });
      for (const c of page.items) out.push({ id: c.id, draftId: c.draftId, text: c.text });
      after = page.nextCursor;
    } while (after !== null && out.length < limit);
    return out;
  }

  async setGroups(
    tx: Transaction,
    groups: readonly { id: string; group: CommentGroup }[],
  ): Promise<void> {
    const comments = tx.collection<FixtureCommentRecord>(fixtureCommentsCollection);
    const byId = new Map(groups.map((g) => [g.id, g.group]));
    const ids = [...byId.keys()];
    for (let i = 0; i < ids.length; i += 1000) {
      const page = await comments.find({
        filter: { id: { $in: ids.slice(i, i + 1000) } },
        limit: 1000,
      });
      for (const stored of page.items) {
        await comments.update({
          ...stored,
          group: byId.get(stored.id) ?? null,
          ungroupedSeq: null,
        });
      }
    }
  }

  /** Adds comments in intake order, ungrouped. */
  async add(comments: readonly { id: string; draftId: string; text: string }[]): Promise<void> {
    const collection = this.store.collection<FixtureCommentRecord>(fixtureCommentsCollection);
    const start = await collection.count();
    for (let i = 0; i < comments.length; i += 1000) {
      await collection.insertMany(
        comments
          .slice(i, i + 1000)
          .map((c, j) => ({ ...c, seq: start + i + j, group: null, ungroupedSeq: start + i + j })),
      );
    }
  }

  /** Every comment's group id, by comment id. */
  async groups(): Promise<Map<string, CommentGroup | null>> {
    const collection = this.store.collection<FixtureCommentRecord>(fixtureCommentsCollection);
    const out = new Map<string, CommentGroup | null>();
    let after: string | null = null;
    do {
      const page = await collection.find({ limit: 1000, after });
      for (const c of page.items) out.set(c.id, c.group);
      after = page.nextCursor;
    } while (after !== null);
    return out;
  }

  /** Makes every comment ungrouped again, as if grouping had never committed. */
  async ungroupAll(): Promise<void> {
    const collection = this.store.collection<FixtureCommentRecord>(fixtureCommentsCollection);
    let after: string | null = null;
    do {
      const page = await collection.find({ limit: 1000, after });
      for (const c of page.items)
        await collection.update({ ...c, group: null, ungroupedSeq: c.seq });
      after = page.nextCursor;
    } while (after !== null);
  }
}

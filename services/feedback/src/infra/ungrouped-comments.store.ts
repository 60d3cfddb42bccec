import type { Store, Transaction } from '@pcn/storage';
import type { UngroupedComment, UngroupedComments } from '../app/duplicates/duplicate.ports.js';
import type { CommentGroup } from '../app/duplicates/group-decision.js';
import type { FeedbackRecord, GroupRecord } from '../app/feedback.model.js';
import { feedbackCollection, groupsCollection } from './feedback.collections.js';

/** The store's page and `$in` bound. */
const PAGE = 1000;

/**
 * Grouping's view of the comment collection: the ungrouped comments in intake order (a range of
 * the `ungrouped_seq` index), and their groups written back with each group's size, in the
 * grouping transaction.
 */
export class StoreUngroupedComments implements UngroupedComments {
  constructor(private readonly store: Store) {}

  async next(limit: number): Promise<UngroupedComment[]> {
    const feedback = this.store.collection<FeedbackRecord>(feedbackCollection);
    const out: UngroupedComment[] = [];
    let after: string | null = null;
    do {
      const page = await feedback.find({
        filter: { ungrouped_seq: { $gte: '' } },
        sort: [{ field: 'ungrouped_seq', direction: 'asc' }],
        limit: Math.min(PAGE, limit - out.length),
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
    const feedback = tx.collection<FeedbackRecord>(feedbackCollection);
    const byId = new Map(groups.map((g) => [g.id, g.group]));
    const ids = [...byId.keys()];
    /** Members this batch adds per group; a comment grouped meanwhile is left as it is. */
    const added = new Map<string, { draftId: string; representativeId: string; count: number }>();
    for (let i = 0; i < ids.length; i += PAGE) {
      const page = await feedback.find({
        filter: { id: { $in: ids.slice(i, i + PAGE) } },
        limit: PAGE,
      });
      for (const stored of page.items) {
        const group = byId.get(stored.id);
        if (!group || stored.group) continue;
        await feedback.update({ ...stored, group, ungroupedDraftId: null, ungroupedSeq: null });
        const tally = added.get(group.id);
        if (tally) tally.count += 1;
        else
          added.set(group.id, {
            draftId: stored.draftId,
            representativeId: group.representativeId,
            count: 1,
          });
      }
    }
    await this.#addToGroups(tx, added);
  }

  async #addToGroups(
    tx: Transaction,
    added: Map<string, { draftId: string; representativeId: string; count: number }>,
  ): Promise<void> {
    const groups = tx.collection<GroupRecord>(groupsCollection);
    const ids = [...added.keys()];
    for (let i = 0; i < ids.length; i += PAGE) {
      const chunk = ids.slice(i, i + PAGE);
      const page = await groups.find({ filter: { id: { $in: chunk } }, limit: PAGE });
      const known = new Map(page.items.map((g) => [g.id, g]));
      const fresh: GroupRecord[] = [];
      for (const id of chunk) {
        const { draftId, representativeId, count } = added.get(id) as {
          draftId: string;
          representativeId: string;
          count: number;
        };
        const current = known.get(id);
        const size = (current?.size ?? 0) + count;
        const sharedDraftId = size > 1 ? draftId : null;
        if (current) await groups.update({ ...current, size, sharedDraftId });
        else fresh.push({ id, draftId, representativeId, size, sharedDraftId });
      }
      if (fresh.length > 0) await groups.insertMany(fresh);
    }
  }
}

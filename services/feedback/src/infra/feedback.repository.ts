import { toOutboxMessage, type BusNames, type EventEnvelope } from '@pcn/events';
import { AlreadyExistsError, type CapWindow } from '@pcn/platform';
import type { Collection, Filter, Store, Transaction } from '@pcn/storage';
import type {
  DraftInfo,
  DraftVersionRecord,
  FeedbackGroup,
  FeedbackRecord,
  FlagRecord,
  GroupRecord,
  HideReason,
  UnitRecord,
} from '../app/feedback.model.js';
import type {
  FeedbackQuery,
  FeedbackRepository,
  FeedbackUnitOfWork,
  Page,
  StoredFeedback,
} from '../app/feedback.ports.js';
import type { PublishedSynthesis } from '../app/synthesis.model.js';
import {
  draftsCollection,
  draftVersionsCollection,
  feedbackCollection,
  flagsCollection,
  intakeCapsCollection,
  groupsCollection,
  synthesesCollection,
  unitsCollection,
} from './feedback.collections.js';

/** The store's `$in` takes a bounded list: ask in chunks. */
const IN_CHUNK = 500;

async function byKeys(
  feedback: Collection<FeedbackRecord>,
  keys: readonly string[],
): Promise<Map<string, StoredFeedback>> {
  const out = new Map<string, StoredFeedback>();
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += IN_CHUNK) {
    const chunk = unique.slice(i, i + IN_CHUNK);
    const page = await feedback.find({
      filter: { idempotency_key: { $in: chunk } },
      limit: chunk.length,
    });
    for (const r of page.items) if (r.idempotencyKey) out.set(r.idempotencyKey, r);
  }
  return out;
}

/** A unit of work on a transaction: the repository's, and the event handlers' own. */
export function feedbackUnitOfWork(tx: Transaction, names: BusNames): FeedbackUnitOfWork {
  const feedback = tx.collection<FeedbackRecord>(feedbackCollection);
  const drafts = tx.collection<DraftInfo>(draftsCollection);
  const units = tx.collection<UnitRecord>(unitsCollection);
  const caps = tx.collection<CapWindow>(intakeCapsCollection);
  return {
    getDraft: (id) => drafts.get(id),
    async putDraft(info) {
      if ('version' in info && typeof info.version === 'number') await drafts.update(info);
      else await drafts.insert(info);
    },
    async putDraftVersion(record) {
      const versions = tx.collection<DraftVersionRecord>(draftVersionsCollection);
      const current = await versions.get(record.id);
      if (current) await versions.update({ ...record, version: current.version });
      else await versions.insert(record);
    },
    findByIdempotencyKeys: (keys) => byKeys(feedback, keys),
    async insertFeedback(records) {
      if (records.length === 1 && records[0]) await feedback.insert(records[0]);
      else if (records.length > 0) await feedback.insertMany(records);
    },
    getFeedback: (id) => feedback.get(id),
    updateFeedback: (record) => feedback.update(record),
    async addFlag(flag) {
      try {
        await tx.collection<FlagRecord>(flagsCollection).insert(flag);
        return true;
      } catch (err) {
        if (err instanceof AlreadyExistsError) return false;
        throw err;
      }
    },
    async putUnits(list) {
      let changed = 0;
      for (const unit of list) {
        const current = await units.get(unit.id);
        if (!current) await units.insert(unit);
        else if (current.path.join('/') !== unit.path.join('/') || current.name !== unit.name)
          await units.update({ ...unit, version: current.version });
        else continue;
        changed += 1;
      }
      return changed;
    },
    async enqueueEvents(events: readonly EventEnvelope[]) {
      await tx.enqueue(events.map((e) => toOutboxMessage(names, e)));
    },
    async getCapWindows(ids) {
      const found = await Promise.all(ids.map((id) => caps.get(id)));
      return new Map(found.filter((w) => w !== null).map((w) => [w.id, w]));
    },
    async putCapWindows(windows) {
      for (const w of windows) {
        const existing = await caps.get(w.id);
        if (existing) await caps.update({ ...w, version: existing.version });
        else await caps.insert(w);
      }
    },
    getSynthesis: (draftId) => tx.collection<PublishedSynthesis>(synthesesCollection).get(draftId),
    async insertSynthesis(record) {
      await tx.collection<PublishedSynthesis>(synthesesCollection).insert(record);
    },
  };
}

/** The feedback repository on the storage contract (SQLite or MongoDB). */
export function createFeedbackRepository(
  store: Store,
  names: BusNames,
  onCommit: () => void,
): FeedbackRepository {
  const feedback = store.collection<FeedbackRecord>(feedbackCollection);
  const drafts = store.collection<DraftInfo>(draftsCollection);
  const units = store.collection<UnitRecord>(unitsCollection);
  const groups = store.collection<GroupRecord>(groupsCollection);

  async function page(
    filter: Filter,
    pageSize: number,
    after: string | null,
    descending = false,
  ): Promise<Page<StoredFeedback>> {
    const found = await feedback.find({
      filter,
      sort: [{ field: 'id', direction: descending ? 'desc' : 'asc' }],
      limit: pageSize,
      after,
    });
    return { items: found.items, nextCursor: found.nextCursor };
  }

  function filterOf(q: FeedbackQuery): Filter {
    const filter: Record<string, Filter[string]> = { draft_id: q.draftId };
    if (q.articleId) filter.article_id = q.articleId;
    if (q.states.length > 0) filter.state = { $in: [...q.states] };
    if (q.stance) filter.stance = q.stance;
    if (q.channel) filter.channel = q.channel;
    if (q.groupId) filter.group_id = q.groupId;
    if (q.groupIds) {
      const wanted = q.groupId ? q.groupIds.filter((id) => id === q.groupId) : q.groupIds;
      // No group matches: a group id no comment carries (group ids start with `grp-`).
      filter.group_id = wanted.length > 0 ? { $in: [...wanted] } : '-';
    }
    if (q.unitId) filter.unit_id = q.unitId;
    return filter;
  }

  return {
    async transaction(work) {
      const result = await store.transaction((tx) => work(feedbackUnitOfWork(tx, names)));
      onCommit();
      return result;
    },
    getDraft: (id) => drafts.get(id),
    async findDraftByCode(codeKey) {
      const found = await drafts.find({ filter: { code_key: codeKey }, limit: 2 });
      // Codes are unique per draft in the draft service; two drafts with one code cite neither.
      return found.items.length === 1 ? (found.items[0] ?? null) : null;
    },
    async unitPaths(ids) {
      const out = new Map<string, string[]>();
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i += IN_CHUNK) {
        const chunk = unique.slice(i, i + IN_CHUNK);
        const found = await units.find({ filter: { id: { $in: chunk } }, limit: chunk.length });
        for (const u of found.items) out.set(u.id, u.path);
      }
      return out;
    },
    getFeedback: (id) => feedback.get(id),
    findByIdempotencyKeys: (keys) => byKeys(feedback, keys),
    listFeedback: (q) => page(filterOf(q), q.pageSize, q.after, q.descending),
    listGroup: (draftId, groupId, pageSize, after) =>
      page({ draft_id: draftId, group_id: groupId }, pageSize, after),
    listOwn: (ownerKey, pageSize, after) => page({ owner_key: ownerKey }, pageSize, after, true),
    scanFeedback: (pageSize, after) => page({}, pageSize, after),
    listAnswerPending: (draftId, pageSize, after) =>
      page({ answer_pending: draftId }, pageSize, after),
    async countHidden(draftId) {
      const counts = await feedback.countBy('hide_reason', { draft_id: draftId, state: 'hidden' });
      return counts
        .filter((c) => typeof c.key === 'string')
        .map((c) => ({ reason: c.key as HideReason, count: c.count }));
    },
    async purgeCapWindows(before) {
      const expired = await store
        .collection<CapWindow>(intakeCapsCollection)
        .find({ filter: { expires_at: { $lt: before.toISOString() } }, limit: 1000 });
      for (const w of expired.items)
        await store.collection<CapWindow>(intakeCapsCollection).delete(w.id, w.version);
      return expired.items.length;
    },
    async groupSizes(ids) {
      const out = new Map<string, number>();
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i += IN_CHUNK) {
        const chunk = unique.slice(i, i + IN_CHUNK);
        const found = await groups.find({ filter: { id: { $in: chunk } }, limit: chunk.length });
        for (const g of found.items) out.set(g.id, g.size);
      }
      return out;
    },
    async groupsFromSize(draftId, minSize) {
      const out: string[] = [];
      let after: string | null = null;
      do {
        // Only the draft's groups of more than one comment are indexed: few beside the organic ones.
        const found = await groups.find({ filter: { shared_draft: draftId }, limit: 1000, after });
        for (const g of found.items) if (g.size >= minSize) out.push(g.id);
        after = found.nextCursor;
      } while (after !== null);
      return out;
    },
    listUngrouped: (draftId, pageSize, after) => page({ ungrouped: draftId }, pageSize, after),
    async assignGroup(ids, group: FeedbackGroup) {
      await store.transaction(async (tx) => {
        const c = tx.collection<FeedbackRecord>(feedbackCollection);
        for (const id of ids) {
          const current = await c.get(id);
          if (current)
            await c.update({ ...current, group, ungroupedDraftId: null, ungroupedSeq: null });
        }
      });
    },
    getSynthesis: (draftId) =>
      store.collection<PublishedSynthesis>(synthesesCollection).get(draftId),
    getDraftVersion: (draftId, version) =>
      store.collection<DraftVersionRecord>(draftVersionsCollection).get(`${draftId}:${version}`),
    async listUnits(pageSize, after) {
      const found = await units.find({
        filter: {},
        sort: [{ field: 'id', direction: 'asc' }],
        limit: pageSize,
        after,
      });
      return { items: found.items, nextCursor: found.nextCursor };
    },
  };
}

import type { Transaction } from '@pcn/storage';
import type { DuplicateIndex, IndexLookup, UngroupedComments } from './duplicate.ports.js';
import { fingerprint, type DuplicateRules } from './duplicate-rules.js';
import { planGroups, type FingerprintedComment, type IndexView } from './group-decision.js';

export interface GroupingOutcome {
  /** Comments given a group in this batch. */
  grouped: number;
  /** Of those: exact duplicates of a known text, near duplicates, founders of a new group. */
  exact: number;
  near: number;
  founded: number;
}

/**
 * Groups the next batch of ungrouped comments (run just after intake, until it returns 0). One
 * transaction holds the batch's groups and the index entries behind them, so a crash leaves the
 * batch ungrouped, to be grouped again whole. Re-running a batch that did commit changes nothing:
 * every grouped comment's exact key is indexed with its group, so the comment finds that group
 * again, and adds nothing.
 */
export function createAssignGroups(deps: {
  comments: UngroupedComments;
  index: DuplicateIndex;
  transaction: <R>(work: (tx: Transaction) => Promise<R>) => Promise<R>;
  rules: DuplicateRules;
}) {
  const { rules } = deps;

  return async function assignGroups(limit = 500): Promise<GroupingOutcome> {
    const batch = await deps.comments.next(limit);
    if (batch.length === 0) return { grouped: 0, exact: 0, near: 0, founded: 0 };
    // CPU work outside the transaction: a retried transaction does not redo it.
    const comments: FingerprintedComment[] = batch.map((c) => ({
      id: c.id,
      draftId: c.draftId,
      fingerprint: fingerprint(c.text, rules),
    }));
    const byDraft = new Map<string, FingerprintedComment[]>();
    for (const c of comments) {
      const list = byDraft.get(c.draftId);
      if (list) list.push(c);
      else byDraft.set(c.draftId, [c]);
    }

    return deps.transaction(async (tx) => {
      const lookups = new Map<string, IndexLookup>();
      for (const [draftId, list] of byDraft) {
        const exactKeys = unique(list.map((c) => c.fingerprint.exactKey));
        const found = await deps.index.lookup(tx, draftId, { exactKeys, bandKeys: [] });
        // Band buckets only for texts not known exactly: most campaign copies, few re-runs.
        const bandKeys = unique(
          list
            .filter((c) => !found.exact.has(c.fingerprint.exactKey))
            .flatMap((c) => c.fingerprint.bandKeys),
        );
        if (bandKeys.length > 0) {
          const near = await deps.index.lookup(tx, draftId, { exactKeys: [], bandKeys });
          for (const [band, exemplars] of near.bands) found.bands.set(band, exemplars);
        }
        lookups.set(draftId, found);
      }
      const view: IndexView = {
        exact: (draftId, key) => lookups.get(draftId)?.exact.get(key) ?? null,
        exemplars: (draftId, band) => lookups.get(draftId)?.bands.get(band) ?? [],
      };
      const plan = planGroups(comments, view, rules);
      await deps.index.add(tx, { exact: plan.exactEntries, exemplars: plan.exemplarEntries });
      await deps.comments.setGroups(
        tx,
        plan.assignments.map((a) => ({ id: a.id, group: a.group })),
      );
      const outcome: GroupingOutcome = { grouped: batch.length, exact: 0, near: 0, founded: 0 };
      for (const a of plan.assignments) {
        if (a.decision === 'exact') outcome.exact++;
        else if (a.decision === 'near') outcome.near++;
        else outcome.founded++;
      }
      return outcome;
    });
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

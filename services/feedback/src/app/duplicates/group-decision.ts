import type { DuplicateRules, Fingerprint } from './duplicate-rules.js';
import { estimatedSimilarity } from './minhash.js';

/** A comment's group as the comment record carries it (`group` on the comment). */
export interface CommentGroup {
  id: string;
  /** The folded text's key: comments with one key are exact duplicates. */
  exactKey: string;
  /** The comment that founded the group, shown for it. */
  representativeId: string;
}

export interface GroupRef {
  id: string;
  representativeId: string;
}

/** A group member whose signature stands for the group in near-duplicate search. */
export interface Exemplar {
  commentId: string;
  group: GroupRef;
  signature: Uint32Array;
}

/** What the index knows near one comment: the group of its exact key, and exemplars sharing a band. */
export interface Candidates {
  exact: GroupRef | null;
  exemplars: readonly Exemplar[];
}

export type GroupDecision =
  | { kind: 'exact'; group: GroupRef }
  | { kind: 'near'; group: GroupRef; similarity: number; exemplar: boolean }
  | { kind: 'founded'; group: GroupRef };

/** A group's id, from the comment that founded it: the same on every run. */
export function groupIdOf(founderId: string): string {
  return `grp-${founderId}`;
}

/**
 * Where one comment goes. An exact duplicate joins its text's group. Otherwise LSH candidates are
 * verified: the comment joins the group of the most similar exemplar at or above the threshold
 * (ties to the smaller group id, so the choice never depends on lookup order), and becomes an
 * exemplar itself when it is far from all (below `exemplarBelow`). With no match it founds a
 * group and is its representative.
 */
export function decideGroup(
  commentId: string,
  fingerprint: Fingerprint,
  candidates: Candidates,
  rules: DuplicateRules,
): GroupDecision {
  if (candidates.exact) return { kind: 'exact', group: candidates.exact };
  let best: { group: GroupRef; similarity: number } | null = null;
  if (fingerprint.signature) {
    for (const exemplar of candidates.exemplars) {
      const similarity = estimatedSimilarity(fingerprint.signature, exemplar.signature);
      if (similarity < rules.threshold) continue;
      if (
        !best ||
        similarity > best.similarity ||
        (similarity === best.similarity && exemplar.group.id < best.group.id)
      ) {
        best = { group: exemplar.group, similarity };
      }
    }
  }
  if (best) {
    return {
      kind: 'near',
      group: best.group,
      similarity: best.similarity,
      exemplar: best.similarity < rules.exemplarBelow,
    };
  }
  return { kind: 'founded', group: { id: groupIdOf(commentId), representativeId: commentId } };
}

/** What the index holds, as the planner reads it: per draft, exact keys and band buckets. */
export interface IndexView {
  exact(draftId: string, exactKey: string): GroupRef | null;
  exemplars(draftId: string, bandKey: string): readonly Exemplar[];
}

export interface FingerprintedComment {
  id: string;
  draftId: string;
  fingerprint: Fingerprint;
}

export interface ExactEntry {
  draftId: string;
  exactKey: string;
  group: GroupRef;
}

export interface ExemplarEntry {
  draftId: string;
  exemplar: Exemplar;
  bandKeys: string[];
}

/** A batch's outcome: each comment's group, and what the index gains. */
export interface GroupingPlan {
  assignments: {
    id: string;
    draftId: string;
    group: CommentGroup;
    decision: GroupDecision['kind'];
  }[];
  exactEntries: ExactEntry[];
  exemplarEntries: ExemplarEntry[];
}

/**
 * Decides a batch in order: each comment sees the index and the comments before it in the batch
 * (an overlay of what the batch adds), as if they had been grouped one by one.
 */
export function planGroups(
  comments: readonly FingerprintedComment[],
  index: IndexView,
  rules: DuplicateRules,
): GroupingPlan {
  const plan: GroupingPlan = { assignments: [], exactEntries: [], exemplarEntries: [] };
  // Per draft: what the batch added so far (exact keys, band buckets).
  const added = new Map<string, { exact: Map<string, GroupRef>; bands: Map<string, Exemplar[]> }>();
  for (const c of comments) {
    const { exactKey, bandKeys } = c.fingerprint;
    let overlay = added.get(c.draftId);
    if (!overlay) {
      overlay = { exact: new Map(), bands: new Map() };
      added.set(c.draftId, overlay);
    }
    const exact = overlay.exact.get(exactKey) ?? index.exact(c.draftId, exactKey) ?? null;
    // Per band: the exemplars stored and added under it.
    const buckets: (readonly Exemplar[])[][] = [];
    const exemplars: Exemplar[] = [];
    if (!exact) {
      const seen = new Set<string>();
      for (const band of bandKeys) {
        const lists = [index.exemplars(c.draftId, band), overlay.bands.get(band) ?? []];
        buckets.push(lists);
        for (const list of lists) {
          for (const e of list) {
            if (seen.has(e.commentId)) continue;
            seen.add(e.commentId);
            exemplars.push(e);
          }
        }
      }
    }
    const decision = decideGroup(c.id, c.fingerprint, { exact, exemplars }, rules);
    plan.assignments.push({
      id: c.id,
      draftId: c.draftId,
      group: { ...decision.group, exactKey },
      decision: decision.kind,
    });
    if (decision.kind === 'exact') continue;
    overlay.exact.set(exactKey, decision.group);
    plan.exactEntries.push({ draftId: c.draftId, exactKey, group: decision.group });
    const becomesExemplar =
      decision.kind === 'founded' || (decision.kind === 'near' && decision.exemplar);
    if (!becomesExemplar || !c.fingerprint.signature) continue;
    // One exemplar per group and bucket: a bucket already leading to this group needs no other,
    // which keeps buckets (and what a lookup reads) small however large a campaign grows.
    const groupId = decision.group.id;
    // A bucket holding `bucketCap` exemplars already is a common pair of minimums (the
    // consultation's stock phrases): it tells groups apart poorly, and every later lookup would
    // read it, so it takes no more.
    const bands = bandKeys.filter((_, i) => {
      const lists = buckets[i] ?? [];
      let size = 0;
      for (const list of lists) {
        if (list.some((e) => e.group.id === groupId)) return false;
        size += list.length;
      }
      return size < rules.bucketCap;
    });
    if (bands.length === 0) continue;
    const exemplar = { commentId: c.id, group: decision.group, signature: c.fingerprint.signature };
    plan.exemplarEntries.push({ draftId: c.draftId, exemplar, bandKeys: bands });
    for (const band of bands) {
      const list = overlay.bands.get(band);
      if (list) list.push(exemplar);
      else overlay.bands.set(band, [exemplar]);
    }
  }
  return plan;
}

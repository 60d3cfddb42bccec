// The synthesis and explanation report (issue #10 §6), as the accumulator produces it and the
// DOCX and CSV writers read it. It never holds the text of a hidden comment.
import type {
  Channel,
  HiddenReason,
  Outcome,
  Stance,
  SubmitterKind,
} from './report-input.model.js';

export type StanceCounts = Record<Stance, number>;

/** The counts of §3 for one set of comments (all, verified only, or unverified only). */
export interface CountedApart {
  /** Every comment received, hidden ones included. */
  received: number;
  /** Comments not hidden: the ones the rest of these counts are made of. */
  counted: number;
  /** Distinct texts by their exact (folded) key; an ungrouped comment is a text of its own. */
  distinctTexts: number;
  /** Distinct duplicate groups among the counted comments (a comment not grouped yet is one). */
  groups: number;
  /** Distinct people by verified identity or contact. */
  uniquePeople: number;
  /** Counted comments whose person is unknown: they cannot be told apart, so are not in uniquePeople. */
  unknownPeople: number;
}

export interface Totals {
  all: CountedApart;
  verified: CountedApart;
  unverified: CountedApart;
  /** Counted comments not yet moderated. */
  pendingModeration: number;
  hidden: { total: number; byReason: Record<HiddenReason, number> };
}

export interface ChannelTotals {
  channel: Channel;
  received: number;
  verified: number;
  hidden: number;
}

export interface UnitTotals {
  unitId: string;
  name: string;
  /** Depth in the tree: 0 for the root. */
  depth: number;
  /** Comments from this unit and every unit below it, hidden ones included. */
  received: number;
  verified: number;
  /** Comments from this unit itself. */
  own: number;
}

/** An answer as the report shows it. */
export interface RowAnswer {
  outcome: Outcome;
  reason: string;
  changedArticles: { id: string; number: string }[];
  /** An unpublished answer appears only in the agency's view. */
  published: boolean;
}

/**
 * One line of the "tiếp thu, giải trình" table: a duplicate group (its copies collapsed onto the
 * representative's text) or a single comment.
 */
export interface ReportRow {
  /** The article's id, or null for comments on the whole draft. */
  articleId: string | null;
  kind: 'group' | 'comment';
  /** The group's id, or the comment's. */
  id: string;
  /** The clause, when a single comment is on one. */
  clauseId: string | null;
  text: string;
  /** Counted (not hidden) comments this row stands for. */
  comments: number;
  stances: StanceCounts;
  submitters: Record<SubmitterKind, number>;
  /** A single comment's label, or up to five organization labels of a group. */
  labels: string[];
  verified: number;
  answer: RowAnswer | null;
  /** Members of a group whose answer differs from the row's (they were answered apart). */
  answeredApart: number;
}

export interface TextDiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

export type ArticleChangeKind = 'unchanged' | 'changed' | 'added' | 'removed' | 'not_revised';

export interface ArticleSection {
  /** Null: comments on the whole draft. */
  articleId: string | null;
  number: string | null;
  heading: string | null;
  opinions: StanceCounts;
  verifiedOpinions: StanceCounts;
  comments: number;
  groups: number;
  change: {
    kind: ArticleChangeKind;
    consultedText: string | null;
    revisedText: string | null;
    /** Answers that name this article among those they changed. */
    changedByAnswers: number;
    /**
     * For a changed article, its words inserted and deleted; null for other kinds, or when the
     * article was rewritten beyond a readable diff (then the two texts tell the change).
     */
    textDiff: TextDiffPart[] | null;
  };
}

/** A cell of a demographic table: `people` is null when suppressed. */
export interface DemographicCell {
  value: string;
  people: number | null;
  suppression: 'none' | 'primary' | 'complementary';
}

export interface DemographicTable {
  dimension: 'ethnicGroup' | 'gender';
  /** People counted in the table: the sum of every cell, suppressed ones included. */
  total: number;
  cells: DemographicCell[];
}

export type ReportView = 'public' | 'agency';

export interface SynthesisReport {
  draft: { id: string; code: string; title: string };
  period: { opensAt: Date; closesAt: Date };
  /** Live while the consultation is open; final after it closes. */
  status: 'live' | 'final';
  view: ReportView;
  generatedAt: Date;
  totals: Totals;
  channels: ChannelTotals[];
  units: UnitTotals[];
  /** Comments whose unit is not in the tree, or who gave none. */
  unitsUnknown: { unknownUnit: number; noUnit: number };
  articles: ArticleSection[];
  demographics: {
    threshold: number;
    /**
     * True when the tables are left out: a public report while the consultation is open. Two live
     * reports a comment apart would tell that commenter's ethnic group by difference, whatever
     * the suppression; the final report does not change any more.
     */
    withheldUntilFinal: boolean;
    tables: DemographicTable[];
  };
}

export const NOT_STATED = 'not_stated';

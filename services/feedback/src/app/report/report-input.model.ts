// What the synthesis report reads: one comment at a time, the draft it is about and the unit tree.
// These are the report's own input shapes, close to a stored comment record; the composition root
// maps its records onto them, so the report's rules do not depend on how comments are stored.

export const STANCES = ['support', 'oppose', 'suggest_change', 'question'] as const;
export type Stance = (typeof STANCES)[number];

export const CHANNELS = [
  'web',
  'partner',
  'paper',
  'village_session',
  'sms',
  'zalo',
  'email',
] as const;
export type Channel = (typeof CHANNELS)[number];

export const SUBMITTER_KINDS = ['citizen', 'organization', 'agency', 'press'] as const;
export type SubmitterKind = (typeof SUBMITTER_KINDS)[number];

export const HIDDEN_REASONS = ['spam', 'offensive', 'off_topic', 'personal_data'] as const;
export type HiddenReason = (typeof HIDDEN_REASONS)[number];

export const OUTCOMES = ['accepted', 'partly_accepted', 'not_accepted', 'noted'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type Moderation =
  { state: 'pending' } | { state: 'published' } | { state: 'hidden'; reason: HiddenReason };

export interface ReportAnswer {
  outcome: Outcome;
  /** The explanation the law asks for. */
  reason: string;
  /** Articles (ids of the revised version's articles) changed because of this comment. */
  changedArticleIds: readonly string[];
  /** Citizens see an answer only once it is published. */
  published: boolean;
}

export interface ReportGroup {
  id: string;
  /** The folded-text key of exact duplicates (§3); equal keys are one distinct text. */
  exactKey: string;
  representativeId: string;
}

/** Present only when the person consented to this purpose; each field may still be absent. */
export interface ReportDemographics {
  ethnicGroup?: string;
  gender?: string;
  ageBand?: string;
}

export interface ReportComment {
  id: string;
  draftId: string;
  /** Null for a comment on the whole draft. */
  articleId: string | null;
  clauseId: string | null;
  stance: Stance;
  /** Already masked for personal data by the caller when the output is public. */
  text: string;
  language: string;
  channel: Channel;
  submitter: {
    kind: SubmitterKind;
    /** "Người dân, xã X": no personal names unless the submitter is an organization. */
    label: string;
  };
  verified: boolean;
  /** Verified identity or contact hash, to count unique people; null when unknown. */
  personKey: string | null;
  unitId: string | null;
  moderation: Moderation;
  group: ReportGroup | null;
  answer: ReportAnswer | null;
  demographics: ReportDemographics | null;
}

export interface ReportArticle {
  id: string;
  /** "5", "5a": as the draft numbers it. */
  number: string;
  heading: string;
  /** The article's text in the version put to consultation; null when the revision added it. */
  consultedText: string | null;
  /** Its text in the revised version; null when the revision removed it or there is none yet. */
  revisedText: string | null;
  /**
   * Its change as the draft service's diff found it, once a revision exists. Absent: judged from
   * the two texts. Texts may be missing (an event carries a bounded amount), the change never is.
   */
  revision?: 'unchanged' | 'changed' | 'added' | 'removed';
}

export interface ReportDraft {
  id: string;
  code: string;
  title: string;
  /** Articles of the consulted version in reading order, then any the revision added. */
  articles: readonly ReportArticle[];
  /** True once a revised version exists: before that no article has a change to report. */
  revised: boolean;
  consultation: { opensAt: Date; closesAt: Date };
}

export interface ReportUnit {
  id: string;
  name: string;
  /** Ids from the root down to and including this unit. */
  path: readonly string[];
}

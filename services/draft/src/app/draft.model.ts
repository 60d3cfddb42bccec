import type { DocumentBase } from '@pcn/storage';

/**
 * The draft legal document and its parts. Stored as plain JSON: timestamps are ISO-8601 strings
 * and dates `YYYY-MM-DD`.
 */

export const DRAFT_STATUSES = [
  'drafting',
  'consultation_scheduled',
  'in_consultation',
  'consultation_closed',
  'revised',
  'promulgated',
  'amended',
  'repealed',
] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export const TRANSLATION_STATUSES = ['missing', 'draft', 'approved'] as const;
export type TranslationStatus = (typeof TRANSLATION_STATUSES)[number];

/** Text per BCP 47 language tag; `vi` is always present where the text is required. */
export type Localized = Record<string, string>;

export interface Clause {
  /** Stable across versions, so comments and diffs can point at it. */
  id: string;
  /** As printed: `1`, `a`, `2.1`. */
  number: string;
  text: Localized;
}

export interface Article {
  id: string;
  number: string;
  title: Localized;
  clauses: Clause[];
}

export interface Chapter {
  id: string;
  number: string;
  title: Localized;
  articles: Article[];
}

export interface DraftContent {
  title: Localized;
  summary: Localized;
  chapters: Chapter[];
}

export interface Attachment {
  name: string;
  mediaType: string;
  sizeBytes: number;
  /** Hex SHA-256 of the file. */
  sha256: string;
  url: string;
}

export interface TargetAudience {
  unitIds: string[];
  ethnicGroups: string[];
  audienceGroups: string[];
}

export interface ConsultationExtension {
  previousClosesAt: string;
  closesAt: string;
  reason: string;
  by: string;
  at: string;
}

export interface Consultation {
  /** Round number: a revised draft may be consulted on again. */
  round: number;
  opensAt: string;
  closesAt: string;
  /** `vi` and every approved translation at the time it was opened. */
  languages: string[];
  openedAt: string | null;
  closedAt: string | null;
  closedBy: 'schedule' | 'agency' | null;
  closingSoonSentAt: string | null;
  extensions: ConsultationExtension[];
}

export interface Promulgation {
  documentNumber: string;
  signedOn: string;
  effectiveOn: string;
  promulgatedAt: string;
}

export interface Draft extends DocumentBase {
  id: string;
  /** The agency's reference, unique in the network, for example `QD-UBND-2026-014`. */
  code: string;
  documentType: string;
  /** The drafting agency (an organization id in the directory). */
  agencyId: string;
  status: DraftStatus;
  content: DraftContent;
  /** Per language; `vi` is the original and always `approved`. */
  translations: Record<string, TranslationStatus>;
  /** Number of the latest immutable content version. */
  contentVersion: number;
  policyAreas: string[];
  target: TargetAudience;
  spokespersonId: string | null;
  /** Law on Access to Information, Art. 17: whether the draft is publicly disclosed. */
  publicDisclosure: boolean;
  attachments: Attachment[];
  consultation: Consultation | null;
  /** Earlier consultation rounds, oldest first. */
  pastConsultations: Consultation[];
  promulgation: Promulgation | null;
  amendedByDraftId: string | null;
  repealedByDraftId: string | null;
  /** When the scheduler next has something to do for this draft; null when nothing is scheduled. */
  nextDueAt: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

/** An immutable snapshot of a draft's content. */
export interface DraftVersion extends DocumentBase {
  /** `<draftId>:<number>`. */
  id: string;
  draftId: string;
  number: number;
  content: DraftContent;
  translations: Record<string, TranslationStatus>;
  note: string;
  createdAt: string;
  createdBy: string;
}

/** Who did what to a draft, and when. */
export interface AuditEntry extends DocumentBase {
  id: string;
  draftId: string;
  at: string;
  actor: { kind: string; id: string };
  action: string;
  /** Dotted paths of the fields that changed. */
  changes: string[];
  fromVersion: number | null;
  toVersion: number;
}

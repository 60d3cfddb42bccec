import { catalogue } from '@pcn/events';
import type { DocumentBase } from '@pcn/storage';

/**
 * The feedback service's records. Stored as plain JSON: timestamps are ISO-8601 strings. The
 * closed sets its events carry are read from the event catalogue (one place for each fact); the
 * gRPC adapter maps each to its proto enum through one table.
 */

const received = catalogue['pcn.feedback.v1.FeedbackReceived'].shape;

/** A catalogue enum's values as a non-empty tuple, as zod's enum and the types want them. */
function closedSet<T extends string>(options: readonly T[]) {
  return options as readonly [T, ...T[]];
}

export const STANCES = closedSet(received.stance.options);
export type Stance = (typeof STANCES)[number];

export const CHANNELS = closedSet(received.channel.options);
export type Channel = (typeof CHANNELS)[number];

/** Channels whose comments carry the date they were received on paper or at a session. */
export const RECORDED_CHANNELS: readonly Channel[] = ['paper', 'village_session'];
/** Channels that arrive through the gateway's provider hooks (SMS, Zalo OA, inbound email). */
export const INBOUND_CHANNELS: readonly Channel[] = ['sms', 'zalo', 'email'];

export const SUBMITTER_KINDS = closedSet(received.submitterKind.options);
export type SubmitterKind = (typeof SUBMITTER_KINDS)[number];

/** How the service knows the submitter; derived from the caller, never taken from input. */
export type SubmitterVia = 'user' | 'partner' | 'officer' | 'anonymous';

export const CONTACT_CHANNELS = ['sms', 'zalo', 'email'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const CONSENT_METHODS = ['online', 'paper_form', 'verbal_recorded'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const GENDERS = ['female', 'male', 'other'] as const;
export type Gender = (typeof GENDERS)[number];

export const AGE_BANDS = ['under_18', '18_29', '30_44', '45_59', '60_plus'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export const FEEDBACK_STATES = ['pending', 'published', 'hidden'] as const;
export type FeedbackState = (typeof FEEDBACK_STATES)[number];

export const HIDE_REASONS = closedSet(
  catalogue['pcn.feedback.v1.FeedbackModerated'].shape.reason.unwrap().options,
);
export type HideReason = (typeof HIDE_REASONS)[number];

export const OUTCOMES = closedSet(
  catalogue['pcn.feedback.v1.FeedbackAnswered'].shape.outcome.options,
);
export type Outcome = (typeof OUTCOMES)[number];

export interface Contact {
  channel: ContactChannel;
  /** Normalised: E.164 for SMS, lower-case email, the Zalo user id. */
  address: string;
}

export interface Consent {
  method: ConsentMethod;
  textVersion: string | null;
  givenAt: string;
}

export interface Submitter {
  kind: SubmitterKind;
  via: SubmitterVia;
  /** The signed-in user, or the officer who recorded the comment. */
  userId: string | null;
  /** The partner system (API client) and its reference for its user. */
  clientId: string | null;
  externalRef: string | null;
  name: string | null;
  organizationName: string | null;
  contact: Contact | null;
  /** An officer recording on behalf of someone: the consent that person gave. */
  onBehalfConsent: Consent | null;
}

/** Sensitive data (Law 91/2025): kept only with consent for this purpose. */
export interface Demographics {
  ethnicGroup: string | null;
  gender: Gender | null;
  ageBand: AgeBand | null;
  consent: Consent;
}

/** Where the receipt and the answer go (see the catalogue's `replyTo`). Personal data. */
export type ReplyTo =
  | { channel: 'sms'; phone: string }
  | { channel: 'zalo'; zaloUserId: string }
  | { channel: 'email'; email: string }
  | { channel: 'in_app'; userId: string }
  | { channel: 'partner'; clientId: string; externalRef: string };

export interface Moderation {
  decision: 'published' | 'hidden';
  reason: HideReason | null;
  by: string;
  at: string;
}

/** Filled by the grouping step that runs just after intake (near-duplicate grouping). */
export interface FeedbackGroup {
  id: string;
  exactKey: string;
  representativeId: string;
}

export interface Answer {
  outcome: Outcome;
  reason: string;
  changedArticleIds: string[];
  answeredAt: string;
  answeredBy: string;
  /** Null until published: citizens see an answer only then. */
  publishedAt: string | null;
  /** The group the answer was given to at once, if any. */
  groupId: string | null;
}

export interface FeedbackRecord extends DocumentBase {
  /** UUIDv7: ids sort in intake order. */
  id: string;
  draftId: string;
  /** The draft's content version in consultation when the comment was made. */
  version: number;
  articleId: string | null;
  clauseId: string | null;
  stance: Stance;
  /** NFC. */
  text: string;
  language: string;
  channel: Channel;
  submitter: Submitter;
  verified: boolean;
  unitId: string | null;
  demographics: Demographics | null;
  /** When it was received (paper and village sessions: the date on the form). */
  receivedAt: string;
  /** When the service took it in. */
  submittedAt: string;
  receiptCode: string;
  /** `<draftId>:<receiptCode>`, unique: codes are unique per draft. */
  receiptKey: string;
  /** Scoped to the submitter's source (see `scopedIdempotencyKey`); unique when set. */
  idempotencyKey: string | null;
  replyTo: ReplyTo | null;
  state: FeedbackState;
  moderation: Moderation | null;
  flagCount: number;
  group: FeedbackGroup | null;
  /** The draft id while `group` is null, else null: the grouping runner's queue, by index. */
  ungroupedDraftId: string | null;
  /**
   * The comment's id (UUIDv7, so intake order) while `group` is null, else null: the grouping
   * worker's queue across drafts is exactly this index's range.
   */
  ungroupedSeq: string | null;
  answer: Answer | null;
  /** The draft id while the answer waits to be published, else null: PublishAnswers' queue. */
  answerPendingDraftId: string | null;
  /**
   * Whose comment it is, for "my comments": `user:<id>` when a signed-in user sent it,
   * `partner:<clientId>:<externalRef>` when a partner system did for its user; null otherwise
   * (and on comments stored before it was kept).
   */
  ownerKey?: string | null;
  /** When the submitter's personal data was erased (Law 91/2025); absent or null otherwise. */
  erasedAt?: string | null;
}

export interface DraftArticle {
  id: string;
  number: string;
  heading: Record<string, string>;
  clauseIds: string[];
}

/**
 * The articles of one version of a draft as its event carried them, with their Vietnamese texts
 * where the event's budget held them (id `<draftId>:<version>`): the synthesis report shows each
 * article's change between the consulted and the revised version. Kept apart from DraftInfo,
 * which every comment reads, so texts never slow intake down.
 */
export interface DraftVersionRecord extends DocumentBase {
  id: string;
  draftId: string;
  /** The draft's content version (`version` is the store's own, for optimistic concurrency). */
  contentVersion: number;
  /** `consulted`: put to consultation (ConsultationOpened); `revised`: after it (DraftRevised). */
  kind: 'consulted' | 'revised';
  articles: (DraftArticle & { text?: string })[];
  /** For a revision: the articles it changed, added or removed (from the draft service's diff). */
  changedArticleIds: string[];
}

/**
 * What the feedback service knows of a draft, learnt from the draft events only (never a call
 * back). Each part remembers the time of the event that set it, so events handled out of order
 * (consumers run concurrently, redeliveries come late) never undo a newer one.
 */
export interface DraftInfo extends DocumentBase {
  id: string;
  code: string;
  /** The code as people type it matches this (see `draftCodeKey`). */
  codeKey: string;
  agencyId: string;
  publicDisclosure: boolean;
  targetUnitIds: string[];
  metaAt: string;
  /** `known`: never opened for consultation (as far as the events said). */
  status: 'known' | 'open' | 'closed';
  statusAt: string;
  window: { opensAt: string; closesAt: string } | null;
  windowAt: string;
  /** When the consultation was closed (by the agency before time, or by the schedule). */
  closedAt: string | null;
  /** The consulted version and its articles. */
  consultedVersion: number | null;
  articles: DraftArticle[];
  articlesAt: string;
  /** Every article id any version had: answers may name articles added by a revision. */
  knownArticleIds: string[];
  /**
   * When the synthesis report was published (absent on records from before it was kept here):
   * late paper comments are refused from then on, since the published report cannot hold them.
   */
  synthesisPublishedAt?: string | null;
  /** The latest version revised after a consultation (DraftRevised); absent before any. */
  revisedVersion?: number | null;
}

export interface UnitRecord extends DocumentBase {
  id: string;
  /** From the root to the unit. */
  path: string[];
  /** As the directory names it ("Xã Y Tý"); absent on records from before names were kept. */
  name?: string;
}

/** One signed-in user's flag on a comment: id `<feedbackId>:<userId>`, so once per user. */
export interface FlagRecord extends DocumentBase {
  id: string;
  feedbackId: string;
  userId: string;
  reason: HideReason | null;
  at: string;
}

/** A group of comments, kept with its members' `group` by the grouping worker. */
export interface GroupRecord extends DocumentBase {
  /** The group id (`grp-<representative id>`). */
  id: string;
  draftId: string;
  representativeId: string;
  /** Its comments, hidden ones included: every copy is counted. */
  size: number;
  /** The draft id once the group has more than one comment, else null (see the index). */
  sharedDraftId: string | null;
}

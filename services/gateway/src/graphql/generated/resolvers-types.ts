import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { ApiClientView as ApiClientViewModel, Organization as OrganizationModel, Spokesperson as SpokespersonModel, Unit as UnitModel } from '../../identity/identity.contract.js';
import type { draft } from '@pcn/contracts';
import type { DraftView as DraftViewModel } from '../draft-view.js';
import type { MeView as MeViewModel } from '../directory.resolvers.js';
import type { GatewayContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  DateTime: { input: Date; output: Date | string; }
};

export type AgeBand =
  | 'FROM_18_TO_29'
  | 'FROM_30_TO_44'
  | 'FROM_45_TO_59'
  | 'FROM_60'
  | 'UNDER_18';

/** One comment (feedbackId) or every comment of a group (groupId) of the draft. */
export type AnswerFeedbackInput = {
  /** Articles of the draft changed because of the comment. */
  changedArticleIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  draftId: Scalars['ID']['input'];
  feedbackId?: InputMaybe<Scalars['ID']['input']>;
  groupId?: InputMaybe<Scalars['ID']['input']>;
  outcome: AnswerOutcome;
  /** The explanation the law asks for, 1 to 5,000 characters. */
  reason: Scalars['String']['input'];
};

export type AnswerFeedbackPayload = {
  __typename?: 'AnswerFeedbackPayload';
  feedbackIds: Array<Scalars['ID']['output']>;
};

export type AnswerOutcome =
  | 'ACCEPTED'
  /** For questions: answered, nothing to accept. */
  | 'NOTED'
  | 'NOT_ACCEPTED'
  | 'PARTLY_ACCEPTED';

export type ApiClient = {
  __typename?: 'ApiClient';
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  organization?: Maybe<Organization>;
  revoked: Scalars['Boolean']['output'];
  roles: Array<Role>;
};

export type ApiKeyPayload = {
  __typename?: 'ApiKeyPayload';
  client: ApiClient;
  /** Send as X-Api-Key. Shown only now: only a hash is kept. */
  key: Scalars['String']['output'];
};

export type Article = {
  __typename?: 'Article';
  clauses: Array<Clause>;
  id: Scalars['ID']['output'];
  number: Scalars['String']['output'];
  title: Scalars['String']['output'];
};

export type ArticleChange = {
  __typename?: 'ArticleChange';
  articleId: Scalars['ID']['output'];
  /** ADDED, REMOVED or CHANGED */
  change: Scalars['String']['output'];
  chapterId: Scalars['ID']['output'];
  /** True when the article was too long for a word diff: textDiff replaces the whole text. */
  coarse: Scalars['Boolean']['output'];
  /** The language of textDiff: the first asked for that is published in both versions, else vi. */
  language: Scalars['String']['output'];
  number: Scalars['String']['output'];
  textDiff: Array<TextDiffPart>;
};

export type ArticleChangeKind =
  | 'ADDED'
  | 'CHANGED'
  | 'NOT_REVISED'
  | 'REMOVED'
  | 'UNCHANGED';

export type ArticleInput = {
  clauses?: InputMaybe<Array<ClauseInput>>;
  id: Scalars['ID']['input'];
  number: Scalars['String']['input'];
  title: Array<LocalizedTextInput>;
};

export type Attachment = {
  __typename?: 'Attachment';
  mediaType: Scalars['String']['output'];
  name: Scalars['String']['output'];
  sha256: Scalars['String']['output'];
  sizeBytes: Scalars['Float']['output'];
  url: Scalars['String']['output'];
};

export type AttachmentInput = {
  mediaType: Scalars['String']['input'];
  name: Scalars['String']['input'];
  sha256: Scalars['String']['input'];
  sizeBytes: Scalars['Float']['input'];
  url: Scalars['String']['input'];
};

export type AuditConnection = {
  __typename?: 'AuditConnection';
  entries: Array<AuditEntry>;
  pageInfo: PageInfo;
};

export type AuditEntry = {
  __typename?: 'AuditEntry';
  action: Scalars['String']['output'];
  actorId: Scalars['String']['output'];
  actorKind: Scalars['String']['output'];
  at: Scalars['DateTime']['output'];
  changes: Array<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  toVersion: Scalars['Int']['output'];
};

export type Chapter = {
  __typename?: 'Chapter';
  articles: Array<Article>;
  id: Scalars['ID']['output'];
  number: Scalars['String']['output'];
  title: Scalars['String']['output'];
};

export type ChapterInput = {
  articles?: InputMaybe<Array<ArticleInput>>;
  id: Scalars['ID']['input'];
  number: Scalars['String']['input'];
  title: Array<LocalizedTextInput>;
};

export type Clause = {
  __typename?: 'Clause';
  id: Scalars['ID']['output'];
  number: Scalars['String']['output'];
  text: Scalars['String']['output'];
};

export type ClauseInput = {
  id: Scalars['ID']['input'];
  number: Scalars['String']['input'];
  text: Array<LocalizedTextInput>;
};

/** Either subscriberId, channel and code, or the token of a verification link. */
export type ConfirmSubscriptionInput = {
  channel?: InputMaybe<NotificationChannel>;
  code?: InputMaybe<Scalars['String']['input']>;
  subscriberId?: InputMaybe<Scalars['ID']['input']>;
  token?: InputMaybe<Scalars['String']['input']>;
};

export type ConfirmSubscriptionPayload = {
  __typename?: 'ConfirmSubscriptionPayload';
  channel: NotificationChannel;
  status: SubscriberStatus;
  subscriberId: Scalars['ID']['output'];
};

export type ConsentInput = {
  /** Must be true: consent is explicit, never implied. */
  given: Scalars['Boolean']['input'];
  /** How it was given: web_form (default for people) or api (default for API clients). */
  method?: InputMaybe<Scalars['String']['input']>;
  /** The version of the consent text shown to the person. */
  textVersion: Scalars['String']['input'];
};

export type ConsentRecord = {
  __typename?: 'ConsentRecord';
  channel: NotificationChannel;
  givenAt?: Maybe<Scalars['DateTime']['output']>;
  method: Scalars['String']['output'];
  purpose: Scalars['String']['output'];
  textVersion: Scalars['String']['output'];
  verifiedAt?: Maybe<Scalars['DateTime']['output']>;
  withdrawnAt?: Maybe<Scalars['DateTime']['output']>;
};

export type Consultation = {
  __typename?: 'Consultation';
  closedAt?: Maybe<Scalars['DateTime']['output']>;
  /** schedule or agency */
  closedBy?: Maybe<Scalars['String']['output']>;
  closesAt: Scalars['DateTime']['output'];
  extensions: Array<ConsultationExtension>;
  languages: Array<Scalars['String']['output']>;
  openedAt?: Maybe<Scalars['DateTime']['output']>;
  opensAt: Scalars['DateTime']['output'];
  round: Scalars['Int']['output'];
};

export type ConsultationExtension = {
  __typename?: 'ConsultationExtension';
  at: Scalars['DateTime']['output'];
  closesAt: Scalars['DateTime']['output'];
  previousClosesAt: Scalars['DateTime']['output'];
  reason: Scalars['String']['output'];
};

export type ContactPoint = {
  __typename?: 'ContactPoint';
  address: Scalars['String']['output'];
  channel: NotificationChannel;
  /** Webhooks: disabled after repeated failures. */
  disabledAt?: Maybe<Scalars['DateTime']['output']>;
  optedOutAt?: Maybe<Scalars['DateTime']['output']>;
  verified: Scalars['Boolean']['output'];
  verifiedAt?: Maybe<Scalars['DateTime']['output']>;
};

export type ContactPointInput = {
  /** An email address, a Vietnamese phone number, a Zalo user id or an https:// URL. */
  address: Scalars['String']['input'];
  /** Any channel but IN_APP, which comes from signing in. */
  channel: NotificationChannel;
  /** Webhooks only: the secret deliveries are signed with (32-256 characters). */
  secret?: InputMaybe<Scalars['String']['input']>;
};

export type CreateDraftInput = {
  agencyId: Scalars['ID']['input'];
  attachments?: InputMaybe<Array<AttachmentInput>>;
  code: Scalars['String']['input'];
  content: DraftContentInput;
  documentType: DocumentType;
  policyAreas?: InputMaybe<Array<Scalars['String']['input']>>;
  publicDisclosure?: InputMaybe<Scalars['Boolean']['input']>;
  spokespersonId?: InputMaybe<Scalars['ID']['input']>;
  target?: InputMaybe<TargetInput>;
};

export type Delivery = {
  __typename?: 'Delivery';
  attempts: Scalars['Int']['output'];
  channel: NotificationChannel;
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  eventType: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  kind: DeliveryKind;
  language?: Maybe<Scalars['String']['output']>;
  /** When a deferred or retrying delivery is queued again. */
  notBefore?: Maybe<Scalars['DateTime']['output']>;
  providerMessageId?: Maybe<Scalars['String']['output']>;
  reason?: Maybe<Scalars['String']['output']>;
  sourceEventId: Scalars['ID']['output'];
  state: DeliveryState;
  subscriberId: Scalars['ID']['output'];
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
};

export type DeliveryConnection = {
  __typename?: 'DeliveryConnection';
  /** Deliveries per state for the same filter, without its state. */
  counts: Array<DeliveryStateCount>;
  items: Array<Delivery>;
  pageInfo: PageInfo;
};

export type DeliveryFilter = {
  channel?: InputMaybe<NotificationChannel>;
  sourceEventId?: InputMaybe<Scalars['ID']['input']>;
  state?: InputMaybe<DeliveryState>;
  subscriberId?: InputMaybe<Scalars['ID']['input']>;
};

export type DeliveryKind =
  | 'DIGEST'
  | 'EVENT'
  | 'VERIFICATION';

export type DeliveryState =
  | 'DEFERRED'
  | 'DELIVERED'
  | 'FAILED'
  | 'QUEUED'
  | 'SENT'
  | 'SUPPRESSED';

export type DeliveryStateCount = {
  __typename?: 'DeliveryStateCount';
  count: Scalars['Int']['output'];
  state: DeliveryState;
};

export type DigestMode =
  | 'DAILY'
  | 'IMMEDIATE';

/**
 * The kind of legal document a draft is, which sets its minimum consultation length on the draft
 * service: DOCUMENT_TYPES lists them all, CONSULTATION_MINIMUMS changes one (for example
 * provincial_decision=3m for a short demo). Defaults in brackets. The values are spelled as the
 * draft service spells them, so "provincial_decision" in variables is still accepted.
 */
export type DocumentType =
  /** Thông tư: a circular of a ministry [20 days]. */
  | 'circular'
  /** Quyết định của UBND xã: a commune People's Committee decision [20 days]. */
  | 'commune_decision'
  /** Nghị quyết của HĐND xã: a commune People's Council resolution [20 days]. */
  | 'commune_resolution'
  /** Quyết định: a decision of the Prime Minister [20 days]. */
  | 'decision'
  /** Nghị định: a decree of the Government [30 days]. */
  | 'decree'
  /** Luật: a law of the National Assembly [30 days]. */
  | 'law'
  /** Pháp lệnh: an ordinance of the Standing Committee [30 days]. */
  | 'ordinance'
  /** Quyết định của UBND tỉnh: a provincial People's Committee decision [20 days]. */
  | 'provincial_decision'
  /** Nghị quyết của HĐND tỉnh: a provincial People's Council resolution [20 days]. */
  | 'provincial_resolution'
  /** Nghị quyết: a resolution of the National Assembly or its Standing Committee [30 days]. */
  | 'resolution';

export type Draft = {
  __typename?: 'Draft';
  agency?: Maybe<Organization>;
  agencyId: Scalars['ID']['output'];
  amendedBy?: Maybe<Draft>;
  attachments: Array<Attachment>;
  audienceGroups: Array<Scalars['String']['output']>;
  chapters: Array<Chapter>;
  code: Scalars['String']['output'];
  consultation?: Maybe<Consultation>;
  contentVersion: Scalars['Int']['output'];
  createdAt: Scalars['DateTime']['output'];
  documentType: DocumentType;
  ethnicGroups: Array<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** The language the texts below were served in. */
  language: Scalars['String']['output'];
  pastConsultations: Array<Consultation>;
  policyAreas: Array<Scalars['String']['output']>;
  promulgation?: Maybe<Promulgation>;
  publicDisclosure: Scalars['Boolean']['output'];
  repealedBy?: Maybe<Draft>;
  spokesperson?: Maybe<Spokesperson>;
  status: DraftStatus;
  summary?: Maybe<Scalars['String']['output']>;
  targetUnits: Array<Unit>;
  title: Scalars['String']['output'];
  /** The title in every language it has. */
  titles: Array<LocalizedText>;
  translations: Array<Translation>;
  updatedAt: Scalars['DateTime']['output'];
  /** Send it back as expectedVersion with the next change. */
  version: Scalars['Int']['output'];
};

export type DraftConnection = {
  __typename?: 'DraftConnection';
  edges: Array<DraftEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type DraftContentInput = {
  chapters?: InputMaybe<Array<ChapterInput>>;
  summary?: InputMaybe<Array<LocalizedTextInput>>;
  title: Array<LocalizedTextInput>;
};

export type DraftEdge = {
  __typename?: 'DraftEdge';
  cursor: Scalars['String']['output'];
  node: Draft;
};

export type DraftEvent = {
  __typename?: 'DraftEvent';
  agencyId: Scalars['ID']['output'];
  closesAt?: Maybe<Scalars['DateTime']['output']>;
  code: Scalars['String']['output'];
  correlationId: Scalars['String']['output'];
  draftId: Scalars['ID']['output'];
  /** UUIDv7, also the event's id on the bus. */
  id: Scalars['ID']['output'];
  languages: Array<Scalars['String']['output']>;
  opensAt?: Maybe<Scalars['DateTime']['output']>;
  targetUnitIds: Array<Scalars['ID']['output']>;
  time: Scalars['DateTime']['output'];
  title: Scalars['String']['output'];
  /** For example ConsultationOpened. */
  type: Scalars['String']['output'];
};

export type DraftEventFilter = {
  agencyId?: InputMaybe<Scalars['ID']['input']>;
  draftId?: InputMaybe<Scalars['ID']['input']>;
  /** Event names, for example ConsultationOpened. */
  types?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Events of drafts targeting this unit or any unit below it. */
  unitId?: InputMaybe<Scalars['ID']['input']>;
};

export type DraftFilter = {
  agencyId?: InputMaybe<Scalars['ID']['input']>;
  documentType?: InputMaybe<DocumentType>;
  /** Drafts readable in this language (vi or an approved translation). */
  language?: InputMaybe<Scalars['String']['input']>;
  statuses?: InputMaybe<Array<DraftStatus>>;
  /** Words of the title; diacritics optional (gia nuoc finds giá nước). 1-4 words of at most 40 characters. */
  titleQuery?: InputMaybe<Scalars['String']['input']>;
  /** Drafts targeting this unit or any unit below it. */
  unitId?: InputMaybe<Scalars['ID']['input']>;
};

export type DraftSort =
  | 'CLOSES_AT'
  | 'CODE'
  | 'CREATED_AT'
  | 'UPDATED_AT';

export type DraftStatus =
  | 'AMENDED'
  | 'CONSULTATION_CLOSED'
  | 'CONSULTATION_SCHEDULED'
  | 'DRAFTING'
  | 'IN_CONSULTATION'
  | 'PROMULGATED'
  | 'REPEALED'
  | 'REVISED';

export type DraftVersion = {
  __typename?: 'DraftVersion';
  chapters: Array<Chapter>;
  createdAt: Scalars['DateTime']['output'];
  draftId: Scalars['ID']['output'];
  language: Scalars['String']['output'];
  note: Scalars['String']['output'];
  number: Scalars['Int']['output'];
  title: Scalars['String']['output'];
};

export type ExtendConsultationInput = {
  closesAt: Scalars['DateTime']['input'];
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};

/** A comment as the drafting agency and network admins see it. */
export type Feedback = {
  __typename?: 'Feedback';
  answer?: Maybe<FeedbackAnswer>;
  articleId?: Maybe<Scalars['ID']['output']>;
  channel: FeedbackChannel;
  clauseId?: Maybe<Scalars['ID']['output']>;
  /** Network admins only. */
  contact?: Maybe<FeedbackContact>;
  /** Network admins only. */
  demographics?: Maybe<FeedbackDemographics>;
  draftId: Scalars['ID']['output'];
  flagCount: Scalars['Int']['output'];
  group?: Maybe<FeedbackGroup>;
  id: Scalars['ID']['output'];
  language: Scalars['String']['output'];
  moderation?: Maybe<FeedbackModeration>;
  organizationName?: Maybe<Scalars['String']['output']>;
  receiptCode: Scalars['String']['output'];
  receivedAt?: Maybe<Scalars['DateTime']['output']>;
  stance: FeedbackStance;
  state: FeedbackState;
  submittedAt?: Maybe<Scalars['DateTime']['output']>;
  submitterKind: FeedbackSubmitterKind;
  submitterName?: Maybe<Scalars['String']['output']>;
  submitterVia: FeedbackSubmitterVia;
  text: Scalars['String']['output'];
  unitId?: Maybe<Scalars['ID']['output']>;
  /** A signed-in user or a partner's user; anonymous comments are unverified. */
  verified: Scalars['Boolean']['output'];
  /** The draft's version the comment was made on. */
  version: Scalars['Int']['output'];
};

export type FeedbackAnswer = {
  __typename?: 'FeedbackAnswer';
  answeredAt?: Maybe<Scalars['DateTime']['output']>;
  changedArticleIds: Array<Scalars['ID']['output']>;
  outcome: AnswerOutcome;
  /** Null until published. */
  publishedAt?: Maybe<Scalars['DateTime']['output']>;
  reason: Scalars['String']['output'];
};

export type FeedbackChannel =
  | 'EMAIL'
  | 'PAPER'
  | 'PARTNER'
  | 'SMS'
  | 'VILLAGE_SESSION'
  | 'WEB'
  | 'ZALO';

export type FeedbackConnection = {
  __typename?: 'FeedbackConnection';
  items: Array<Feedback>;
  pageInfo: PageInfo;
};

export type FeedbackConsentInput = {
  given: Scalars['Boolean']['input'];
  givenAt?: InputMaybe<Scalars['DateTime']['input']>;
  method: FeedbackConsentMethod;
  /** The version of the consent text the person agreed to. */
  textVersion: Scalars['String']['input'];
};

export type FeedbackConsentMethod =
  /** Given by the person online (a checkbox with its text version). */
  | 'ONLINE'
  /** A signed paper form. */
  | 'PAPER_FORM'
  /** Said aloud and written in a session's minutes. */
  | 'VERBAL_RECORDED';

export type FeedbackContact = {
  __typename?: 'FeedbackContact';
  address: Scalars['String']['output'];
  channel: FeedbackContactChannel;
};

export type FeedbackContactChannel =
  | 'EMAIL'
  | 'SMS'
  | 'ZALO';

export type FeedbackContactInput = {
  /** A Vietnamese phone number (any usual form), a Zalo user id, or an email address. */
  address: Scalars['String']['input'];
  channel: FeedbackContactChannel;
};

export type FeedbackDemographics = {
  __typename?: 'FeedbackDemographics';
  ageBand?: Maybe<AgeBand>;
  ethnicGroup?: Maybe<Scalars['String']['output']>;
  gender?: Maybe<Gender>;
};

/** Only with consent for this purpose; ethnicity is never shown per person except to network admins. */
export type FeedbackDemographicsInput = {
  ageBand?: InputMaybe<AgeBand>;
  consent: FeedbackConsentInput;
  ethnicGroup?: InputMaybe<Scalars['String']['input']>;
  gender?: InputMaybe<Gender>;
};

export type FeedbackEvent = {
  __typename?: 'FeedbackEvent';
  articleId?: Maybe<Scalars['ID']['output']>;
  channel?: Maybe<FeedbackChannel>;
  decision?: Maybe<ModerationDecision>;
  draftId: Scalars['ID']['output'];
  feedbackId?: Maybe<Scalars['ID']['output']>;
  /** The event's id: the same event delivered twice has the same id. */
  id: Scalars['ID']['output'];
  occurredAt: Scalars['DateTime']['output'];
  outcome?: Maybe<AnswerOutcome>;
  stance?: Maybe<FeedbackStance>;
  type: FeedbackEventType;
};

export type FeedbackEventType =
  | 'FEEDBACK_ANSWERED'
  | 'FEEDBACK_MODERATED'
  | 'FEEDBACK_RECEIVED'
  | 'SYNTHESIS_PUBLISHED';

export type FeedbackFieldViolation = {
  __typename?: 'FeedbackFieldViolation';
  message: Scalars['String']['output'];
  path: Scalars['String']['output'];
};

export type FeedbackFilter = {
  articleId?: InputMaybe<Scalars['ID']['input']>;
  /** Only comments in a campaign's group. */
  campaign?: InputMaybe<Scalars['Boolean']['input']>;
  channel?: InputMaybe<FeedbackChannel>;
  /** Newest first. */
  descending?: InputMaybe<Scalars['Boolean']['input']>;
  draftId: Scalars['ID']['input'];
  groupId?: InputMaybe<Scalars['ID']['input']>;
  stance?: InputMaybe<FeedbackStance>;
  states?: InputMaybe<Array<FeedbackState>>;
  unitId?: InputMaybe<Scalars['ID']['input']>;
};

export type FeedbackGroup = {
  __typename?: 'FeedbackGroup';
  /** A group of FEEDBACK_CAMPAIGN_MIN_SIZE comments or more: a mass campaign. */
  campaign: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  /** The comment the group's copies are counted against. */
  representativeId: Scalars['ID']['output'];
  /** How many comments the group holds. */
  size: Scalars['Int']['output'];
};

export type FeedbackHideReason =
  | 'OFFENSIVE'
  | 'OFF_TOPIC'
  | 'PERSONAL_DATA'
  | 'SPAM';

export type FeedbackItemInput = {
  articleId?: InputMaybe<Scalars['ID']['input']>;
  /** How the comment came in: PAPER and VILLAGE_SESSION keep their receivedAt. */
  channel: FeedbackChannel;
  clauseId?: InputMaybe<Scalars['ID']['input']>;
  demographics?: InputMaybe<FeedbackDemographicsInput>;
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  language: Scalars['String']['input'];
  /** Paper forms and village sessions: when the comment was received. */
  receivedAt?: InputMaybe<Scalars['DateTime']['input']>;
  stance: FeedbackStance;
  submitter?: InputMaybe<FeedbackSubmitterInput>;
  text: Scalars['String']['input'];
  unitId?: InputMaybe<Scalars['ID']['input']>;
};

export type FeedbackModeration = {
  __typename?: 'FeedbackModeration';
  at?: Maybe<Scalars['DateTime']['output']>;
  by?: Maybe<Scalars['String']['output']>;
  decision: ModerationDecision;
  reason?: Maybe<FeedbackHideReason>;
};

export type FeedbackStance =
  | 'OPPOSE'
  | 'QUESTION'
  | 'SUGGEST_CHANGE'
  | 'SUPPORT';

export type FeedbackState =
  | 'HIDDEN'
  /** Received, waiting for moderation. */
  | 'PENDING'
  | 'PUBLISHED';

export type FeedbackSubmitterInput = {
  /** Anonymous people and people an officer records: where to send the receipt and the answer. */
  contact?: InputMaybe<FeedbackContactInput>;
  /** Partner systems: their own reference for their user (required for them). */
  externalRef?: InputMaybe<Scalars['String']['input']>;
  kind?: InputMaybe<FeedbackSubmitterKind>;
  /** Anonymous people and people an officer records: a name. */
  name?: InputMaybe<Scalars['String']['input']>;
  /** An officer recording on behalf of someone: the consent that person gave. */
  onBehalfConsent?: InputMaybe<FeedbackConsentInput>;
  /** The organization's name, for kinds other than CITIZEN. */
  organizationName?: InputMaybe<Scalars['String']['input']>;
};

export type FeedbackSubmitterKind =
  | 'AGENCY'
  | 'CITIZEN'
  | 'ORGANIZATION'
  | 'PRESS';

/** How the service knows who submitted: from the caller and the input. */
export type FeedbackSubmitterVia =
  | 'ANONYMOUS'
  | 'OFFICER'
  | 'PARTNER'
  | 'USER';

export type FlagFeedbackInput = {
  feedbackId: Scalars['ID']['input'];
  reason: FeedbackHideReason;
};

export type FlagFeedbackPayload = {
  __typename?: 'FlagFeedbackPayload';
  /** This user had flagged it before: nothing changed. */
  alreadyFlagged: Scalars['Boolean']['output'];
  flagCount: Scalars['Int']['output'];
};

export type GatewayStatus = {
  __typename?: 'GatewayStatus';
  status: ServingStatus;
  version: Scalars['String']['output'];
};

export type Gender =
  | 'FEMALE'
  | 'MALE'
  | 'OTHER';

export type HiddenFeedbackCount = {
  __typename?: 'HiddenFeedbackCount';
  count: Scalars['Int']['output'];
  reason: FeedbackHideReason;
};

export type ImportFeedbackInput = {
  draftId: Scalars['ID']['input'];
  /** Check every item and report, write nothing. */
  dryRun?: InputMaybe<Scalars['Boolean']['input']>;
  /** At most 1,000. */
  items: Array<FeedbackItemInput>;
};

export type ImportFeedbackPayload = {
  __typename?: 'ImportFeedbackPayload';
  accepted: Scalars['Int']['output'];
  alreadyKnown: Scalars['Int']['output'];
  dryRun: Scalars['Boolean']['output'];
  rejected: Scalars['Int']['output'];
  results: Array<ImportItemResult>;
};

export type ImportItemResult = {
  __typename?: 'ImportItemResult';
  feedbackId?: Maybe<Scalars['ID']['output']>;
  /** Rejected items: the fields, as items[<index>].<field>. */
  fields: Array<FeedbackFieldViolation>;
  index: Scalars['Int']['output'];
  outcome: ImportOutcome;
  receiptCode?: Maybe<Scalars['String']['output']>;
  /** Rejected by a rule rather than a field, for example CONSULTATION_CLOSED. */
  rule?: Maybe<Scalars['String']['output']>;
};

export type ImportOutcome =
  | 'ACCEPTED'
  /** The same idempotency key was seen before: the earlier comment's id. */
  | 'ALREADY_KNOWN'
  | 'REJECTED';

export type InboxItem = {
  __typename?: 'InboxItem';
  body: Scalars['String']['output'];
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  draftId?: Maybe<Scalars['ID']['output']>;
  /** The full event type, for example pcn.draft.v1.ConsultationOpened. */
  eventType: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  read: Scalars['Boolean']['output'];
  readAt?: Maybe<Scalars['DateTime']['output']>;
  title: Scalars['String']['output'];
  /** For example ConsultationOpened. */
  type: Scalars['String']['output'];
};

export type LocalizedText = {
  __typename?: 'LocalizedText';
  lang: Scalars['String']['output'];
  text: Scalars['String']['output'];
};

export type LocalizedTextInput = {
  lang: Scalars['String']['input'];
  text: Scalars['String']['input'];
};

export type MarkNotificationsReadPayload = {
  __typename?: 'MarkNotificationsReadPayload';
  marked: Scalars['Int']['output'];
};

export type Me = {
  __typename?: 'Me';
  displayName?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  kind: Scalars['String']['output'];
  organization?: Maybe<Organization>;
  roles: Array<Role>;
  units: Array<Unit>;
};

export type MissingTranslation = {
  __typename?: 'MissingTranslation';
  channel: NotificationChannel;
  eventType: Scalars['String']['output'];
  /** What its readers get meanwhile; null when nothing. */
  fallbackLanguage?: Maybe<Scalars['String']['output']>;
  language: Scalars['String']['output'];
};

export type ModerateFeedbackInput = {
  decision: ModerationDecision;
  feedbackId: Scalars['ID']['input'];
  /** Required to hide. */
  reason?: InputMaybe<FeedbackHideReason>;
};

export type ModerationDecision =
  | 'HIDE'
  | 'PUBLISH';

export type Mutation = {
  __typename?: 'Mutation';
  amendDraft?: Maybe<Draft>;
  /**
   * The draft's agency editors and network admins: answers one comment or a whole group of
   * duplicates. Citizens see it only once published (publishFeedbackAnswers).
   */
  answerFeedback?: Maybe<AnswerFeedbackPayload>;
  closeConsultation?: Maybe<Draft>;
  /** Public: confirms one contact point with its code, or with the token of a verification link. */
  confirmSubscription?: Maybe<ConfirmSubscriptionPayload>;
  /** Network admins: an API client for a partner system. The key is shown once. */
  createApiClient?: Maybe<ApiKeyPayload>;
  createDraft?: Maybe<Draft>;
  /** Network admins: removes a translation (the vi template, every language's fallback, stays). */
  deleteNotificationTemplate?: Maybe<Scalars['Boolean']['output']>;
  /** The subscriber itself or a network admin: erases its personal data (the log keeps only ids). */
  eraseSubscriber?: Maybe<Scalars['Boolean']['output']>;
  extendConsultation?: Maybe<Draft>;
  /** Signed in: flags a comment for moderation, once per comment. */
  flagFeedback?: Maybe<FlagFeedbackPayload>;
  /**
   * Unit officers (their units' people), the draft's agency editors and network admins: up to 1,000
   * comments of one draft, each with its own outcome; the accepted ones are written together, and
   * dryRun writes nothing. More than 1,000 items are refused whole.
   */
  importFeedback?: Maybe<ImportFeedbackPayload>;
  /** Signed in: marks these notifications, or all unread ones, as read. */
  markNotificationsRead?: Maybe<MarkNotificationsReadPayload>;
  /** The draft's agency editors and network admins: publish a comment, or hide it with a reason. */
  moderateFeedback?: Maybe<Feedback>;
  /** Opens now, or schedules for later when opensAt is in the future. */
  openConsultation?: Maybe<Draft>;
  promulgateDraft?: Maybe<Draft>;
  /**
   * The draft's agency editors and network admins: publishes the answers given and not yet
   * published (all of the draft's, or the comments named); each submitter is told on the channel
   * they came from.
   */
  publishFeedbackAnswers?: Maybe<PublishFeedbackAnswersPayload>;
  /**
   * The draft's agency editors and network admins, after the consultation closed: freezes the
   * final report, makes it public and announces it (SynthesisPublished). Once only:
   * FAILED_PRECONDITION (rule SYNTHESIS_ALREADY_PUBLISHED) the second time, and
   * CONSULTATION_NOT_CLOSED before the close.
   */
  publishSynthesis?: Maybe<PublishSynthesisPayload>;
  repealDraft?: Maybe<Draft>;
  /**
   * Public: sends a new code to one contact point of a subscriber; the earlier code stops working.
   * Codes are capped per contact, per destination and per client address each hour (RATE_LIMITED,
   * with extensions.retryAfterSeconds). A contact already confirmed gets nothing, with the same answer.
   */
  resendVerificationCode?: Maybe<ResendVerificationCodePayload>;
  reviseDraft?: Maybe<Draft>;
  revokeApiClient?: Maybe<ApiClient>;
  rotateApiKey?: Maybe<ApiKeyPayload>;
  /** Network admins: adds or replaces a template; unknown variables are refused. */
  saveNotificationTemplate?: Maybe<NotificationTemplate>;
  /** Adds or replaces one language's texts and sets its translation status. */
  setTranslation?: Maybe<Draft>;
  /** Email and password; returns a short-lived bearer token. */
  signIn?: Maybe<SignInPayload>;
  /**
   * Public: one comment on a draft in consultation (the whole draft, an article or a clause).
   * Signed-in users comment as themselves (channel WEB); partner systems with their API key on
   * behalf of their user (channel PARTNER, submitter.externalRef required); anyone else with a name
   * and a contact point, marked unverified, within per-contact and per-address caps. The same
   * idempotencyKey from the same caller gives the same comment back (alreadyKnown).
   */
  submitFeedback?: Maybe<SubmitFeedbackPayload>;
  /**
   * Public: subscribes with explicit consent. Each contact point gets a code (email also a link) to
   * confirm it; nothing else is sent before. Signed-in users also get the in-app channel. Subscribing
   * again with a contact of a pending sign-up resumes it (same subscriberId, the new preferences, a
   * new code). Codes are capped per contact, per destination and per client address each hour
   * (RATE_LIMITED, with extensions.retryAfterSeconds).
   */
  subscribe?: Maybe<SubscribePayload>;
  /** Public with the token of an unsubscribe link; signed in for your own subscriber (or as admin). */
  unsubscribe?: Maybe<UnsubscribePayload>;
  /** Changes content and metadata while drafting or revised. Send the version you read. */
  updateDraft?: Maybe<Draft>;
  /** The subscriber itself or a network admin. Send the version you read. */
  updateNotificationPreferences?: Maybe<Subscriber>;
};


export type MutationAmendDraftArgs = {
  amendedByDraftId: Scalars['ID']['input'];
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
};


export type MutationAnswerFeedbackArgs = {
  input: AnswerFeedbackInput;
};


export type MutationCloseConsultationArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
};


export type MutationConfirmSubscriptionArgs = {
  input: ConfirmSubscriptionInput;
};


export type MutationCreateApiClientArgs = {
  name: Scalars['String']['input'];
  organizationId: Scalars['ID']['input'];
  roles: Array<Role>;
};


export type MutationCreateDraftArgs = {
  input: CreateDraftInput;
};


export type MutationDeleteNotificationTemplateArgs = {
  channel: NotificationChannel;
  eventType: Scalars['String']['input'];
  language: Scalars['String']['input'];
};


export type MutationEraseSubscriberArgs = {
  id: Scalars['ID']['input'];
};


export type MutationExtendConsultationArgs = {
  input: ExtendConsultationInput;
};


export type MutationFlagFeedbackArgs = {
  input: FlagFeedbackInput;
};


export type MutationImportFeedbackArgs = {
  input: ImportFeedbackInput;
};


export type MutationMarkNotificationsReadArgs = {
  all?: InputMaybe<Scalars['Boolean']['input']>;
  ids?: InputMaybe<Array<Scalars['ID']['input']>>;
};


export type MutationModerateFeedbackArgs = {
  input: ModerateFeedbackInput;
};


export type MutationOpenConsultationArgs = {
  input: OpenConsultationInput;
};


export type MutationPromulgateDraftArgs = {
  input: PromulgateDraftInput;
};


export type MutationPublishFeedbackAnswersArgs = {
  input: PublishFeedbackAnswersInput;
};


export type MutationPublishSynthesisArgs = {
  draftId: Scalars['ID']['input'];
};


export type MutationRepealDraftArgs = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  repealedByDraftId: Scalars['ID']['input'];
};


export type MutationResendVerificationCodeArgs = {
  input: ResendVerificationCodeInput;
};


export type MutationReviseDraftArgs = {
  input: ReviseDraftInput;
};


export type MutationRevokeApiClientArgs = {
  clientId: Scalars['ID']['input'];
};


export type MutationRotateApiKeyArgs = {
  clientId: Scalars['ID']['input'];
};


export type MutationSaveNotificationTemplateArgs = {
  input: SaveNotificationTemplateInput;
};


export type MutationSetTranslationArgs = {
  input: SetTranslationInput;
};


export type MutationSignInArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};


export type MutationSubmitFeedbackArgs = {
  input: SubmitFeedbackInput;
};


export type MutationSubscribeArgs = {
  input: SubscribeInput;
};


export type MutationUnsubscribeArgs = {
  input: UnsubscribeInput;
};


export type MutationUpdateDraftArgs = {
  input: UpdateDraftInput;
};


export type MutationUpdateNotificationPreferencesArgs = {
  input: UpdateNotificationPreferencesInput;
};

export type NatsStatus = {
  __typename?: 'NatsStatus';
  /** Round trip of one ping from this gateway, in ms; null when NATS did not answer. */
  rttMs?: Maybe<Scalars['Float']['output']>;
  status: ServingStatus;
};

export type Network = {
  __typename?: 'Network';
  /** This gateway replica: its version, and whether it is ready (its store and NATS answer). */
  gateway: GatewayStatus;
  /** Live subscriptions (draftEvents, notificationAdded) this gateway replica is serving. */
  liveSubscriptions: Scalars['Int']['output'];
  /** NATS as this gateway replica sees it. */
  nats: NatsStatus;
  /**
   * Network admins: the outbox backlog of the gateway and of each backend (events committed and
   * waiting to be published to NATS); a backlog that grows means a relay cannot publish.
   */
  outbox: Array<OutboxStatus>;
  services: Array<ServiceStatus>;
};

export type NotificationAlert = {
  __typename?: 'NotificationAlert';
  channel?: Maybe<NotificationChannel>;
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  id: Scalars['ID']['output'];
  kind: Scalars['String']['output'];
  message: Scalars['String']['output'];
  subscriberId?: Maybe<Scalars['ID']['output']>;
};

export type NotificationChannel =
  | 'EMAIL'
  | 'IN_APP'
  | 'SMS'
  | 'WEBHOOK'
  | 'ZALO';

export type NotificationConnection = {
  __typename?: 'NotificationConnection';
  items: Array<InboxItem>;
  pageInfo: PageInfo;
  unreadCount: Scalars['Int']['output'];
};

export type NotificationTemplate = {
  __typename?: 'NotificationTemplate';
  body: Scalars['String']['output'];
  channel: NotificationChannel;
  eventType: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  language: Scalars['String']['output'];
  subject: Scalars['String']['output'];
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
  updatedBy: Scalars['String']['output'];
};

export type NotificationTemplateFilter = {
  channel?: InputMaybe<NotificationChannel>;
  eventType?: InputMaybe<Scalars['String']['input']>;
  language?: InputMaybe<Scalars['String']['input']>;
};

export type NotificationTemplatePreview = {
  __typename?: 'NotificationTemplatePreview';
  html?: Maybe<Scalars['String']['output']>;
  /** The template language used, after fallback. */
  language: Scalars['String']['output'];
  /** GSM-7 or UCS-2 */
  smsEncoding: Scalars['String']['output'];
  smsSegments: Scalars['Int']['output'];
  subject: Scalars['String']['output'];
  text: Scalars['String']['output'];
};

export type OpenConsultationInput = {
  closesAt: Scalars['DateTime']['input'];
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  /** Default: vi and every approved translation. */
  languages?: InputMaybe<Array<Scalars['String']['input']>>;
  opensAt: Scalars['DateTime']['input'];
};

export type OpinionGroupsStatus =
  | 'GROUPED'
  | 'NO_VARIATION'
  | 'TOO_FEW_PARTICIPANTS';

export type Organization = {
  __typename?: 'Organization';
  demo: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  kind: OrganizationKind;
  name: Scalars['String']['output'];
  unit?: Maybe<Unit>;
};

export type OrganizationKind =
  | 'DRAFTING_AGENCY'
  | 'PARTNER_SYSTEM'
  | 'PRESS_AGENCY'
  | 'UNIT_OFFICE';

export type OutboxStatus = {
  __typename?: 'OutboxStatus';
  /** Commit time of the oldest waiting event; null when nothing waits. */
  oldestPendingAt?: Maybe<Scalars['DateTime']['output']>;
  /** Events waiting to be published. */
  pending?: Maybe<Scalars['Float']['output']>;
  /** Events published since the store was created. */
  published?: Maybe<Scalars['Float']['output']>;
  /** gateway, draft, outreach, feedback or notification */
  service: Scalars['String']['output'];
  /** UNREACHABLE when the process did not answer; its counts are then null. */
  status: ServingStatus;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type PendingVerification = {
  __typename?: 'PendingVerification';
  channel: NotificationChannel;
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** link_or_code (email) or code */
  method: Scalars['String']['output'];
};

export type PreviewNotificationTemplateInput = {
  body?: InputMaybe<Scalars['String']['input']>;
  channel: NotificationChannel;
  eventType: Scalars['String']['input'];
  language: Scalars['String']['input'];
  /** Unsaved text; leave body out to preview the stored template (with language fallback). */
  subject?: InputMaybe<Scalars['String']['input']>;
};

export type PromulgateDraftInput = {
  documentNumber: Scalars['String']['input'];
  effectiveOn: Scalars['String']['input'];
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  signedOn: Scalars['String']['input'];
};

export type Promulgation = {
  __typename?: 'Promulgation';
  documentNumber: Scalars['String']['output'];
  effectiveOn: Scalars['String']['output'];
  signedOn: Scalars['String']['output'];
};

/** A published comment as everyone sees it. */
export type PublicFeedback = {
  __typename?: 'PublicFeedback';
  /** Only once published. */
  answer?: Maybe<FeedbackAnswer>;
  articleId?: Maybe<Scalars['ID']['output']>;
  channel: FeedbackChannel;
  clauseId?: Maybe<Scalars['ID']['output']>;
  draftId: Scalars['ID']['output'];
  groupId?: Maybe<Scalars['ID']['output']>;
  id: Scalars['ID']['output'];
  language: Scalars['String']['output'];
  receivedAt?: Maybe<Scalars['DateTime']['output']>;
  stance: FeedbackStance;
  submitterKind: FeedbackSubmitterKind;
  /** Phone numbers, emails and citizen ID numbers masked. */
  text: Scalars['String']['output'];
};

export type PublicFeedbackPage = {
  __typename?: 'PublicFeedbackPage';
  /** Hidden comments of the draft, counted by reason. */
  hidden: Array<HiddenFeedbackCount>;
  items: Array<PublicFeedback>;
  pageInfo: PageInfo;
};

export type PublishFeedbackAnswersInput = {
  draftId: Scalars['ID']['input'];
  /** Empty: every answered, not yet published answer of the draft. */
  feedbackIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

export type PublishFeedbackAnswersPayload = {
  __typename?: 'PublishFeedbackAnswersPayload';
  feedbackIds: Array<Scalars['ID']['output']>;
};

export type PublishSynthesisPayload = {
  __typename?: 'PublishSynthesisPayload';
  report: SynthesisReport;
};

export type Query = {
  __typename?: 'Query';
  /** Network admins: the delivery log (ids, states and reasons; never contact data). */
  deliveries: DeliveryConnection;
  draft?: Maybe<Draft>;
  /** Who did what to a draft; the drafting agency's editors and network admins only. */
  draftAudit: AuditConnection;
  /** Article-level differences between two versions, with a word diff for changed articles. */
  draftDiff: Array<ArticleChange>;
  draftVersion?: Maybe<DraftVersion>;
  /**
   * Drafts the caller may read. `lang` picks the language (then Accept-Language, then vi);
   * each draft says which language it was served in.
   */
  drafts: DraftConnection;
  /**
   * The drafting agency's editors (their agency's drafts) and network admins: the comments of a
   * draft with filters, in intake order (or newest first). Contact points and demographics are
   * shown to network admins only.
   */
  feedback: FeedbackConnection;
  /** The signed-in user or API client; null for the anonymous public. */
  me?: Maybe<Me>;
  /** Network admins: event type × channel pairs without a template of their own in these languages. */
  missingTranslations: Array<MissingTranslation>;
  /**
   * My comments, newest first, across drafts: a signed-in user's own, or, for a partner system,
   * its user's (externalRef, required then). Each is whole, with the person's own contact and
   * demographics; an answer shows once published. Anonymous callers: UNAUTHENTICATED.
   */
  myFeedback: FeedbackConnection;
  /** Signed in: your in-app notifications, newest first. */
  myNotifications: NotificationConnection;
  /** Signed in: your own subscriptions, with their contact points. */
  mySubscriptions: Array<Subscriber>;
  /** How the network's backend services look from the gateway. */
  network: Network;
  /** Network admins: operational alerts of the notification service, newest first. */
  notificationAlerts: Array<NotificationAlert>;
  /** Network admins: message templates per event type, channel and language. */
  notificationTemplates: Array<NotificationTemplate>;
  organizations: Array<Organization>;
  /** Network admins: unsaved text, or the stored template a reader of the language gets, rendered with sample values. */
  previewNotificationTemplate: NotificationTemplatePreview;
  /**
   * Everyone: the published comments of a public draft, with phone numbers, emails and citizen ID
   * numbers masked, no submitter name or contact, answers only once published; hidden comments
   * are counted by reason.
   */
  publicFeedback: PublicFeedbackPage;
  /** The public directory of spokespersons (Decree 09/2017/ND-CP). */
  spokespersons: Array<Spokesperson>;
  /** The subscriber itself (signed in) or a network admin; null when not found or not yours. */
  subscriber?: Maybe<Subscriber>;
  /** Network admins: subscribers. */
  subscribers: SubscriberConnection;
  /**
   * The synthesis report of a draft. The draft's agency editors and network admins see the agency
   * view (pending comments and unpublished answers too), live while the consultation is open and
   * final after it; once published, everyone who may read the draft sees the published report,
   * which never changes. NOT_FOUND for anyone else before publication.
   */
  synthesisReport: SynthesisReport;
  unit?: Maybe<Unit>;
  /** Administrative units: the province, its communes and wards, and legacy districts. */
  units: Array<Unit>;
};


export type QueryDeliveriesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<DeliveryFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryDraftArgs = {
  id: Scalars['ID']['input'];
  lang?: InputMaybe<Scalars['String']['input']>;
};


export type QueryDraftAuditArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  draftId: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryDraftDiffArgs = {
  draftId: Scalars['ID']['input'];
  fromVersion: Scalars['Int']['input'];
  lang?: InputMaybe<Scalars['String']['input']>;
  toVersion: Scalars['Int']['input'];
};


export type QueryDraftVersionArgs = {
  draftId: Scalars['ID']['input'];
  lang?: InputMaybe<Scalars['String']['input']>;
  number: Scalars['Int']['input'];
};


export type QueryDraftsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  descending?: InputMaybe<Scalars['Boolean']['input']>;
  filter?: InputMaybe<DraftFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  lang?: InputMaybe<Scalars['String']['input']>;
  sort?: InputMaybe<DraftSort>;
};


export type QueryFeedbackArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter: FeedbackFilter;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryMissingTranslationsArgs = {
  languages: Array<Scalars['String']['input']>;
};


export type QueryMyFeedbackArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  externalRef?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryMyNotificationsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  unreadOnly?: InputMaybe<Scalars['Boolean']['input']>;
};


export type QueryNotificationAlertsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryNotificationTemplatesArgs = {
  filter?: InputMaybe<NotificationTemplateFilter>;
};


export type QueryOrganizationsArgs = {
  kind?: InputMaybe<OrganizationKind>;
};


export type QueryPreviewNotificationTemplateArgs = {
  input: PreviewNotificationTemplateInput;
};


export type QueryPublicFeedbackArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  articleId?: InputMaybe<Scalars['ID']['input']>;
  draftId: Scalars['ID']['input'];
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QuerySpokespersonsArgs = {
  organizationId?: InputMaybe<Scalars['ID']['input']>;
};


export type QuerySubscriberArgs = {
  id: Scalars['ID']['input'];
};


export type QuerySubscribersArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<SubscriberFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QuerySynthesisReportArgs = {
  draftId: Scalars['ID']['input'];
};


export type QueryUnitArgs = {
  id: Scalars['ID']['input'];
};


export type QueryUnitsArgs = {
  includeInactive?: InputMaybe<Scalars['Boolean']['input']>;
  level?: InputMaybe<UnitLevel>;
  parentId?: InputMaybe<Scalars['ID']['input']>;
};

export type QuietHours = {
  __typename?: 'QuietHours';
  end: Scalars['String']['output'];
  start: Scalars['String']['output'];
  timeZone: Scalars['String']['output'];
};

export type QuietHoursInput = {
  end: Scalars['String']['input'];
  /** HH:MM local time. */
  start: Scalars['String']['input'];
  /** IANA time zone; default Asia/Ho_Chi_Minh. */
  timeZone?: InputMaybe<Scalars['String']['input']>;
};

export type ResendVerificationCodeInput = {
  /** EMAIL, SMS, ZALO or WEBHOOK. */
  channel: NotificationChannel;
  subscriberId: Scalars['ID']['input'];
};

export type ResendVerificationCodePayload = {
  __typename?: 'ResendVerificationCodePayload';
  subscriberId: Scalars['ID']['output'];
  verification: PendingVerification;
};

export type ReviseDraftInput = {
  content: DraftContentInput;
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
};

export type Role =
  | 'AGENCY_EDITOR'
  | 'NETWORK_ADMIN'
  | 'PARTNER_SYSTEM'
  | 'PRESS_PARTNER'
  | 'PUBLIC'
  | 'UNIT_OFFICER';

export type SaveNotificationTemplateInput = {
  body: Scalars['String']['input'];
  channel: NotificationChannel;
  /** For example pcn.draft.v1.ConsultationOpened. */
  eventType: Scalars['String']['input'];
  language: Scalars['String']['input'];
  /** Required for email. */
  subject?: InputMaybe<Scalars['String']['input']>;
};

export type ServiceStatus = {
  __typename?: 'ServiceStatus';
  /** draft, outreach, feedback or notification */
  name: Scalars['String']['output'];
  status: ServingStatus;
};

export type ServingStatus =
  /** Running, but not ready (starting, shutting down, or a dependency is down). */
  | 'NOT_SERVING'
  /** Ready: its store and NATS answer. */
  | 'SERVING'
  /** No answer within the deadline. */
  | 'UNREACHABLE';

export type SetTranslationInput = {
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  lang: Scalars['String']['input'];
  status: TranslationStatus;
  summary?: InputMaybe<Scalars['String']['input']>;
  /** Chapter, article and clause texts by id. */
  texts?: InputMaybe<Array<TranslationTextInput>>;
  title?: InputMaybe<Scalars['String']['input']>;
};

export type SignInPayload = {
  __typename?: 'SignInPayload';
  expiresAt: Scalars['DateTime']['output'];
  me: Me;
  token: Scalars['String']['output'];
};

export type Spokesperson = {
  __typename?: 'Spokesperson';
  demo: Scalars['Boolean']['output'];
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  organization?: Maybe<Organization>;
  phone: Scalars['String']['output'];
  position: Scalars['String']['output'];
};

export type SubmitFeedbackInput = {
  /** Empty: the whole draft. */
  articleId?: InputMaybe<Scalars['ID']['input']>;
  /** A clause of articleId. */
  clauseId?: InputMaybe<Scalars['ID']['input']>;
  demographics?: InputMaybe<FeedbackDemographicsInput>;
  draftId: Scalars['ID']['input'];
  /** Yours: the same key from the same caller gives the same comment back. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  /** BCP 47. */
  language: Scalars['String']['input'];
  stance: FeedbackStance;
  submitter?: InputMaybe<FeedbackSubmitterInput>;
  /** 1 to 10,000 characters (stored NFC). */
  text: Scalars['String']['input'];
  /** An administrative unit of the directory. */
  unitId?: InputMaybe<Scalars['ID']['input']>;
};

export type SubmitFeedbackPayload = {
  __typename?: 'SubmitFeedbackPayload';
  /** The idempotency key had been seen: the earlier comment, nothing new written. */
  alreadyKnown: Scalars['Boolean']['output'];
  feedbackId: Scalars['ID']['output'];
  /** A short code the submitter can quote. */
  receiptCode: Scalars['String']['output'];
};

export type SubscribeInput = {
  consent: ConsentInput;
  contacts?: InputMaybe<Array<ContactPointInput>>;
  /** Default: every channel of the contacts. */
  defaultChannels?: InputMaybe<Array<NotificationChannel>>;
  digest?: InputMaybe<DigestMode>;
  kind?: InputMaybe<SubscriberKind>;
  /** BCP 47 language tag for messages, such as vi or hmn. */
  language: Scalars['String']['input'];
  quietHours?: InputMaybe<QuietHoursInput>;
  topics?: InputMaybe<Array<TopicInput>>;
  /** Units followed, each with the units below it. */
  unitIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

export type SubscribePayload = {
  __typename?: 'SubscribePayload';
  subscriberId: Scalars['ID']['output'];
  /** The contact points waiting for confirmation. */
  verifications: Array<PendingVerification>;
};

export type Subscriber = {
  __typename?: 'Subscriber';
  consents: Array<ConsentRecord>;
  contacts: Array<ContactPoint>;
  createdAt?: Maybe<Scalars['DateTime']['output']>;
  defaultChannels: Array<NotificationChannel>;
  digest: DigestMode;
  id: Scalars['ID']['output'];
  kind: SubscriberKind;
  language: Scalars['String']['output'];
  quietHours?: Maybe<QuietHours>;
  status: SubscriberStatus;
  topics: Array<Topic>;
  unitIds: Array<Scalars['ID']['output']>;
  units: Array<Unit>;
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Send it back as expectedVersion with the next change. */
  version: Scalars['Int']['output'];
};

export type SubscriberConnection = {
  __typename?: 'SubscriberConnection';
  items: Array<Subscriber>;
  pageInfo: PageInfo;
};

export type SubscriberFilter = {
  status?: InputMaybe<SubscriberStatus>;
  /** Subscribers following this unit. */
  unitId?: InputMaybe<Scalars['ID']['input']>;
};

export type SubscriberKind =
  | 'CITIZEN'
  | 'OFFICER'
  | 'PARTNER_SYSTEM'
  | 'PRESS';

export type SubscriberStatus =
  | 'ACTIVE'
  | 'OPTED_OUT'
  /** No contact point confirmed yet. */
  | 'PENDING';

export type Subscription = {
  __typename?: 'Subscription';
  /** Draft events as they happen, over Server-Sent Events; only events the caller may see. */
  draftEvents: DraftEvent;
  /**
   * Partner systems and network admins: comment events as they happen, over Server-Sent Events
   * (ids, article, stance and channel, the moderation decision, the answer's outcome; never the
   * text or the submitter). Read a published comment through publicFeedback.
   */
  feedbackEvents: FeedbackEvent;
  /** Signed in: your in-app notifications as they arrive, over Server-Sent Events. */
  notificationAdded: InboxItem;
};


export type SubscriptionDraftEventsArgs = {
  filter?: InputMaybe<DraftEventFilter>;
};


export type SubscriptionFeedbackEventsArgs = {
  draftId?: InputMaybe<Scalars['ID']['input']>;
};

export type SynthesisArticle = {
  __typename?: 'SynthesisArticle';
  answeredRows: Scalars['Int']['output'];
  /** Null: comments on the whole draft. */
  articleId?: Maybe<Scalars['ID']['output']>;
  change: ArticleChangeKind;
  comments: Scalars['Int']['output'];
  groups: Scalars['Int']['output'];
  number?: Maybe<Scalars['String']['output']>;
  opinions: SynthesisStances;
  /** Rows of the report's table on this article, and how many carry an answer in this view. */
  rows: Scalars['Int']['output'];
  verifiedOpinions: SynthesisStances;
};

export type SynthesisChannelCount = {
  __typename?: 'SynthesisChannelCount';
  channel: FeedbackChannel;
  hidden: Scalars['Int']['output'];
  received: Scalars['Int']['output'];
  verified: Scalars['Int']['output'];
};

/** Counts of one set of comments (all, verified only, unverified only). */
export type SynthesisCounts = {
  __typename?: 'SynthesisCounts';
  /** Comments not hidden. */
  counted: Scalars['Int']['output'];
  distinctTexts: Scalars['Int']['output'];
  groups: Scalars['Int']['output'];
  /** Every comment received, hidden ones included. */
  received: Scalars['Int']['output'];
  uniquePeople: Scalars['Int']['output'];
  /** Counted comments whose person is unknown (not in uniquePeople). */
  unknownPeople: Scalars['Int']['output'];
};

export type SynthesisOpinionGroup = {
  __typename?: 'SynthesisOpinionGroup';
  /** Articles this group supports (or opposes) more than the others. */
  agreeArticleIds: Array<Scalars['ID']['output']>;
  disagreeArticleIds: Array<Scalars['ID']['output']>;
  size: Scalars['Int']['output'];
};

export type SynthesisOpinionGroups = {
  __typename?: 'SynthesisOpinionGroups';
  /** Articles every group supports or opposes. */
  consensusArticleIds: Array<Scalars['ID']['output']>;
  groups: Array<SynthesisOpinionGroup>;
  status: OpinionGroupsStatus;
};

export type SynthesisReport = {
  __typename?: 'SynthesisReport';
  all: SynthesisCounts;
  articles: Array<SynthesisArticle>;
  channels: Array<SynthesisChannelCount>;
  closesAt: Scalars['DateTime']['output'];
  draftId: Scalars['ID']['output'];
  generatedAt: Scalars['DateTime']['output'];
  hidden: Array<HiddenFeedbackCount>;
  noUnit: Scalars['Int']['output'];
  opensAt: Scalars['DateTime']['output'];
  opinionGroups: SynthesisOpinionGroups;
  pendingModeration: Scalars['Int']['output'];
  /** Set once published: the report is then frozen. */
  publishedAt?: Maybe<Scalars['DateTime']['output']>;
  status: SynthesisStatus;
  units: Array<SynthesisUnitCount>;
  unknownUnit: Scalars['Int']['output'];
  unverified: SynthesisCounts;
  verified: SynthesisCounts;
  view: SynthesisView;
};

export type SynthesisStances = {
  __typename?: 'SynthesisStances';
  oppose: Scalars['Int']['output'];
  question: Scalars['Int']['output'];
  suggestChange: Scalars['Int']['output'];
  support: Scalars['Int']['output'];
};

export type SynthesisStatus =
  | 'FINAL'
  | 'LIVE';

/** A unit's comments, its own and those of every unit below it. */
export type SynthesisUnitCount = {
  __typename?: 'SynthesisUnitCount';
  depth: Scalars['Int']['output'];
  own: Scalars['Int']['output'];
  received: Scalars['Int']['output'];
  unitId: Scalars['ID']['output'];
  verified: Scalars['Int']['output'];
};

export type SynthesisView =
  | 'AGENCY'
  | 'PUBLIC';

export type TargetInput = {
  audienceGroups?: InputMaybe<Array<Scalars['String']['input']>>;
  ethnicGroups?: InputMaybe<Array<Scalars['String']['input']>>;
  unitIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

export type TextDiffPart = {
  __typename?: 'TextDiffPart';
  /** EQUAL, INSERT or DELETE */
  op: Scalars['String']['output'];
  text: Scalars['String']['output'];
};

export type Topic = {
  __typename?: 'Topic';
  channels: Array<NotificationChannel>;
  kind: TopicKind;
  value: Scalars['String']['output'];
};

export type TopicInput = {
  /** Default: the subscriber's default channels. */
  channels?: InputMaybe<Array<NotificationChannel>>;
  kind: TopicKind;
  /** A policy area (land, water...) or a draft id. */
  value: Scalars['String']['input'];
};

export type TopicKind =
  | 'DRAFT'
  | 'POLICY_AREA';

export type Translation = {
  __typename?: 'Translation';
  lang: Scalars['String']['output'];
  status: TranslationStatus;
};

export type TranslationStatus =
  | 'APPROVED'
  | 'DRAFT'
  | 'MISSING';

/** One language's texts, by the ids of the draft's chapters, articles and clauses. */
export type TranslationTextInput = {
  id: Scalars['ID']['input'];
  text: Scalars['String']['input'];
};

export type Unit = {
  __typename?: 'Unit';
  /** False for units merged away in the 2025 reform that still appear in older data. */
  active: Scalars['Boolean']['output'];
  children: Array<Unit>;
  demo: Scalars['Boolean']['output'];
  id: Scalars['ID']['output'];
  level: UnitLevel;
  name: Scalars['String']['output'];
  parent?: Maybe<Unit>;
};


export type UnitChildrenArgs = {
  includeInactive?: InputMaybe<Scalars['Boolean']['input']>;
};

export type UnitLevel =
  | 'COMMUNE'
  | 'DISTRICT'
  | 'PROVINCE'
  | 'TOWN'
  | 'WARD';

/** Either the token of an unsubscribe link, or (signed in) a subscriber and optionally one channel. */
export type UnsubscribeInput = {
  /** Default: every channel. */
  channel?: InputMaybe<NotificationChannel>;
  subscriberId?: InputMaybe<Scalars['ID']['input']>;
  token?: InputMaybe<Scalars['String']['input']>;
};

export type UnsubscribePayload = {
  __typename?: 'UnsubscribePayload';
  /** The channel opted out of; null when all. */
  channel?: Maybe<NotificationChannel>;
  subscriberId: Scalars['ID']['output'];
};

export type UpdateDraftInput = {
  attachments?: InputMaybe<Array<AttachmentInput>>;
  content?: InputMaybe<DraftContentInput>;
  documentType?: InputMaybe<DocumentType>;
  expectedVersion: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  policyAreas?: InputMaybe<Array<Scalars['String']['input']>>;
  publicDisclosure?: InputMaybe<Scalars['Boolean']['input']>;
  spokespersonId?: InputMaybe<Scalars['ID']['input']>;
  target?: InputMaybe<TargetInput>;
};

/** Fields given replace the current value; fields left out are kept. quietHours: null removes them. */
export type UpdateNotificationPreferencesInput = {
  defaultChannels?: InputMaybe<Array<NotificationChannel>>;
  digest?: InputMaybe<DigestMode>;
  expectedVersion: Scalars['Int']['input'];
  language?: InputMaybe<Scalars['String']['input']>;
  quietHours?: InputMaybe<QuietHoursInput>;
  subscriberId: Scalars['ID']['input'];
  topics?: InputMaybe<Array<TopicInput>>;
  unitIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  AgeBand: AgeBand;
  AnswerFeedbackInput: AnswerFeedbackInput;
  AnswerFeedbackPayload: ResolverTypeWrapper<AnswerFeedbackPayload>;
  AnswerOutcome: AnswerOutcome;
  ApiClient: ResolverTypeWrapper<ApiClientViewModel>;
  ApiKeyPayload: ResolverTypeWrapper<Omit<ApiKeyPayload, 'client'> & { client: ResolversTypes['ApiClient'] }>;
  Article: ResolverTypeWrapper<Article>;
  ArticleChange: ResolverTypeWrapper<ArticleChange>;
  ArticleChangeKind: ArticleChangeKind;
  ArticleInput: ArticleInput;
  Attachment: ResolverTypeWrapper<Attachment>;
  AttachmentInput: AttachmentInput;
  AuditConnection: ResolverTypeWrapper<Omit<AuditConnection, 'entries'> & { entries: Array<ResolversTypes['AuditEntry']> }>;
  AuditEntry: ResolverTypeWrapper<draft.AuditEntry>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Chapter: ResolverTypeWrapper<Chapter>;
  ChapterInput: ChapterInput;
  Clause: ResolverTypeWrapper<Clause>;
  ClauseInput: ClauseInput;
  ConfirmSubscriptionInput: ConfirmSubscriptionInput;
  ConfirmSubscriptionPayload: ResolverTypeWrapper<ConfirmSubscriptionPayload>;
  ConsentInput: ConsentInput;
  ConsentRecord: ResolverTypeWrapper<ConsentRecord>;
  Consultation: ResolverTypeWrapper<draft.Consultation>;
  ConsultationExtension: ResolverTypeWrapper<ConsultationExtension>;
  ContactPoint: ResolverTypeWrapper<ContactPoint>;
  ContactPointInput: ContactPointInput;
  CreateDraftInput: CreateDraftInput;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Delivery: ResolverTypeWrapper<Delivery>;
  DeliveryConnection: ResolverTypeWrapper<DeliveryConnection>;
  DeliveryFilter: DeliveryFilter;
  DeliveryKind: DeliveryKind;
  DeliveryState: DeliveryState;
  DeliveryStateCount: ResolverTypeWrapper<DeliveryStateCount>;
  DigestMode: DigestMode;
  DocumentType: DocumentType;
  Draft: ResolverTypeWrapper<DraftViewModel>;
  DraftConnection: ResolverTypeWrapper<Omit<DraftConnection, 'edges'> & { edges: Array<ResolversTypes['DraftEdge']> }>;
  DraftContentInput: DraftContentInput;
  DraftEdge: ResolverTypeWrapper<Omit<DraftEdge, 'node'> & { node: ResolversTypes['Draft'] }>;
  DraftEvent: ResolverTypeWrapper<DraftEvent>;
  DraftEventFilter: DraftEventFilter;
  DraftFilter: DraftFilter;
  DraftSort: DraftSort;
  DraftStatus: DraftStatus;
  DraftVersion: ResolverTypeWrapper<DraftVersion>;
  ExtendConsultationInput: ExtendConsultationInput;
  Feedback: ResolverTypeWrapper<Feedback>;
  FeedbackAnswer: ResolverTypeWrapper<FeedbackAnswer>;
  FeedbackChannel: FeedbackChannel;
  FeedbackConnection: ResolverTypeWrapper<FeedbackConnection>;
  FeedbackConsentInput: FeedbackConsentInput;
  FeedbackConsentMethod: FeedbackConsentMethod;
  FeedbackContact: ResolverTypeWrapper<FeedbackContact>;
  FeedbackContactChannel: FeedbackContactChannel;
  FeedbackContactInput: FeedbackContactInput;
  FeedbackDemographics: ResolverTypeWrapper<FeedbackDemographics>;
  FeedbackDemographicsInput: FeedbackDemographicsInput;
  FeedbackEvent: ResolverTypeWrapper<FeedbackEvent>;
  FeedbackEventType: FeedbackEventType;
  FeedbackFieldViolation: ResolverTypeWrapper<FeedbackFieldViolation>;
  FeedbackFilter: FeedbackFilter;
  FeedbackGroup: ResolverTypeWrapper<FeedbackGroup>;
  FeedbackHideReason: FeedbackHideReason;
  FeedbackItemInput: FeedbackItemInput;
  FeedbackModeration: ResolverTypeWrapper<FeedbackModeration>;
  FeedbackStance: FeedbackStance;
  FeedbackState: FeedbackState;
  FeedbackSubmitterInput: FeedbackSubmitterInput;
  FeedbackSubmitterKind: FeedbackSubmitterKind;
  FeedbackSubmitterVia: FeedbackSubmitterVia;
  FlagFeedbackInput: FlagFeedbackInput;
  FlagFeedbackPayload: ResolverTypeWrapper<FlagFeedbackPayload>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  GatewayStatus: ResolverTypeWrapper<GatewayStatus>;
  Gender: Gender;
  HiddenFeedbackCount: ResolverTypeWrapper<HiddenFeedbackCount>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  ImportFeedbackInput: ImportFeedbackInput;
  ImportFeedbackPayload: ResolverTypeWrapper<ImportFeedbackPayload>;
  ImportItemResult: ResolverTypeWrapper<ImportItemResult>;
  ImportOutcome: ImportOutcome;
  InboxItem: ResolverTypeWrapper<InboxItem>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  LocalizedText: ResolverTypeWrapper<LocalizedText>;
  LocalizedTextInput: LocalizedTextInput;
  MarkNotificationsReadPayload: ResolverTypeWrapper<MarkNotificationsReadPayload>;
  Me: ResolverTypeWrapper<MeViewModel>;
  MissingTranslation: ResolverTypeWrapper<MissingTranslation>;
  ModerateFeedbackInput: ModerateFeedbackInput;
  ModerationDecision: ModerationDecision;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  NatsStatus: ResolverTypeWrapper<NatsStatus>;
  Network: ResolverTypeWrapper<Record<string, never>>;
  NotificationAlert: ResolverTypeWrapper<NotificationAlert>;
  NotificationChannel: NotificationChannel;
  NotificationConnection: ResolverTypeWrapper<NotificationConnection>;
  NotificationTemplate: ResolverTypeWrapper<NotificationTemplate>;
  NotificationTemplateFilter: NotificationTemplateFilter;
  NotificationTemplatePreview: ResolverTypeWrapper<NotificationTemplatePreview>;
  OpenConsultationInput: OpenConsultationInput;
  OpinionGroupsStatus: OpinionGroupsStatus;
  Organization: ResolverTypeWrapper<OrganizationModel>;
  OrganizationKind: OrganizationKind;
  OutboxStatus: ResolverTypeWrapper<OutboxStatus>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PendingVerification: ResolverTypeWrapper<PendingVerification>;
  PreviewNotificationTemplateInput: PreviewNotificationTemplateInput;
  PromulgateDraftInput: PromulgateDraftInput;
  Promulgation: ResolverTypeWrapper<Promulgation>;
  PublicFeedback: ResolverTypeWrapper<PublicFeedback>;
  PublicFeedbackPage: ResolverTypeWrapper<PublicFeedbackPage>;
  PublishFeedbackAnswersInput: PublishFeedbackAnswersInput;
  PublishFeedbackAnswersPayload: ResolverTypeWrapper<PublishFeedbackAnswersPayload>;
  PublishSynthesisPayload: ResolverTypeWrapper<PublishSynthesisPayload>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  QuietHours: ResolverTypeWrapper<QuietHours>;
  QuietHoursInput: QuietHoursInput;
  ResendVerificationCodeInput: ResendVerificationCodeInput;
  ResendVerificationCodePayload: ResolverTypeWrapper<ResendVerificationCodePayload>;
  ReviseDraftInput: ReviseDraftInput;
  Role: Role;
  SaveNotificationTemplateInput: SaveNotificationTemplateInput;
  ServiceStatus: ResolverTypeWrapper<ServiceStatus>;
  ServingStatus: ServingStatus;
  SetTranslationInput: SetTranslationInput;
  SignInPayload: ResolverTypeWrapper<Omit<SignInPayload, 'me'> & { me: ResolversTypes['Me'] }>;
  Spokesperson: ResolverTypeWrapper<SpokespersonModel>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  SubmitFeedbackInput: SubmitFeedbackInput;
  SubmitFeedbackPayload: ResolverTypeWrapper<SubmitFeedbackPayload>;
  SubscribeInput: SubscribeInput;
  SubscribePayload: ResolverTypeWrapper<SubscribePayload>;
  Subscriber: ResolverTypeWrapper<Omit<Subscriber, 'units'>>;
  SubscriberConnection: ResolverTypeWrapper<Omit<SubscriberConnection, 'items'> & { items: Array<ResolversTypes['Subscriber']> }>;
  SubscriberFilter: SubscriberFilter;
  SubscriberKind: SubscriberKind;
  SubscriberStatus: SubscriberStatus;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SynthesisArticle: ResolverTypeWrapper<SynthesisArticle>;
  SynthesisChannelCount: ResolverTypeWrapper<SynthesisChannelCount>;
  SynthesisCounts: ResolverTypeWrapper<SynthesisCounts>;
  SynthesisOpinionGroup: ResolverTypeWrapper<SynthesisOpinionGroup>;
  SynthesisOpinionGroups: ResolverTypeWrapper<SynthesisOpinionGroups>;
  SynthesisReport: ResolverTypeWrapper<SynthesisReport>;
  SynthesisStances: ResolverTypeWrapper<SynthesisStances>;
  SynthesisStatus: SynthesisStatus;
  SynthesisUnitCount: ResolverTypeWrapper<SynthesisUnitCount>;
  SynthesisView: SynthesisView;
  TargetInput: TargetInput;
  TextDiffPart: ResolverTypeWrapper<TextDiffPart>;
  Topic: ResolverTypeWrapper<Topic>;
  TopicInput: TopicInput;
  TopicKind: TopicKind;
  Translation: ResolverTypeWrapper<Translation>;
  TranslationStatus: TranslationStatus;
  TranslationTextInput: TranslationTextInput;
  Unit: ResolverTypeWrapper<UnitModel>;
  UnitLevel: UnitLevel;
  UnsubscribeInput: UnsubscribeInput;
  UnsubscribePayload: ResolverTypeWrapper<UnsubscribePayload>;
  UpdateDraftInput: UpdateDraftInput;
  UpdateNotificationPreferencesInput: UpdateNotificationPreferencesInput;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AnswerFeedbackInput: AnswerFeedbackInput;
  AnswerFeedbackPayload: AnswerFeedbackPayload;
  ApiClient: ApiClientViewModel;
  ApiKeyPayload: Omit<ApiKeyPayload, 'client'> & { client: ResolversParentTypes['ApiClient'] };
  Article: Article;
  ArticleChange: ArticleChange;
  ArticleInput: ArticleInput;
  Attachment: Attachment;
  AttachmentInput: AttachmentInput;
  AuditConnection: Omit<AuditConnection, 'entries'> & { entries: Array<ResolversParentTypes['AuditEntry']> };
  AuditEntry: draft.AuditEntry;
  Boolean: Scalars['Boolean']['output'];
  Chapter: Chapter;
  ChapterInput: ChapterInput;
  Clause: Clause;
  ClauseInput: ClauseInput;
  ConfirmSubscriptionInput: ConfirmSubscriptionInput;
  ConfirmSubscriptionPayload: ConfirmSubscriptionPayload;
  ConsentInput: ConsentInput;
  ConsentRecord: ConsentRecord;
  Consultation: draft.Consultation;
  ConsultationExtension: ConsultationExtension;
  ContactPoint: ContactPoint;
  ContactPointInput: ContactPointInput;
  CreateDraftInput: CreateDraftInput;
  DateTime: Scalars['DateTime']['output'];
  Delivery: Delivery;
  DeliveryConnection: DeliveryConnection;
  DeliveryFilter: DeliveryFilter;
  DeliveryStateCount: DeliveryStateCount;
  Draft: DraftViewModel;
  DraftConnection: Omit<DraftConnection, 'edges'> & { edges: Array<ResolversParentTypes['DraftEdge']> };
  DraftContentInput: DraftContentInput;
  DraftEdge: Omit<DraftEdge, 'node'> & { node: ResolversParentTypes['Draft'] };
  DraftEvent: DraftEvent;
  DraftEventFilter: DraftEventFilter;
  DraftFilter: DraftFilter;
  DraftVersion: DraftVersion;
  ExtendConsultationInput: ExtendConsultationInput;
  Feedback: Feedback;
  FeedbackAnswer: FeedbackAnswer;
  FeedbackConnection: FeedbackConnection;
  FeedbackConsentInput: FeedbackConsentInput;
  FeedbackContact: FeedbackContact;
  FeedbackContactInput: FeedbackContactInput;
  FeedbackDemographics: FeedbackDemographics;
  FeedbackDemographicsInput: FeedbackDemographicsInput;
  FeedbackEvent: FeedbackEvent;
  FeedbackFieldViolation: FeedbackFieldViolation;
  FeedbackFilter: FeedbackFilter;
  FeedbackGroup: FeedbackGroup;
  FeedbackItemInput: FeedbackItemInput;
  FeedbackModeration: FeedbackModeration;
  FeedbackSubmitterInput: FeedbackSubmitterInput;
  FlagFeedbackInput: FlagFeedbackInput;
  FlagFeedbackPayload: FlagFeedbackPayload;
  Float: Scalars['Float']['output'];
  GatewayStatus: GatewayStatus;
  HiddenFeedbackCount: HiddenFeedbackCount;
  ID: Scalars['ID']['output'];
  ImportFeedbackInput: ImportFeedbackInput;
  ImportFeedbackPayload: ImportFeedbackPayload;
  ImportItemResult: ImportItemResult;
  InboxItem: InboxItem;
  Int: Scalars['Int']['output'];
  LocalizedText: LocalizedText;
  LocalizedTextInput: LocalizedTextInput;
  MarkNotificationsReadPayload: MarkNotificationsReadPayload;
  Me: MeViewModel;
  MissingTranslation: MissingTranslation;
  ModerateFeedbackInput: ModerateFeedbackInput;
  Mutation: Record<PropertyKey, never>;
  NatsStatus: NatsStatus;
  Network: Record<string, never>;
  NotificationAlert: NotificationAlert;
  NotificationConnection: NotificationConnection;
  NotificationTemplate: NotificationTemplate;
  NotificationTemplateFilter: NotificationTemplateFilter;
  NotificationTemplatePreview: NotificationTemplatePreview;
  OpenConsultationInput: OpenConsultationInput;
  Organization: OrganizationModel;
  OutboxStatus: OutboxStatus;
  PageInfo: PageInfo;
  PendingVerification: PendingVerification;
  PreviewNotificationTemplateInput: PreviewNotificationTemplateInput;
  PromulgateDraftInput: PromulgateDraftInput;
  Promulgation: Promulgation;
  PublicFeedback: PublicFeedback;
  PublicFeedbackPage: PublicFeedbackPage;
  PublishFeedbackAnswersInput: PublishFeedbackAnswersInput;
  PublishFeedbackAnswersPayload: PublishFeedbackAnswersPayload;
  PublishSynthesisPayload: PublishSynthesisPayload;
  Query: Record<PropertyKey, never>;
  QuietHours: QuietHours;
  QuietHoursInput: QuietHoursInput;
  ResendVerificationCodeInput: ResendVerificationCodeInput;
  ResendVerificationCodePayload: ResendVerificationCodePayload;
  ReviseDraftInput: ReviseDraftInput;
  SaveNotificationTemplateInput: SaveNotificationTemplateInput;
  ServiceStatus: ServiceStatus;
  SetTranslationInput: SetTranslationInput;
  SignInPayload: Omit<SignInPayload, 'me'> & { me: ResolversParentTypes['Me'] };
  Spokesperson: SpokespersonModel;
  String: Scalars['String']['output'];
  SubmitFeedbackInput: SubmitFeedbackInput;
  SubmitFeedbackPayload: SubmitFeedbackPayload;
  SubscribeInput: SubscribeInput;
  SubscribePayload: SubscribePayload;
  Subscriber: Omit<Subscriber, 'units'>;
  SubscriberConnection: Omit<SubscriberConnection, 'items'> & { items: Array<ResolversParentTypes['Subscriber']> };
  SubscriberFilter: SubscriberFilter;
  Subscription: Record<PropertyKey, never>;
  SynthesisArticle: SynthesisArticle;
  SynthesisChannelCount: SynthesisChannelCount;
  SynthesisCounts: SynthesisCounts;
  SynthesisOpinionGroup: SynthesisOpinionGroup;
  SynthesisOpinionGroups: SynthesisOpinionGroups;
  SynthesisReport: SynthesisReport;
  SynthesisStances: SynthesisStances;
  SynthesisUnitCount: SynthesisUnitCount;
  TargetInput: TargetInput;
  TextDiffPart: TextDiffPart;
  Topic: Topic;
  TopicInput: TopicInput;
  Translation: Translation;
  TranslationTextInput: TranslationTextInput;
  Unit: UnitModel;
  UnsubscribeInput: UnsubscribeInput;
  UnsubscribePayload: UnsubscribePayload;
  UpdateDraftInput: UpdateDraftInput;
  UpdateNotificationPreferencesInput: UpdateNotificationPreferencesInput;
};

export type AnswerFeedbackPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AnswerFeedbackPayload'] = ResolversParentTypes['AnswerFeedbackPayload']> = {
  feedbackIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type ApiClientResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ApiClient'] = ResolversParentTypes['ApiClient']> = {
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  organization?: Resolver<Maybe<ResolversTypes['Organization']>, ParentType, ContextType>;
  revoked?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['Role']>, ParentType, ContextType>;
};

export type ApiKeyPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ApiKeyPayload'] = ResolversParentTypes['ApiKeyPayload']> = {
  client?: Resolver<ResolversTypes['ApiClient'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ArticleResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Article'] = ResolversParentTypes['Article']> = {
  clauses?: Resolver<Array<ResolversTypes['Clause']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ArticleChangeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ArticleChange'] = ResolversParentTypes['ArticleChange']> = {
  articleId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  change?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  chapterId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  coarse?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  language?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  textDiff?: Resolver<Array<ResolversTypes['TextDiffPart']>, ParentType, ContextType>;
};

export type AttachmentResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Attachment'] = ResolversParentTypes['Attachment']> = {
  mediaType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sha256?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  sizeBytes?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  url?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AuditConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AuditConnection'] = ResolversParentTypes['AuditConnection']> = {
  entries?: Resolver<Array<ResolversTypes['AuditEntry']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type AuditEntryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['AuditEntry'] = ResolversParentTypes['AuditEntry']> = {
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  actorId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  actorKind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  changes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  toVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ChapterResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Chapter'] = ResolversParentTypes['Chapter']> = {
  articles?: Resolver<Array<ResolversTypes['Article']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ClauseResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Clause'] = ResolversParentTypes['Clause']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ConfirmSubscriptionPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ConfirmSubscriptionPayload'] = ResolversParentTypes['ConfirmSubscriptionPayload']> = {
  channel?: Resolver<ResolversTypes['NotificationChannel'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['SubscriberStatus'], ParentType, ContextType>;
  subscriberId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type ConsentRecordResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ConsentRecord'] = ResolversParentTypes['ConsentRecord']> = {
  channel?: Resolver<ResolversTypes['NotificationChannel'], ParentType, ContextType>;
  givenAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  method?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  purpose?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  textVersion?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  verifiedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  withdrawnAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type ConsultationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Consultation'] = ResolversParentTypes['Consultation']> = {
  closedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  closedBy?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  closesAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  extensions?: Resolver<Array<ResolversTypes['ConsultationExtension']>, ParentType, ContextType>;
  languages?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  openedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  opensAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  round?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type ConsultationExtensionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ConsultationExtension'] = ResolversParentTypes['ConsultationExtension']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  closesAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  previousClosesAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ContactPointResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ContactPoint'] = ResolversParentTypes['ContactPoint']> = {
  address?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  channel?: Resolver<ResolversTypes['NotificationChannel'], ParentType, ContextType>;
  disabledAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  optedOutAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  verified?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  verifiedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeliveryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Delivery'] = ResolversParentTypes['Delivery']> = {
  attempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  channel?: Resolver<ResolversTypes['NotificationChannel'], ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  eventType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['DeliveryKind'], ParentType, ContextType>;
  language?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  notBefore?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  providerMessageId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  sourceEventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['DeliveryState'], ParentType, ContextType>;
  subscriberId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type DeliveryConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DeliveryConnection'] = ResolversParentTypes['DeliveryConnection']> = {
  counts?: Resolver<Array<ResolversTypes['DeliveryStateCount']>, ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['Delivery']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type DeliveryStateCountResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DeliveryStateCount'] = ResolversParentTypes['DeliveryStateCount']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['DeliveryState'], ParentType, ContextType>;
};

export type DraftResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Draft'] = ResolversParentTypes['Draft']> = {
  agency?: Resolver<Maybe<ResolversTypes['Organization']>, ParentType, ContextType>;
  agencyId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  amendedBy?: Resolver<Maybe<ResolversTypes['Draft']>, ParentType, ContextType>;
  attachments?: Resolver<Array<ResolversTypes['Attachment']>, ParentType, ContextType>;
  audienceGroups?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  chapters?: Resolver<Array<ResolversTypes['Chapter']>, ParentType, ContextType>;
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  consultation?: Resolver<Maybe<ResolversTypes['Consultation']>, ParentType, ContextType>;
  contentVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  documentType?: Resolver<ResolversTypes['DocumentType'], ParentType, ContextType>;
  ethnicGroups?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  language?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pastConsultations?: Resolver<Array<ResolversTypes['Consultation']>, ParentType, ContextType>;
  policyAreas?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  promulgation?: Resolver<Maybe<ResolversTypes['Promulgation']>, ParentType, ContextType>;
  publicDisclosure?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  repealedBy?: Resolver<Maybe<ResolversTypes['Draft']>, ParentType, ContextType>;
  spokesperson?: Resolver<Maybe<ResolversTypes['Spokesperson']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['DraftStatus'], ParentType, ContextType>;
  summary?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  targetUnits?: Resolver<Array<ResolversTypes['Unit']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  titles?: Resolver<Array<ResolversTypes['LocalizedText']>, ParentType, ContextType>;
  translations?: Resolver<Array<ResolversTypes['Translation']>, ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type DraftConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DraftConnection'] = ResolversParentTypes['DraftConnection']> = {
  edges?: Resolver<Array<ResolversTypes['DraftEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type DraftEdgeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DraftEdge'] = ResolversParentTypes['DraftEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Draft'], ParentType, ContextType>;
};

export type DraftEventResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DraftEvent'] = ResolversParentTypes['DraftEvent']> = {
  agencyId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  closesAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  correlationId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  draftId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  languages?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  opensAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  targetUnitIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  time?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type DraftVersionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['DraftVersion'] = ResolversParentTypes['DraftVersion']> = {
  chapters?: Resolver<Array<ResolversTypes['Chapter']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  draftId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  language?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  note?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  number?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type FeedbackResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Feedback'] = ResolversParentTypes['Feedback']> = {
  answer?: Resolver<Maybe<ResolversTypes['FeedbackAnswer']>, ParentType, ContextType>;
  articleId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  channel?: Resolver<ResolversTypes['FeedbackChannel'], ParentType, ContextType>;
  clauseId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  contact?: Resolver<Maybe<ResolversTypes['FeedbackContact']>, ParentType, ContextType>;
  demographics?: Resolver<Maybe<ResolversTypes['FeedbackDemographics']>, ParentType, ContextType>;
  draftId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  flagCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  group?: Resolver<Maybe<ResolversTypes['FeedbackGroup']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  language?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  moderation?: Resolver<Maybe<ResolversTypes['FeedbackModeration']>, ParentType, ContextType>;
  organizationName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  receiptCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  receivedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  stance?: Resolver<ResolversTypes['FeedbackStance'], ParentType, ContextType>;
  state?: Resolver<ResolversTypes['FeedbackState'], ParentType, ContextType>;
  submittedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  submitterKind?: Resolver<ResolversTypes['FeedbackSubmitterKind'], ParentType, ContextType>;
  submitterName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  submitterVia?: Resolver<ResolversTypes['FeedbackSubmitterVia'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unitId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  verified?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type FeedbackAnswerResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['FeedbackAnswer'] = ResolversParentTypes['FeedbackAnswer']> = {
  answeredAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  changedArticleIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['AnswerOutcome'], ParentType, ContextType>;
  publishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type FeedbackConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['FeedbackConnection'] = ResolversParentTypes['FeedbackConnection']> = {
  items?: Resolver<Array<ResolversTypes['Feedback']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type FeedbackContactResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['FeedbackContact'] = ResolversParentTypes['FeedbackContact']> = {
  address?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  channel?: Resolver<ResolversTypes['FeedbackContactChannel'], ParentType, ContextType>;
};

export type FeedbackDemographicsResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['FeedbackDemographics'] = ResolversParentTypes['FeedbackDemographics']> = {
  ageBand?: Resolver<Maybe<ResolversTypes['AgeBand']>, ParentType, ContextType>;
  ethnicGroup?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  gender?: Resolver<Maybe<ResolversTypes['Gender']>, ParentType, ContextType>;
};

export type FeedbackEventResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['FeedbackEvent'] = ResolversParentTypes['FeedbackEvent']> = {
  articleId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  channel?: Resolver<Maybe<ResolversTypes['FeedbackChannel']>, ParentType, ContextType>;
  decision?: Resolver<Maybe<ResolversTypes['ModerationDecision']>, ParentType, ContextType>;
  draftId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  feedbackId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  occurredAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  outcome?: Resolver<Maybe<ResolversTypes['AnswerOutcome']>, ParentType, ContextType>;
  stance?: Resolver<Maybe<ResolversTypes['FeedbackStance']>, ParentType, ContextType>;
  type?: Resolver<ResolversTypes['FeedbackEventType'], ParentType, ContextType>;
};

export type FeedbackFieldViolationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['FeedbackFieldViolation'] = ResolversParentTypes['FeedbackFieldViolation']> = {
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type FeedbackGroupResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['FeedbackGroup'] = ResolversParentTypes['FeedbackGroup']> = {
  campaign?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  representativeId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  size?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type FeedbackModerationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['FeedbackModeration'] = ResolversParentTypes['FeedbackModeration']> = {
  at?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  by?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  decision?: Resolver<ResolversTypes['ModerationDecision'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['FeedbackHideReason']>, ParentType, ContextType>;
};

export type FlagFeedbackPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['FlagFeedbackPayload'] = ResolversParentTypes['FlagFeedbackPayload']> = {
  alreadyFlagged?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  flagCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type GatewayStatusResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['GatewayStatus'] = ResolversParentTypes['GatewayStatus']> = {
  status?: Resolver<ResolversTypes['ServingStatus'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type HiddenFeedbackCountResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['HiddenFeedbackCount'] = ResolversParentTypes['HiddenFeedbackCount']> = {
  count?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['FeedbackHideReason'], ParentType, ContextType>;
};

export type ImportFeedbackPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ImportFeedbackPayload'] = ResolversParentTypes['ImportFeedbackPayload']> = {
  accepted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  alreadyKnown?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  dryRun?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  rejected?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  results?: Resolver<Array<ResolversTypes['ImportItemResult']>, ParentType, ContextType>;
};

export type ImportItemResultResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ImportItemResult'] = ResolversParentTypes['ImportItemResult']> = {
  feedbackId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  fields?: Resolver<Array<ResolversTypes['FeedbackFieldViolation']>, ParentType, ContextType>;
  index?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['ImportOutcome'], ParentType, ContextType>;
  receiptCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  rule?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type InboxItemResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['InboxItem'] = ResolversParentTypes['InboxItem']> = {
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  draftId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  eventType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  read?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  readAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type LocalizedTextResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['LocalizedText'] = ResolversParentTypes['LocalizedText']> = {
  lang?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MarkNotificationsReadPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['MarkNotificationsReadPayload'] = ResolversParentTypes['MarkNotificationsReadPayload']> = {
  marked?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type MeResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Me'] = ResolversParentTypes['Me']> = {
  displayName?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  organization?: Resolver<Maybe<ResolversTypes['Organization']>, ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['Role']>, ParentType, ContextType>;
  units?: Resolver<Array<ResolversTypes['Unit']>, ParentType, ContextType>;
};

export type MissingTranslationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['MissingTranslation'] = ResolversParentTypes['MissingTranslation']> = {
  channel?: Resolver<ResolversTypes['NotificationChannel'], ParentType, ContextType>;
  eventType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fallbackLanguage?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  language?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  amendDraft?: Resolver<Maybe<ResolversTypes['Draft']>, ParentType, ContextType, RequireFields<MutationAmendDraftArgs, 'amendedByDraftId' | 'expectedVersion' | 'id'>>;
  answerFeedback?: Resolver<Maybe<ResolversTypes['AnswerFeedbackPayload']>, ParentType, ContextType, RequireFields<MutationAnswerFeedbackArgs, 'input'>>;
  closeConsultation?: Resolver<Maybe<ResolversTypes['Draft']>, ParentType, ContextType, RequireFields<MutationCloseConsultationArgs, 'expectedVersion' | 'id'>>;
  confirmSubscription?: Resolver<Maybe<ResolversTypes['ConfirmSubscriptionPayload']>, ParentType, ContextType, RequireFields<MutationConfirmSubscriptionArgs, 'input'>>;
  createApiClient?: Resolver<Maybe<ResolversTypes['ApiKeyPayload']>, ParentType, ContextType, RequireFields<MutationCreateApiClientArgs, 'name' | 'organizationId' | 'roles'>>;
  createDraft?: Resolver<Maybe<ResolversTypes['Draft']>, ParentType, ContextType, RequireFields<MutationCreateDraftArgs, 'input'>>;
  deleteNotificationTemplate?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType, RequireFields<MutationDeleteNotificationTemplateArgs, 'channel' | 'eventType' | 'language'>>;
  eraseSubscriber?: Resolver<Maybe<ResolversTypes['Boolean']>, ParentType, ContextType, RequireFields<MutationEraseSubscriberArgs, 'id'>>;
  extendConsultation?: Resolver<Maybe<ResolversTypes['Draft']>, ParentType, ContextType, RequireFields<MutationExtendConsultationArgs, 'input'>>;
  flagFeedback?: Resolver<Maybe<ResolversTypes['FlagFeedbackPayload']>, ParentType, ContextType, RequireFields<MutationFlagFeedbackArgs, 'input'>>;
  importFeedback?: Resolver<Maybe<ResolversTypes['ImportFeedbackPayload']>, ParentType, ContextType, RequireFields<MutationImportFeedbackArgs, 'input'>>;
  markNotificationsRead?: Resolver<Maybe<ResolversTypes['MarkNotificationsReadPayload']>, ParentType, ContextType, RequireFields<MutationMarkNotificationsReadArgs, 'all'>>;
  moderateFeedback?: Resolver<Maybe<ResolversTypes['Feedback']>, ParentType, ContextType, RequireFields<MutationModerateFeedbackArgs, 'input'>>;
  openConsultation?: Resolver<Maybe<ResolversTypes['Draft']>, ParentType, ContextType, RequireFields<MutationOpenConsultationArgs, 'input'>>;
  promulgateDraft?: Resolver<Maybe<ResolversTypes['Draft']>, ParentType, ContextType, RequireFields<MutationPromulgateDraftArgs, 'input'>>;
  publishFeedbackAnswers?: Resolver<Maybe<ResolversTypes['PublishFeedbackAnswersPayload']>, ParentType, ContextType, RequireFields<MutationPublishFeedbackAnswersArgs, 'input'>>;
  publishSynthesis?: Resolver<Maybe<ResolversTypes['PublishSynthesisPayload']>, ParentType, ContextType, RequireFields<MutationPublishSynthesisArgs, 'draftId'>>;
  repealDraft?: Resolver<Maybe<ResolversTypes['Draft']>, ParentType, ContextType, RequireFields<MutationRepealDraftArgs, 'expectedVersion' | 'id' | 'repealedByDraftId'>>;
  resendVerificationCode?: Resolver<Maybe<ResolversTypes['ResendVerificationCodePayload']>, ParentType, ContextType, RequireFields<MutationResendVerificationCodeArgs, 'input'>>;
  reviseDraft?: Resolver<Maybe<ResolversTypes['Draft']>, ParentType, ContextType, RequireFields<MutationReviseDraftArgs, 'input'>>;
  revokeApiClient?: Resolver<Maybe<ResolversTypes['ApiClient']>, ParentType, ContextType, RequireFields<MutationRevokeApiClientArgs, 'clientId'>>;
  rotateApiKey?: Resolver<Maybe<ResolversTypes['ApiKeyPayload']>, ParentType, ContextType, RequireFields<MutationRotateApiKeyArgs, 'clientId'>>;
  saveNotificationTemplate?: Resolver<Maybe<ResolversTypes['NotificationTemplate']>, ParentType, ContextType, RequireFields<MutationSaveNotificationTemplateArgs, 'input'>>;
  setTranslation?: Resolver<Maybe<ResolversTypes['Draft']>, ParentType, ContextType, RequireFields<MutationSetTranslationArgs, 'input'>>;
  signIn?: Resolver<Maybe<ResolversTypes['SignInPayload']>, ParentType, ContextType, RequireFields<MutationSignInArgs, 'email' | 'password'>>;
  submitFeedback?: Resolver<Maybe<ResolversTypes['SubmitFeedbackPayload']>, ParentType, ContextType, RequireFields<MutationSubmitFeedbackArgs, 'input'>>;
  subscribe?: Resolver<Maybe<ResolversTypes['SubscribePayload']>, ParentType, ContextType, RequireFields<MutationSubscribeArgs, 'input'>>;
  unsubscribe?: Resolver<Maybe<ResolversTypes['UnsubscribePayload']>, ParentType, ContextType, RequireFields<MutationUnsubscribeArgs, 'input'>>;
  updateDraft?: Resolver<Maybe<ResolversTypes['Draft']>, ParentType, ContextType, RequireFields<MutationUpdateDraftArgs, 'input'>>;
  updateNotificationPreferences?: Resolver<Maybe<ResolversTypes['Subscriber']>, ParentType, ContextType, RequireFields<MutationUpdateNotificationPreferencesArgs, 'input'>>;
};

export type NatsStatusResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['NatsStatus'] = ResolversParentTypes['NatsStatus']> = {
  rttMs?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ServingStatus'], ParentType, ContextType>;
};

export type NetworkResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Network'] = ResolversParentTypes['Network']> = {
  gateway?: Resolver<ResolversTypes['GatewayStatus'], ParentType, ContextType>;
  liveSubscriptions?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  nats?: Resolver<ResolversTypes['NatsStatus'], ParentType, ContextType>;
  outbox?: Resolver<Array<ResolversTypes['OutboxStatus']>, ParentType, ContextType>;
  services?: Resolver<Array<ResolversTypes['ServiceStatus']>, ParentType, ContextType>;
};

export type NotificationAlertResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['NotificationAlert'] = ResolversParentTypes['NotificationAlert']> = {
  channel?: Resolver<Maybe<ResolversTypes['NotificationChannel']>, ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  subscriberId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type NotificationConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['NotificationConnection'] = ResolversParentTypes['NotificationConnection']> = {
  items?: Resolver<Array<ResolversTypes['InboxItem']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  unreadCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type NotificationTemplateResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['NotificationTemplate'] = ResolversParentTypes['NotificationTemplate']> = {
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  channel?: Resolver<ResolversTypes['NotificationChannel'], ParentType, ContextType>;
  eventType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  language?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  subject?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  updatedBy?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type NotificationTemplatePreviewResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['NotificationTemplatePreview'] = ResolversParentTypes['NotificationTemplatePreview']> = {
  html?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  language?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  smsEncoding?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  smsSegments?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  subject?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type OrganizationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Organization'] = ResolversParentTypes['Organization']> = {
  demo?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['OrganizationKind'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  unit?: Resolver<Maybe<ResolversTypes['Unit']>, ParentType, ContextType>;
};

export type OutboxStatusResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['OutboxStatus'] = ResolversParentTypes['OutboxStatus']> = {
  oldestPendingAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  pending?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  published?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  service?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ServingStatus'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PendingVerificationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PendingVerification'] = ResolversParentTypes['PendingVerification']> = {
  channel?: Resolver<ResolversTypes['NotificationChannel'], ParentType, ContextType>;
  expiresAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  method?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PromulgationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Promulgation'] = ResolversParentTypes['Promulgation']> = {
  documentNumber?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  effectiveOn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  signedOn?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PublicFeedbackResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PublicFeedback'] = ResolversParentTypes['PublicFeedback']> = {
  answer?: Resolver<Maybe<ResolversTypes['FeedbackAnswer']>, ParentType, ContextType>;
  articleId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  channel?: Resolver<ResolversTypes['FeedbackChannel'], ParentType, ContextType>;
  clauseId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  draftId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  groupId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  language?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  receivedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  stance?: Resolver<ResolversTypes['FeedbackStance'], ParentType, ContextType>;
  submitterKind?: Resolver<ResolversTypes['FeedbackSubmitterKind'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PublicFeedbackPageResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PublicFeedbackPage'] = ResolversParentTypes['PublicFeedbackPage']> = {
  hidden?: Resolver<Array<ResolversTypes['HiddenFeedbackCount']>, ParentType, ContextType>;
  items?: Resolver<Array<ResolversTypes['PublicFeedback']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type PublishFeedbackAnswersPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PublishFeedbackAnswersPayload'] = ResolversParentTypes['PublishFeedbackAnswersPayload']> = {
  feedbackIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
};

export type PublishSynthesisPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['PublishSynthesisPayload'] = ResolversParentTypes['PublishSynthesisPayload']> = {
  report?: Resolver<ResolversTypes['SynthesisReport'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  deliveries?: Resolver<ResolversTypes['DeliveryConnection'], ParentType, ContextType, RequireFields<QueryDeliveriesArgs, 'first'>>;
  draft?: Resolver<Maybe<ResolversTypes['Draft']>, ParentType, ContextType, RequireFields<QueryDraftArgs, 'id'>>;
  draftAudit?: Resolver<ResolversTypes['AuditConnection'], ParentType, ContextType, RequireFields<QueryDraftAuditArgs, 'draftId' | 'first'>>;
  draftDiff?: Resolver<Array<ResolversTypes['ArticleChange']>, ParentType, ContextType, RequireFields<QueryDraftDiffArgs, 'draftId' | 'fromVersion' | 'toVersion'>>;
  draftVersion?: Resolver<Maybe<ResolversTypes['DraftVersion']>, ParentType, ContextType, RequireFields<QueryDraftVersionArgs, 'draftId' | 'number'>>;
  drafts?: Resolver<ResolversTypes['DraftConnection'], ParentType, ContextType, RequireFields<QueryDraftsArgs, 'descending' | 'first' | 'sort'>>;
  feedback?: Resolver<ResolversTypes['FeedbackConnection'], ParentType, ContextType, RequireFields<QueryFeedbackArgs, 'filter' | 'first'>>;
  me?: Resolver<Maybe<ResolversTypes['Me']>, ParentType, ContextType>;
  missingTranslations?: Resolver<Array<ResolversTypes['MissingTranslation']>, ParentType, ContextType, RequireFields<QueryMissingTranslationsArgs, 'languages'>>;
  myFeedback?: Resolver<ResolversTypes['FeedbackConnection'], ParentType, ContextType, RequireFields<QueryMyFeedbackArgs, 'first'>>;
  myNotifications?: Resolver<ResolversTypes['NotificationConnection'], ParentType, ContextType, RequireFields<QueryMyNotificationsArgs, 'first' | 'unreadOnly'>>;
  mySubscriptions?: Resolver<Array<ResolversTypes['Subscriber']>, ParentType, ContextType>;
  network?: Resolver<ResolversTypes['Network'], ParentType, ContextType>;
  notificationAlerts?: Resolver<Array<ResolversTypes['NotificationAlert']>, ParentType, ContextType, RequireFields<QueryNotificationAlertsArgs, 'first'>>;
  notificationTemplates?: Resolver<Array<ResolversTypes['NotificationTemplate']>, ParentType, ContextType, Partial<QueryNotificationTemplatesArgs>>;
  organizations?: Resolver<Array<ResolversTypes['Organization']>, ParentType, ContextType, Partial<QueryOrganizationsArgs>>;
  previewNotificationTemplate?: Resolver<ResolversTypes['NotificationTemplatePreview'], ParentType, ContextType, RequireFields<QueryPreviewNotificationTemplateArgs, 'input'>>;
  publicFeedback?: Resolver<ResolversTypes['PublicFeedbackPage'], ParentType, ContextType, RequireFields<QueryPublicFeedbackArgs, 'draftId' | 'first'>>;
  spokespersons?: Resolver<Array<ResolversTypes['Spokesperson']>, ParentType, ContextType, Partial<QuerySpokespersonsArgs>>;
  subscriber?: Resolver<Maybe<ResolversTypes['Subscriber']>, ParentType, ContextType, RequireFields<QuerySubscriberArgs, 'id'>>;
  subscribers?: Resolver<ResolversTypes['SubscriberConnection'], ParentType, ContextType, RequireFields<QuerySubscribersArgs, 'first'>>;
  synthesisReport?: Resolver<ResolversTypes['SynthesisReport'], ParentType, ContextType, RequireFields<QuerySynthesisReportArgs, 'draftId'>>;
  unit?: Resolver<Maybe<ResolversTypes['Unit']>, ParentType, ContextType, RequireFields<QueryUnitArgs, 'id'>>;
  units?: Resolver<Array<ResolversTypes['Unit']>, ParentType, ContextType, RequireFields<QueryUnitsArgs, 'includeInactive'>>;
};

export type QuietHoursResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['QuietHours'] = ResolversParentTypes['QuietHours']> = {
  end?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  start?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  timeZone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type ResendVerificationCodePayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ResendVerificationCodePayload'] = ResolversParentTypes['ResendVerificationCodePayload']> = {
  subscriberId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  verification?: Resolver<ResolversTypes['PendingVerification'], ParentType, ContextType>;
};

export type ServiceStatusResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['ServiceStatus'] = ResolversParentTypes['ServiceStatus']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['ServingStatus'], ParentType, ContextType>;
};

export type SignInPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SignInPayload'] = ResolversParentTypes['SignInPayload']> = {
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  me?: Resolver<ResolversTypes['Me'], ParentType, ContextType>;
  token?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SpokespersonResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Spokesperson'] = ResolversParentTypes['Spokesperson']> = {
  demo?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  organization?: Resolver<Maybe<ResolversTypes['Organization']>, ParentType, ContextType>;
  phone?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  position?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SubmitFeedbackPayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SubmitFeedbackPayload'] = ResolversParentTypes['SubmitFeedbackPayload']> = {
  alreadyKnown?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  feedbackId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  receiptCode?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type SubscribePayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SubscribePayload'] = ResolversParentTypes['SubscribePayload']> = {
  subscriberId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  verifications?: Resolver<Array<ResolversTypes['PendingVerification']>, ParentType, ContextType>;
};

export type SubscriberResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Subscriber'] = ResolversParentTypes['Subscriber']> = {
  consents?: Resolver<Array<ResolversTypes['ConsentRecord']>, ParentType, ContextType>;
  contacts?: Resolver<Array<ResolversTypes['ContactPoint']>, ParentType, ContextType>;
  createdAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  defaultChannels?: Resolver<Array<ResolversTypes['NotificationChannel']>, ParentType, ContextType>;
  digest?: Resolver<ResolversTypes['DigestMode'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['SubscriberKind'], ParentType, ContextType>;
  language?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  quietHours?: Resolver<Maybe<ResolversTypes['QuietHours']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['SubscriberStatus'], ParentType, ContextType>;
  topics?: Resolver<Array<ResolversTypes['Topic']>, ParentType, ContextType>;
  unitIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  units?: Resolver<Array<ResolversTypes['Unit']>, ParentType, ContextType>;
  updatedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SubscriberConnectionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SubscriberConnection'] = ResolversParentTypes['SubscriberConnection']> = {
  items?: Resolver<Array<ResolversTypes['Subscriber']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  draftEvents?: SubscriptionResolver<ResolversTypes['DraftEvent'], "draftEvents", ParentType, ContextType, Partial<SubscriptionDraftEventsArgs>>;
  feedbackEvents?: SubscriptionResolver<ResolversTypes['FeedbackEvent'], "feedbackEvents", ParentType, ContextType, Partial<SubscriptionFeedbackEventsArgs>>;
  notificationAdded?: SubscriptionResolver<ResolversTypes['InboxItem'], "notificationAdded", ParentType, ContextType>;
};

export type SynthesisArticleResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SynthesisArticle'] = ResolversParentTypes['SynthesisArticle']> = {
  answeredRows?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  articleId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  change?: Resolver<ResolversTypes['ArticleChangeKind'], ParentType, ContextType>;
  comments?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  groups?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  number?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  opinions?: Resolver<ResolversTypes['SynthesisStances'], ParentType, ContextType>;
  rows?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  verifiedOpinions?: Resolver<ResolversTypes['SynthesisStances'], ParentType, ContextType>;
};

export type SynthesisChannelCountResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SynthesisChannelCount'] = ResolversParentTypes['SynthesisChannelCount']> = {
  channel?: Resolver<ResolversTypes['FeedbackChannel'], ParentType, ContextType>;
  hidden?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  received?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  verified?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SynthesisCountsResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SynthesisCounts'] = ResolversParentTypes['SynthesisCounts']> = {
  counted?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  distinctTexts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  groups?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  received?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  uniquePeople?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unknownPeople?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SynthesisOpinionGroupResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SynthesisOpinionGroup'] = ResolversParentTypes['SynthesisOpinionGroup']> = {
  agreeArticleIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  disagreeArticleIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  size?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SynthesisOpinionGroupsResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SynthesisOpinionGroups'] = ResolversParentTypes['SynthesisOpinionGroups']> = {
  consensusArticleIds?: Resolver<Array<ResolversTypes['ID']>, ParentType, ContextType>;
  groups?: Resolver<Array<ResolversTypes['SynthesisOpinionGroup']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['OpinionGroupsStatus'], ParentType, ContextType>;
};

export type SynthesisReportResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SynthesisReport'] = ResolversParentTypes['SynthesisReport']> = {
  all?: Resolver<ResolversTypes['SynthesisCounts'], ParentType, ContextType>;
  articles?: Resolver<Array<ResolversTypes['SynthesisArticle']>, ParentType, ContextType>;
  channels?: Resolver<Array<ResolversTypes['SynthesisChannelCount']>, ParentType, ContextType>;
  closesAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  draftId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  generatedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  hidden?: Resolver<Array<ResolversTypes['HiddenFeedbackCount']>, ParentType, ContextType>;
  noUnit?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  opensAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  opinionGroups?: Resolver<ResolversTypes['SynthesisOpinionGroups'], ParentType, ContextType>;
  pendingModeration?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  publishedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['SynthesisStatus'], ParentType, ContextType>;
  units?: Resolver<Array<ResolversTypes['SynthesisUnitCount']>, ParentType, ContextType>;
  unknownUnit?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unverified?: Resolver<ResolversTypes['SynthesisCounts'], ParentType, ContextType>;
  verified?: Resolver<ResolversTypes['SynthesisCounts'], ParentType, ContextType>;
  view?: Resolver<ResolversTypes['SynthesisView'], ParentType, ContextType>;
};

export type SynthesisStancesResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SynthesisStances'] = ResolversParentTypes['SynthesisStances']> = {
  oppose?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  question?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  suggestChange?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  support?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SynthesisUnitCountResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['SynthesisUnitCount'] = ResolversParentTypes['SynthesisUnitCount']> = {
  depth?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  own?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  received?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  unitId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  verified?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type TextDiffPartResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['TextDiffPart'] = ResolversParentTypes['TextDiffPart']> = {
  op?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  text?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TopicResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Topic'] = ResolversParentTypes['Topic']> = {
  channels?: Resolver<Array<ResolversTypes['NotificationChannel']>, ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['TopicKind'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type TranslationResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Translation'] = ResolversParentTypes['Translation']> = {
  lang?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TranslationStatus'], ParentType, ContextType>;
};

export type UnitResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['Unit'] = ResolversParentTypes['Unit']> = {
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  children?: Resolver<Array<ResolversTypes['Unit']>, ParentType, ContextType, RequireFields<UnitChildrenArgs, 'includeInactive'>>;
  demo?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  level?: Resolver<ResolversTypes['UnitLevel'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  parent?: Resolver<Maybe<ResolversTypes['Unit']>, ParentType, ContextType>;
};

export type UnsubscribePayloadResolvers<ContextType = GatewayContext, ParentType extends ResolversParentTypes['UnsubscribePayload'] = ResolversParentTypes['UnsubscribePayload']> = {
  channel?: Resolver<Maybe<ResolversTypes['NotificationChannel']>, ParentType, ContextType>;
  subscriberId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type Resolvers<ContextType = GatewayContext> = {
  AnswerFeedbackPayload?: AnswerFeedbackPayloadResolvers<ContextType>;
  ApiClient?: ApiClientResolvers<ContextType>;
  ApiKeyPayload?: ApiKeyPayloadResolvers<ContextType>;
  Article?: ArticleResolvers<ContextType>;
  ArticleChange?: ArticleChangeResolvers<ContextType>;
  Attachment?: AttachmentResolvers<ContextType>;
  AuditConnection?: AuditConnectionResolvers<ContextType>;
  AuditEntry?: AuditEntryResolvers<ContextType>;
  Chapter?: ChapterResolvers<ContextType>;
  Clause?: ClauseResolvers<ContextType>;
  ConfirmSubscriptionPayload?: ConfirmSubscriptionPayloadResolvers<ContextType>;
  ConsentRecord?: ConsentRecordResolvers<ContextType>;
  Consultation?: ConsultationResolvers<ContextType>;
  ConsultationExtension?: ConsultationExtensionResolvers<ContextType>;
  ContactPoint?: ContactPointResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Delivery?: DeliveryResolvers<ContextType>;
  DeliveryConnection?: DeliveryConnectionResolvers<ContextType>;
  DeliveryStateCount?: DeliveryStateCountResolvers<ContextType>;
  Draft?: DraftResolvers<ContextType>;
  DraftConnection?: DraftConnectionResolvers<ContextType>;
  DraftEdge?: DraftEdgeResolvers<ContextType>;
  DraftEvent?: DraftEventResolvers<ContextType>;
  DraftVersion?: DraftVersionResolvers<ContextType>;
  Feedback?: FeedbackResolvers<ContextType>;
  FeedbackAnswer?: FeedbackAnswerResolvers<ContextType>;
  FeedbackConnection?: FeedbackConnectionResolvers<ContextType>;
  FeedbackContact?: FeedbackContactResolvers<ContextType>;
  FeedbackDemographics?: FeedbackDemographicsResolvers<ContextType>;
  FeedbackEvent?: FeedbackEventResolvers<ContextType>;
  FeedbackFieldViolation?: FeedbackFieldViolationResolvers<ContextType>;
  FeedbackGroup?: FeedbackGroupResolvers<ContextType>;
  FeedbackModeration?: FeedbackModerationResolvers<ContextType>;
  FlagFeedbackPayload?: FlagFeedbackPayloadResolvers<ContextType>;
  GatewayStatus?: GatewayStatusResolvers<ContextType>;
  HiddenFeedbackCount?: HiddenFeedbackCountResolvers<ContextType>;
  ImportFeedbackPayload?: ImportFeedbackPayloadResolvers<ContextType>;
  ImportItemResult?: ImportItemResultResolvers<ContextType>;
  InboxItem?: InboxItemResolvers<ContextType>;
  LocalizedText?: LocalizedTextResolvers<ContextType>;
  MarkNotificationsReadPayload?: MarkNotificationsReadPayloadResolvers<ContextType>;
  Me?: MeResolvers<ContextType>;
  MissingTranslation?: MissingTranslationResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  NatsStatus?: NatsStatusResolvers<ContextType>;
  Network?: NetworkResolvers<ContextType>;
  NotificationAlert?: NotificationAlertResolvers<ContextType>;
  NotificationConnection?: NotificationConnectionResolvers<ContextType>;
  NotificationTemplate?: NotificationTemplateResolvers<ContextType>;
  NotificationTemplatePreview?: NotificationTemplatePreviewResolvers<ContextType>;
  Organization?: OrganizationResolvers<ContextType>;
  OutboxStatus?: OutboxStatusResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PendingVerification?: PendingVerificationResolvers<ContextType>;
  Promulgation?: PromulgationResolvers<ContextType>;
  PublicFeedback?: PublicFeedbackResolvers<ContextType>;
  PublicFeedbackPage?: PublicFeedbackPageResolvers<ContextType>;
  PublishFeedbackAnswersPayload?: PublishFeedbackAnswersPayloadResolvers<ContextType>;
  PublishSynthesisPayload?: PublishSynthesisPayloadResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  QuietHours?: QuietHoursResolvers<ContextType>;
  ResendVerificationCodePayload?: ResendVerificationCodePayloadResolvers<ContextType>;
  ServiceStatus?: ServiceStatusResolvers<ContextType>;
  SignInPayload?: SignInPayloadResolvers<ContextType>;
  Spokesperson?: SpokespersonResolvers<ContextType>;
  SubmitFeedbackPayload?: SubmitFeedbackPayloadResolvers<ContextType>;
  SubscribePayload?: SubscribePayloadResolvers<ContextType>;
  Subscriber?: SubscriberResolvers<ContextType>;
  SubscriberConnection?: SubscriberConnectionResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
  SynthesisArticle?: SynthesisArticleResolvers<ContextType>;
  SynthesisChannelCount?: SynthesisChannelCountResolvers<ContextType>;
  SynthesisCounts?: SynthesisCountsResolvers<ContextType>;
  SynthesisOpinionGroup?: SynthesisOpinionGroupResolvers<ContextType>;
  SynthesisOpinionGroups?: SynthesisOpinionGroupsResolvers<ContextType>;
  SynthesisReport?: SynthesisReportResolvers<ContextType>;
  SynthesisStances?: SynthesisStancesResolvers<ContextType>;
  SynthesisUnitCount?: SynthesisUnitCountResolvers<ContextType>;
  TextDiffPart?: TextDiffPartResolvers<ContextType>;
  Topic?: TopicResolvers<ContextType>;
  Translation?: TranslationResolvers<ContextType>;
  Unit?: UnitResolvers<ContextType>;
  UnsubscribePayload?: UnsubscribePayloadResolvers<ContextType>;
};


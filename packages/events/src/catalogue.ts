import { z } from 'zod';

/**
 * The event catalogue: every event type in the network with the schema of its `data`. Publishers
 * validate against it before an event enters the outbox; consumers validate again on receipt, and
 * dead-letter what does not match. Types are `pcn.<domain>.v1.<PastTense>`; a breaking change to a
 * payload is a new version (`v2`), never an edit here.
 */

const id = z.string().min(1).max(128);
const ids = z.array(id).max(10_000);
const isoTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();
/** BCP 47 tag, checked for shape; services check it fully with Intl. */
const language = z.string().regex(/^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/);
/** Text per language tag, `vi` always present where the schema says so. */
const localized = z.record(language, z.string().max(100_000));
const localizedWithVi = localized.refine((t) => typeof t.vi === 'string' && t.vi.length > 0, {
  message: 'must include vi',
});
const count = z.number().int().min(0);
const money = z.object({
  amount: z.string().regex(/^\d+(\.\d{1,2})?$/),
  currency: z.literal('VND'),
});

/** What every draft event says about who it concerns, so consumers need not call back. */
const draftAudience = {
  draftId: id,
  code: z.string().max(64),
  documentType: z.string().max(64),
  agencyId: id,
  title: localizedWithVi,
  languages: z.array(language).min(1).max(50),
  targetUnitIds: ids,
  ethnicGroups: z.array(z.string().max(64)).max(100),
  audienceGroups: z.array(z.string().max(64)).max(100),
  policyAreas: z.array(z.string().max(64)).max(100),
  /** Whether the draft is disclosed to the public; consumers must not expose it otherwise. */
  publicDisclosure: z.boolean(),
  version: z.number().int().min(1),
};

const consultationWindow = { opensAt: isoTime, closesAt: isoTime };
/**
 * An article of a draft version as comments point at it: its stable id, number as printed, its
 * heading in the published languages, and the ids of its clauses. Added to the draft events
 * after v1 shipped, so optional: older events still validate.
 */
const draftArticles = z
  .array(
    z.object({
      id,
      number: z.string().max(32),
      heading: localized,
      clauseIds: z.array(id).max(1000),
      /**
       * The article's Vietnamese text (number, heading, then each clause on its own line), when
       * the event's text budget held it: ConsultationOpened carries the consulted texts,
       * DraftRevised those of the articles it changed or added.
       */
      text: z.string().max(300_000).optional(),
    }),
  )
  .max(5000);
const activityKind = z.enum([
  'press_piece',
  'village_session',
  'loudspeaker',
  'social_post',
  'poster',
  'portal',
]);
const channel = z.enum(['email', 'sms', 'zalo', 'webhook', 'in_app']);
const feedbackChannel = z.enum([
  'web',
  'partner',
  'paper',
  'village_session',
  'sms',
  'zalo',
  'email',
]);
const feedbackStance = z.enum(['support', 'oppose', 'suggest_change', 'question']);
/**
 * A comment's receipt: a short code the submitter can quote, unique per draft (the feedback
 * service makes 8 characters of Crockford base32); letters, digits and dashes only, so it is safe
 * in an SMS or a URL.
 */
const receiptCode = z.string().regex(/^[0-9A-Za-z-]{4,16}$/);
/**
 * Where the submitter is told of the receipt and the answer, or null when they gave no way back:
 * an SMS number (E.164), a Zalo user id, an email, the in-app inbox of a user, or a partner
 * system with its own reference for its user. Personal data: never logged, and erased from the
 * stream with the person (see `EVENTS_WITH_PERSONAL_DATA`).
 */
const replyTo = z
  .discriminatedUnion('channel', [
    z.object({ channel: z.literal('sms'), phone: z.string().regex(/^\+[1-9]\d{6,14}$/) }),
    z.object({ channel: z.literal('zalo'), zaloUserId: id }),
    z.object({ channel: z.literal('email'), email: z.email().max(254) }),
    z.object({ channel: z.literal('in_app'), userId: id }),
    z.object({
      channel: z.literal('partner'),
      clientId: id,
      externalRef: z.string().min(1).max(128),
    }),
  ])
  .nullable();
/** An administrative unit as the directory holds it; `path` runs from the root to the unit. */
const directoryUnit = z
  .object({
    id,
    name: z.string().min(1).max(256),
    level: z.enum(['province', 'district', 'ward', 'town', 'commune']),
    path: z.array(id).min(1).max(16),
    active: z.boolean(),
  })
  .refine((u) => u.path.at(-1) === u.id, {
    message: 'path must end with the unit id',
    path: ['path'],
  });

export const catalogue = {
  // directory (published by the gateway, which owns identity and the directory)
  /**
   * Units that are new or changed, each whole (put semantics: the latest event about a unit wins).
   * A large change is split over several events, each under the size cap; `treeFingerprint` names
   * the whole tree after the change, the same in every part of it.
   */
  'pcn.directory.v1.UnitsChanged': z.object({
    units: z.array(directoryUnit).min(1).max(5000),
    treeFingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    part: z.number().int().min(1),
    parts: z.number().int().min(1),
  }),

  // draft
  'pcn.draft.v1.DraftCreated': z.object({ ...draftAudience }),
  'pcn.draft.v1.DraftUpdated': z.object({
    ...draftAudience,
    changedFields: z.array(z.string().max(128)).max(200),
    // The consultation's window after the change (an extension moves `closesAt`); absent when the
    // draft has no consultation. Added later, so optional.
    opensAt: isoTime.optional(),
    closesAt: isoTime.optional(),
  }),
  'pcn.draft.v1.ConsultationOpened': z.object({
    ...draftAudience,
    ...consultationWindow,
    /** The consulted version's articles (added later, so optional): comments point at them. */
    articles: draftArticles.optional(),
  }),
  'pcn.draft.v1.ConsultationClosingSoon': z.object({ ...draftAudience, ...consultationWindow }),
  'pcn.draft.v1.ConsultationClosed': z.object({
    ...draftAudience,
    ...consultationWindow,
    closedAt: isoTime,
    closedBy: z.enum(['schedule', 'agency']),
  }),
  'pcn.draft.v1.DraftRevised': z.object({
    ...draftAudience,
    previousVersion: z.number().int().min(1),
    changedArticleIds: ids,
    /** The revised version's articles (added later, so optional). */
    articles: draftArticles.optional(),
  }),
  'pcn.draft.v1.DraftPromulgated': z.object({
    ...draftAudience,
    documentNumber: z.string().min(1).max(64),
    signedOn: isoDate,
    effectiveOn: isoDate,
  }),
  'pcn.draft.v1.DraftAmended': z.object({ ...draftAudience, amendedByDraftId: id }),
  'pcn.draft.v1.DraftRepealed': z.object({ ...draftAudience, repealedByDraftId: id }),

  // feedback
  /**
   * A comment was taken in. Carries what the notification service needs to send the receipt
   * (`replyTo`, `language`, `receiptCode`) without calling back; `replyTo` is personal data, kept
   * on the internal stream only and never logged.
   */
  'pcn.feedback.v1.FeedbackReceived': z.object({
    feedbackId: id,
    draftId: id,
    /** The draft's content version the comment was made on. */
    version: z.number().int().min(1),
    articleId: id.nullable(),
    clauseId: id.nullable(),
    stance: feedbackStance,
    channel: feedbackChannel,
    language,
    unitId: id.nullable(),
    submitterKind: z.enum(['citizen', 'organization', 'agency', 'press']),
    /** Whether the submitter is known (a signed-in user or a partner's user), not anonymous. */
    verified: z.boolean(),
    /** When the comment was received (paper and village sessions: the date on the form). */
    receivedAt: isoTime,
    receiptCode,
    replyTo,
  }),
  'pcn.feedback.v1.FeedbackModerated': z
    .object({
      feedbackId: id,
      draftId: id,
      decision: z.enum(['hidden', 'published']),
      /** Why a comment was hidden; null when published. */
      reason: z.enum(['spam', 'offensive', 'off_topic', 'personal_data']).nullable(),
      moderatedAt: isoTime,
    })
    .refine((m) => (m.decision === 'hidden') === (m.reason !== null), {
      message: 'a hidden comment has a reason, a published one none',
      path: ['reason'],
    }),
  /**
   * An answer to one comment was published (citizens see answers only once published); one event
   * per comment, also when a whole group was answered at once.
   */
  'pcn.feedback.v1.FeedbackAnswered': z.object({
    feedbackId: id,
    draftId: id,
    articleId: id.nullable(),
    groupId: id.nullable(),
    outcome: z.enum(['accepted', 'partly_accepted', 'not_accepted', 'noted']),
    /** The explanation the law asks for. */
    reason: z.string().min(1).max(5000),
    changedArticleIds: z.array(id).max(1000),
    answeredAt: isoTime,
    publishedAt: isoTime,
    /** The submitter's language, for the message. */
    language,
    receiptCode,
    replyTo,
  }),
  'pcn.feedback.v1.SynthesisPublished': z.object({
    reportId: id,
    draftId: id,
    feedbackCount: count,
    acceptedCount: count,
    publishedAt: isoTime,
    languages: z.array(language).min(1).max(50),
    targetUnitIds: ids,
  }),

  // outreach
  'pcn.outreach.v1.PlanCreated': z.object({
    planId: id,
    draftId: id,
    targetUnitIds: ids,
    languages: z.array(language).min(1).max(50),
    highImpact: z.boolean(),
  }),
  'pcn.outreach.v1.ActivityScheduled': z.object({
    activityId: id,
    planId: id,
    draftId: id,
    kind: activityKind,
    unitId: id.nullable(),
    language,
    scheduledAt: isoTime,
  }),
  'pcn.outreach.v1.ActivityHeld': z.object({
    activityId: id,
    planId: id,
    draftId: id,
    kind: activityKind,
    unitId: id.nullable(),
    language,
    heldAt: isoTime,
    // Aggregates only: counts per group serve the funnel without profiling anyone.
    attendance: z.object({
      total: count,
      byEthnicGroup: z.record(z.string().max(64), count),
      byGender: z.record(z.string().max(32), count),
    }),
  }),
  'pcn.outreach.v1.PressOrderPlaced': z.object({
    orderId: id,
    planId: id,
    draftId: id,
    pressAgencyId: id,
    quantity: z.number().int().min(1),
    budget: money,
    startsOn: isoDate,
    dueOn: isoDate,
  }),
  'pcn.outreach.v1.PressOrderDelivered': z.object({
    orderId: id,
    draftId: id,
    pressAgencyId: id,
    deliveredAt: isoTime,
    deliverables: count,
  }),
  'pcn.outreach.v1.PressOrderAccepted': z.object({
    orderId: id,
    draftId: id,
    pressAgencyId: id,
    acceptedAt: isoTime,
    amount: money,
  }),
  'pcn.outreach.v1.FunnelSurveyAnswered': z.object({
    surveyId: id,
    draftId: id,
    unitId: id,
    language,
    stage: z.enum(['know', 'understand', 'believe', 'follow', 'do']),
    respondents: count,
    positive: count,
  }),

  // notification
  'pcn.notification.v1.NotificationDelivered': z.object({
    deliveryId: id,
    sourceEventId: id,
    // Added later, so optional: lets the gateway route in-app items to their owner's live feed.
    subscriberId: id.optional(),
    // In-app only: the network user whose inbox got it, so live feeds filter without a lookup.
    recipientUserId: id.optional(),
    channel,
    deliveredAt: isoTime,
  }),
  'pcn.notification.v1.NotificationFailed': z.object({
    deliveryId: id,
    sourceEventId: id,
    subscriberId: id.optional(),
    channel,
    attempts: z.number().int().min(1),
    reason: z.string().max(1000),
  }),
  'pcn.notification.v1.SubscriberOptedOut': z.object({
    subscriberId: id,
    channel: channel.nullable(),
    via: z.enum(['link', 'sms_stop', 'zalo_stop', 'admin', 'self_service']),
  }),
} as const;

export type EventType = keyof typeof catalogue;

/**
 * The events that carry a person's contact data (in `replyTo`), and so are erased from their
 * stream and the dead letters when that person is erased (Law 91/2025, `pcn-admin erase`). A test
 * walks the catalogue so that a new field holding contact data cannot go unlisted.
 */
export const EVENTS_WITH_PERSONAL_DATA = [
  'pcn.feedback.v1.FeedbackReceived',
  'pcn.feedback.v1.FeedbackAnswered',
] as const satisfies readonly EventType[];
export type EventData<T extends EventType> = z.infer<(typeof catalogue)[T]>;
export const EVENT_TYPES = Object.keys(catalogue) as EventType[];

/** The domains that own streams; every event type belongs to one. */
export const DOMAINS = ['directory', 'draft', 'feedback', 'outreach', 'notification'] as const;
export type Domain = (typeof DOMAINS)[number];

export function isEventType(value: string): value is EventType {
  return Object.hasOwn(catalogue, value);
}

export function domainOf(type: EventType): Domain {
  return type.split('.')[1] as Domain;
}

import type { EventData } from '@pcn/events';
import {
  InvalidArgumentError,
  NotFoundError,
  parseInput,
  type CallerIdentity,
  type FieldViolation,
} from '@pcn/platform';
import { assertWithinWindow } from './consultation-window.js';
import { assertMayRecordFor, canReadDraft } from './feedback-access.js';
import { z } from 'zod';
import { feedbackInputSchema, type FeedbackInput } from './feedback-input.js';
import { RECORDED_CHANNELS, type DraftInfo, type FeedbackRecord } from './feedback.model.js';
import {
  demographicConsent,
  normaliseContact,
  ownerKeyOf,
  resolveSubmitter,
  scopedIdempotencyKey,
  sourceOf,
} from './submitter.js';

/** How far ahead of the service's clock a received time may be (clocks of officers' devices). */
const RECEIVED_SKEW_MS = 5 * 60_000;

export interface IntakeContext {
  caller: CallerIdentity | undefined;
  /** What the service knows of the comment's draft; null when it has never heard of it. */
  draft: DraftInfo | null;
  /** Paths of the units the input names (from the directory events); missing means unknown. */
  unitPaths: ReadonlyMap<string, readonly string[]>;
  now: Date;
  /** Grace after the close for paper and village-session comments received before it. */
  graceMs: number;
  newId: () => string;
  newReceiptCode: () => string;
}

export interface IntakeDecision {
  record: FeedbackRecord;
  received: EventData<'pcn.feedback.v1.FeedbackReceived'>;
}

function under(prefix: string, violations: FieldViolation[]): FieldViolation[] {
  return prefix ? violations.map((v) => ({ ...v, field: `${prefix}.${v.field}` })) : violations;
}

/**
 * Decides whether one comment is taken in, and builds its record and its `FeedbackReceived`.
 * Pure: the caller, the draft as the events described it, the units, the clock, ids. Throws
 * InvalidArgumentError naming every bad field (under `prefix`, for import items), NotFoundError
 * for a draft the caller cannot see, PermissionDeniedError or UnauthenticatedError for a caller
 * the channel is not for, and FailedPreconditionError (naming the rule) outside the window.
 */
export function decideIntake(raw: FeedbackInput, ctx: IntakeContext, prefix = ''): IntakeDecision {
  const source = sourceOf(ctx.caller);
  const input = parseInput(feedbackInputSchema, raw, prefix);
  const draft = ctx.draft;
  if (!draft || !canReadDraft(ctx.caller, draft)) throw new NotFoundError('draft', input.draftId);

  const violations: FieldViolation[] = [];
  const { submitter, verified, replyTo } = resolveSubmitter(source, input, ctx.now, violations);

  if (input.articleId !== null) {
    const article = draft.articles.find((a) => a.id === input.articleId);
    if (!article)
      violations.push({
        field: 'articleId',
        description: `is not an article of the version of draft ${draft.id} in consultation`,
      });
    else if (input.clauseId !== null && !article.clauseIds.includes(input.clauseId))
      violations.push({
        field: 'clauseId',
        description: `is not a clause of article ${article.number}`,
      });
  } else if (input.clauseId !== null) {
    violations.push({ field: 'clauseId', description: 'needs the articleId it belongs to' });
  }

  if (input.unitId !== null && !ctx.unitPaths.has(input.unitId))
    violations.push({ field: 'unitId', description: 'is not a unit of the directory' });

  const d = input.demographics;
  const anyDemographic = d && (d.ethnicGroup !== null || d.gender !== null || d.ageBand !== null);
  const consent = anyDemographic ? demographicConsent(d, submitter.via, ctx.now) : null;
  if (anyDemographic && !consent)
    violations.push({
      field: 'demographics.consent',
      description:
        'ethnic group, gender and age band are kept only with the explicit consent of the person for this purpose (given: true)',
    });

  const recorded = RECORDED_CHANNELS.includes(input.channel);
  let receivedAt = ctx.now;
  if (input.receivedAt !== undefined) {
    if (!recorded)
      violations.push({
        field: 'receivedAt',
        description: 'only paper and village_session comments carry the date they were received',
      });
    else if (Date.parse(input.receivedAt) > ctx.now.getTime() + RECEIVED_SKEW_MS)
      violations.push({ field: 'receivedAt', description: 'cannot be in the future' });
    else receivedAt = new Date(input.receivedAt);
  }

  if (violations.length > 0) throw new InvalidArgumentError(under(prefix, violations));

  if (submitter.via === 'officer')
    assertMayRecordFor(ctx.caller, draft, {
      id: input.unitId,
      path: input.unitId === null ? undefined : ctx.unitPaths.get(input.unitId),
    });

  assertWithinWindow(draft, input.channel, receivedAt, ctx.now, ctx.graceMs);

  const id = ctx.newId();
  const receiptCode = ctx.newReceiptCode();
  const version = draft.consultedVersion ?? 1;
  const record: FeedbackRecord = {
    id,
    draftId: draft.id,
    version,
    articleId: input.articleId,
    clauseId: input.articleId === null ? null : input.clauseId,
    stance: input.stance,
    text: input.text,
    language: input.language,
    channel: input.channel,
    submitter,
    verified,
    unitId: input.unitId,
    demographics:
      anyDemographic && consent && d
        ? { ethnicGroup: d.ethnicGroup, gender: d.gender, ageBand: d.ageBand, consent }
        : null,
    receivedAt: receivedAt.toISOString(),
    submittedAt: ctx.now.toISOString(),
    receiptCode,
    receiptKey: `${draft.id}:${receiptCode}`,
    idempotencyKey: scopedIdempotencyKey(source, input, submitter.contact),
    replyTo,
    state: 'pending',
    moderation: null,
    flagCount: 0,
    group: null,
    ungroupedDraftId: draft.id,
    ungroupedSeq: id,
    answer: null,
    answerPendingDraftId: null,
    ownerKey: ownerKeyOf(submitter),
  };
  return { record, received: receivedEventOf(record) };
}

/** The `FeedbackReceived` of a stored comment: ids and routing, never its text. */
export function receivedEventOf(r: FeedbackRecord): EventData<'pcn.feedback.v1.FeedbackReceived'> {
  return {
    feedbackId: r.id,
    draftId: r.draftId,
    version: r.version,
    articleId: r.articleId,
    clauseId: r.clauseId,
    stance: r.stance,
    channel: r.channel,
    language: r.language,
    unitId: r.unitId,
    submitterKind: r.submitter.kind,
    verified: r.verified,
    receivedAt: r.receivedAt,
    receiptCode: r.receiptCode,
    replyTo: r.replyTo,
  };
}

/**
 * A client's key that comes back on another draft: one client reusing a key for two comments.
 * It is refused, naming the field, rather than answered with the first comment (which is on
 * another draft) as if it were this one. On one draft the same key stays the same comment
 * whatever else differs (a retry may be re-typed), and a provider's message id (`msg:`) names the
 * message itself, whatever it says.
 */
export function keyReuse(
  stored: Pick<FeedbackRecord, 'draftId' | 'idempotencyKey'>,
  input: Pick<FeedbackInput, 'draftId'>,
  field = 'idempotencyKey',
): FieldViolation | null {
  if (stored.idempotencyKey?.startsWith('msg:') || stored.draftId === input.draftId) return null;
  return {
    field,
    description:
      'was already used for a comment on another draft: send a new key for each comment (the same key again only to retry the same one)',
  };
}

/** Contact channels an anonymous key is scoped by (built once: zod schemas cost to build). */
const anonymousContactChannel = z.enum(['sms', 'zalo', 'email']);

const keyFields = feedbackInputSchema.pick({
  channel: true,
  idempotencyKey: true,
  channelMessageId: true,
});

/**
 * The scoped idempotency key of an input, read before anything else is decided: a repeated
 * submission gets its comment back even after the window closed. Null when the input has no
 * usable key (the full decision then reports what is wrong with it).
 */
export function intakeKey(caller: CallerIdentity | undefined, raw: FeedbackInput): string | null {
  let source;
  try {
    source = sourceOf(caller);
  } catch {
    return null;
  }
  const parsed = keyFields.safeParse(raw);
  if (!parsed.success) return null;
  let contact = null;
  const c = raw.submitter?.contact;
  if (source.kind === 'anonymous' && c) {
    const channel = anonymousContactChannel.safeParse(c.channel);
    if (!channel.success) return null;
    const normalised = normaliseContact({ channel: channel.data, address: c.address }, 'contact');
    if ('field' in normalised) return null;
    contact = normalised;
  }
  return scopedIdempotencyKey(source, parsed.data, contact);
}

import { feedback as pb, rpcDetails } from '@pcn/contracts';
import { InvalidArgumentError, type CallerIdentity, type GrpcServer } from '@pcn/platform';
import type { ConsentInput, FeedbackInput } from '../app/feedback-input.js';
import { staffView, type PublicView, type StaffView } from '../app/feedback-views.js';
import type { Answer, Consent, Demographics } from '../app/feedback.model.js';
import type { FeedbackUseCases } from '../app/feedback.usecases.js';
import type { ImportItemResult } from '../app/import-feedback.usecase.js';
import {
  AGE_BAND,
  CHANNEL,
  CONSENT_METHOD,
  CONTACT_CHANNEL,
  DECISION,
  FEEDBACK_STATE,
  GENDER,
  HIDE_REASON,
  IMPORT_OUTCOME,
  OUTCOME,
  STANCE,
  SUBMITTER_KIND,
  SUBMITTER_VIA,
} from './feedback.pb-enums.js';
import { formatFromPb, synthesisToPb } from './synthesis.pb.js';

const date = (iso: string | null | undefined): Date | undefined =>
  iso ? new Date(iso) : undefined;

/** A timestamp from the wire, or undefined when unset or not a time (the schema then says so). */
function isoOf(value: Date | undefined): string | undefined {
  if (!value) return undefined;
  return Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString();
}

function consentFromPb(c: pb.Consent | undefined, field: string): ConsentInput | undefined {
  if (!c) return undefined;
  return {
    given: c.given,
    method: CONSENT_METHOD.in(c.method, `${field}.method`),
    textVersion: c.textVersion,
    givenAt: isoOf(c.givenAt),
  };
}

/** A comment from the wire, into the shape the use cases validate; `prefix` names import items. */
function inputFromPb(f: pb.FeedbackInput | undefined, prefix = ''): FeedbackInput {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  const input = f ?? pb.FeedbackInput.fromPartial({});
  const s = input.submitter ?? pb.Submitter.fromPartial({});
  const d = input.demographics;
  return {
    draftId: input.draftId,
    articleId: input.articleId,
    clauseId: input.clauseId,
    stance: STANCE.in(input.stance, at('stance')),
    text: input.text,
    language: input.language,
    channel: CHANNEL.in(input.channel, at('channel')),
    submitter: {
      kind: SUBMITTER_KIND.in(s.kind, at('submitter.kind')),
      externalRef: s.externalRef,
      name: s.name,
      organizationName: s.organizationName,
      contact: s.contact
        ? {
            channel: CONTACT_CHANNEL.in(s.contact.channel, at('submitter.contact.channel')),
            address: s.contact.address,
          }
        : undefined,
      onBehalfConsent: consentFromPb(s.onBehalfConsent, at('submitter.onBehalfConsent')),
    },
    unitId: input.unitId,
    demographics: d
      ? {
          ethnicGroup: d.ethnicGroup,
          gender: GENDER.in(d.gender, at('demographics.gender')),
          ageBand: AGE_BAND.in(d.ageBand, at('demographics.ageBand')),
          consent: consentFromPb(d.consent, at('demographics.consent')),
        }
      : undefined,
    idempotencyKey: input.idempotencyKey,
    channelMessageId: input.channelMessageId,
    draftCode: input.draftCode,
    articleNumber: input.articleNumber,
    clientAddress: input.clientAddress,
    receivedAt: isoOf(input.receivedAt),
  };
}

function consentToPb(c: Consent): pb.Consent {
  return {
    given: true,
    method: CONSENT_METHOD.out(c.method),
    textVersion: c.textVersion ?? '',
    givenAt: date(c.givenAt),
  };
}

function demographicsToPb(d: Demographics): pb.Demographics {
  return {
    ethnicGroup: d.ethnicGroup ?? '',
    gender: d.gender ? GENDER.out(d.gender) : pb.Gender.GENDER_UNSPECIFIED,
    ageBand: d.ageBand ? AGE_BAND.out(d.ageBand) : pb.AgeBand.AGE_BAND_UNSPECIFIED,
    consent: consentToPb(d.consent),
  };
}

function answerToPb(a: Answer): pb.Answer {
  return {
    outcome: OUTCOME.out(a.outcome),
    reason: a.reason,
    changedArticleIds: a.changedArticleIds,
    answeredAt: date(a.answeredAt),
    answeredBy: a.answeredBy,
    publishedAt: date(a.publishedAt),
  };
}

function feedbackToPb(r: StaffView): pb.Feedback {
  return {
    id: r.id,
    draftId: r.draftId,
    version: r.version,
    articleId: r.articleId ?? '',
    clauseId: r.clauseId ?? '',
    stance: STANCE.out(r.stance),
    text: r.text,
    language: r.language,
    channel: CHANNEL.out(r.channel),
    submitterKind: SUBMITTER_KIND.out(r.submitter.kind),
    submitterVia: SUBMITTER_VIA.out(r.submitter.via),
    verified: r.verified,
    submitterName: r.submitter.name ?? '',
    organizationName: r.submitter.organizationName ?? '',
    unitId: r.unitId ?? '',
    receivedAt: date(r.receivedAt),
    submittedAt: date(r.submittedAt),
    receiptCode: r.receiptCode,
    state: FEEDBACK_STATE.out(r.state),
    moderation: r.moderation
      ? {
          decision: DECISION.out(r.moderation.decision),
          reason: r.moderation.reason
            ? HIDE_REASON.out(r.moderation.reason)
            : pb.HideReason.HIDE_REASON_UNSPECIFIED,
          by: r.moderation.by,
          at: date(r.moderation.at),
        }
      : undefined,
    group: r.group
      ? {
          id: r.group.id,
          exactKey: r.group.exactKey,
          representativeId: r.group.representativeId,
          size: r.group.size ?? 0,
          campaign: r.group.campaign,
        }
      : undefined,
    answer: r.answer ? answerToPb(r.answer) : undefined,
    flagCount: r.flagCount,
    contact: r.submitter.contact
      ? {
          channel: CONTACT_CHANNEL.out(r.submitter.contact.channel),
          address: r.submitter.contact.address,
        }
      : undefined,
    demographics: r.demographics ? demographicsToPb(r.demographics) : undefined,
  };
}

function publicToPb(r: PublicView): pb.PublicFeedback {
  return {
    id: r.id,
    draftId: r.draftId,
    articleId: r.articleId ?? '',
    clauseId: r.clauseId ?? '',
    stance: STANCE.out(r.stance),
    text: r.text,
    language: r.language,
    channel: CHANNEL.out(r.channel),
    submitterKind: SUBMITTER_KIND.out(r.submitterKind),
    receivedAt: date(r.receivedAt),
    groupId: r.groupId ?? '',
    answer: r.answer ? answerToPb(r.answer) : undefined,
  };
}

function fieldViolation(field: string, description: string) {
  return rpcDetails.BadRequest_FieldViolation.fromPartial({ field, description });
}

function itemToPb(r: ImportItemResult): pb.ImportItemResult {
  return {
    index: r.index,
    outcome: IMPORT_OUTCOME.out(r.outcome),
    feedbackId: r.outcome === 'rejected' ? '' : (r.feedbackId ?? ''),
    receiptCode: r.outcome === 'rejected' ? '' : (r.receiptCode ?? ''),
    violations:
      r.outcome === 'rejected'
        ? r.violations.map((v) => fieldViolation(v.field, v.description))
        : [],
    reason: r.outcome === 'rejected' ? (r.reason ?? '') : '',
  };
}

/** Registers `pcn.feedback.v1.FeedbackService`: proto in, use case, proto out. */
export function registerFeedbackGrpc(server: GrpcServer, feedback: FeedbackUseCases): void {
  const caller = (ctx: { caller?: CallerIdentity }) => ctx.caller;

  const impl: pb.FeedbackServiceServer = {
    submitFeedback: server.unary('SubmitFeedback', async (req: pb.SubmitFeedbackRequest, ctx) => {
      const { record, alreadyKnown } = await feedback.submitFeedback(
        caller(ctx),
        inputFromPb(req.feedback),
      );
      return { feedbackId: record.id, receiptCode: record.receiptCode, alreadyKnown };
    }),
    importFeedback: server.unary('ImportFeedback', async (req: pb.ImportFeedbackRequest, ctx) => {
      // The count is checked before mapping, so 1,001 items are refused whole at once.
      const items =
        req.items.length > 1000
          ? req.items.map(() => inputFromPb(undefined))
          : req.items.map((item, i) => inputFromPb(item, `items[${i}]`));
      const result = await feedback.importFeedback(caller(ctx), {
        draftId: req.draftId,
        draftCode: req.draftCode,
        items,
        dryRun: req.dryRun,
      });
      return {
        results: result.results.map(itemToPb),
        accepted: result.accepted,
        alreadyKnown: result.alreadyKnown,
        rejected: result.rejected,
        dryRun: result.dryRun,
      };
    }),
    listFeedback: server.unary('ListFeedback', async (req: pb.ListFeedbackRequest, ctx) => {
      const page = await feedback.listFeedback(caller(ctx), {
        draftId: req.draftId,
        articleId: req.articleId,
        states: req.states.map((s, i) => FEEDBACK_STATE.in(s, `states[${i}]`)),
        stance: STANCE.in(req.stance, 'stance') || undefined,
        channel: CHANNEL.in(req.channel, 'channel') || undefined,
        groupId: req.groupId,
        unitId: req.unitId,
        pageSize: req.pageSize || undefined,
        after: req.pageToken || null,
        descending: req.descending,
        campaign: req.campaign,
      });
      return { feedback: page.items.map(feedbackToPb), nextPageToken: page.nextCursor ?? '' };
    }),
    listMyFeedback: server.unary('ListMyFeedback', async (req: pb.ListMyFeedbackRequest, ctx) => {
      const page = await feedback.listMyFeedback(caller(ctx), {
        externalRef: req.externalRef || undefined,
        pageSize: req.pageSize || undefined,
        after: req.pageToken || null,
      });
      return { feedback: page.items.map(feedbackToPb), nextPageToken: page.nextCursor ?? '' };
    }),
    listPublicFeedback: server.unary(
      'ListPublicFeedback',
      async (req: pb.ListPublicFeedbackRequest, ctx) => {
        const page = await feedback.listPublicFeedback(caller(ctx), {
          draftId: req.draftId,
          articleId: req.articleId,
          pageSize: req.pageSize || undefined,
          after: req.pageToken || null,
        });
        return {
          feedback: page.items.map(publicToPb),
          nextPageToken: page.nextCursor ?? '',
          hidden: page.hidden.map((h) => ({ reason: HIDE_REASON.out(h.reason), count: h.count })),
        };
      },
    ),
    moderateFeedback: server.unary(
      'ModerateFeedback',
      async (req: pb.ModerateFeedbackRequest, ctx) => {
        const record = await feedback.moderateFeedback(caller(ctx), {
          feedbackId: req.feedbackId,
          decision: DECISION.in(req.decision, 'decision'),
          reason: HIDE_REASON.in(req.reason, 'reason'),
        });
        return { feedback: feedbackToPb(staffView(record, false)) };
      },
    ),
    flagFeedback: server.unary('FlagFeedback', async (req: pb.FlagFeedbackRequest, ctx) =>
      feedback.flagFeedback(caller(ctx), {
        feedbackId: req.feedbackId,
        reason: HIDE_REASON.in(req.reason, 'reason'),
      }),
    ),
    answerFeedback: server.unary('AnswerFeedback', async (req: pb.AnswerFeedbackRequest, ctx) => {
      const target = req.target;
      const { feedbackIds, count } = await feedback.answerFeedback(caller(ctx), {
        feedbackId: target?.$case === 'feedbackId' ? target.value : undefined,
        groupId: target?.$case === 'groupId' ? target.value : undefined,
        draftId: req.draftId,
        outcome: OUTCOME.in(req.outcome, 'outcome'),
        reason: req.reason,
        changedArticleIds: req.changedArticleIds,
      });
      return { feedbackIds, answeredCount: count };
    }),
    publishAnswers: server.unary('PublishAnswers', async (req: pb.PublishAnswersRequest, ctx) => {
      const { feedbackIds, count } = await feedback.publishAnswers(caller(ctx), {
        draftId: req.draftId,
        feedbackIds: req.feedbackIds,
      });
      return { feedbackIds, publishedCount: count };
    }),
    getSynthesisReport: server.unary(
      'GetSynthesisReport',
      async (req: pb.GetSynthesisReportRequest, ctx) => ({
        report: synthesisToPb(await feedback.getSynthesisReport(caller(ctx), req)),
      }),
    ),
    publishSynthesis: server.unary(
      'PublishSynthesis',
      async (req: pb.PublishSynthesisRequest, ctx) => ({
        report: synthesisToPb(await feedback.publishSynthesis(caller(ctx), req)),
      }),
    ),
    exportSynthesis: server.unary(
      'ExportSynthesis',
      async (req: pb.ExportSynthesisRequest, ctx) => {
        const format = formatFromPb(req.format);
        if (!format)
          throw new InvalidArgumentError([{ field: 'format', description: 'must be DOCX or CSV' }]);
        return feedback.exportSynthesis(caller(ctx), { draftId: req.draftId, format });
      },
    ),
  };
  server.addService(pb.FeedbackServiceService, impl);
}

import { feedback as pb } from '@pcn/contracts';
import { assertSignedIn, PermissionDeniedError, hasRole, type CallerIdentity } from '@pcn/platform';
import type { FeedbackLiveEvent } from '../infra/feedback-event-hub.js';
import type { GatewayContext } from './context.js';
import { upper } from './enums.js';
import { badInput, fieldsUnder } from './errors.js';
import {
  AGE_BAND,
  ANSWER_OUTCOME,
  CONSENT_METHOD,
  CONTACT_CHANNEL,
  FEEDBACK_CHANNEL,
  FEEDBACK_STATE,
  GENDER,
  HIDE_REASON,
  IMPORT_OUTCOME,
  MODERATION_DECISION,
  STANCE,
  SUBMITTER_KIND,
  SUBMITTER_VIA,
} from './feedback-enums.js';
import type {
  Feedback,
  FeedbackAnswer,
  FeedbackEvent,
  FeedbackEventType,
  FeedbackChannel,
  FeedbackConsentInput,
  FeedbackDemographicsInput,
  FeedbackItemInput,
  FeedbackSubmitterInput,
  PublicFeedback,
  Resolvers,
} from './generated/resolvers-types.js';
import { liveStream } from './live.js';

/**
 * Comments through the gateway. The feedback service decides role, scope and every rule (the
 * window, articles, consent, idempotency); the gateway maps GraphQL to its messages, names the
 * channel from the caller, and maps its statuses to codes. Contact data and demographics are only
 * in answers the service gives to network admins, and never go to the log.
 */

/** The feedback service's largest page. */
const MAX_PAGE = 100;
const MAX_TOKEN = 512;

function pageSize(first: number | null | undefined): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE)
    throw badInput('first', `must be 1-${MAX_PAGE}`);
  return n;
}

function pageInfo(next: string) {
  return { hasNextPage: next !== '', endCursor: next || null };
}

function after(value: string | null | undefined): string {
  const token = value ?? '';
  if (token.length > MAX_TOKEN) throw badInput('after', `must be at most ${MAX_TOKEN} characters`);
  return token;
}

const api = (ctx: GatewayContext) => ctx.feedback;

// ---------------------------------------------------------------------------------------------
// Inputs: GraphQL inputs as the service's messages.

function consentIn(c: FeedbackConsentInput | null | undefined): pb.Consent | undefined {
  if (!c) return undefined;
  return {
    given: c.given,
    method: CONSENT_METHOD.toPb(c.method),
    textVersion: c.textVersion,
    givenAt: c.givenAt ?? undefined,
  };
}

function submitterIn(s: FeedbackSubmitterInput | null | undefined): pb.Submitter {
  return {
    kind: SUBMITTER_KIND.toPb(s?.kind ?? 'CITIZEN'),
    externalRef: s?.externalRef ?? '',
    name: s?.name ?? '',
    contact: s?.contact
      ? { channel: CONTACT_CHANNEL.toPb(s.contact.channel), address: s.contact.address }
      : undefined,
    onBehalfConsent: consentIn(s?.onBehalfConsent),
    organizationName: s?.organizationName ?? '',
  };
}

function demographicsIn(
  d: FeedbackDemographicsInput | null | undefined,
): pb.Demographics | undefined {
  if (!d) return undefined;
  return {
    ethnicGroup: d.ethnicGroup ?? '',
    gender: d.gender ? GENDER.toPb(d.gender) : pb.Gender.GENDER_UNSPECIFIED,
    ageBand: d.ageBand ? AGE_BAND.toPb(d.ageBand) : pb.AgeBand.AGE_BAND_UNSPECIFIED,
    consent: consentIn(d.consent),
  };
}

function itemIn(
  draftId: string,
  channel: FeedbackChannel,
  i: Omit<FeedbackItemInput, 'channel'>,
): pb.FeedbackInput {
  return {
    draftId,
    articleId: i.articleId ?? '',
    clauseId: i.clauseId ?? '',
    stance: STANCE.toPb(i.stance),
    text: i.text,
    language: i.language,
    channel: FEEDBACK_CHANNEL.toPb(channel),
    submitter: submitterIn(i.submitter),
    unitId: i.unitId ?? '',
    demographics: demographicsIn(i.demographics),
    idempotencyKey: i.idempotencyKey ?? '',
    channelMessageId: '',
    receivedAt: i.receivedAt ?? undefined,
    draftCode: '',
    articleNumber: '',
    clientAddress: '',
  };
}

/** One comment's channel follows from who sends it: a partner system's API key, or the web. */
const channelOf = (caller: CallerIdentity): FeedbackChannel =>
  caller.kind === 'api-client' ? 'PARTNER' : 'WEB';

// ---------------------------------------------------------------------------------------------
// Views: the service's messages as GraphQL objects.

function answerView(a: pb.Answer | undefined): FeedbackAnswer | null {
  if (!a || a.outcome === pb.AnswerOutcome.ANSWER_OUTCOME_UNSPECIFIED) return null;
  return {
    outcome: ANSWER_OUTCOME.fromPb(a.outcome),
    reason: a.reason,
    changedArticleIds: a.changedArticleIds,
    answeredAt: a.answeredAt ?? null,
    publishedAt: a.publishedAt ?? null,
  };
}

export function feedbackView(f: pb.Feedback): Feedback {
  const m = f.moderation;
  const d = f.demographics;
  return {
    id: f.id,
    draftId: f.draftId,
    version: f.version,
    articleId: f.articleId || null,
    clauseId: f.clauseId || null,
    stance: STANCE.fromPb(f.stance),
    text: f.text,
    language: f.language,
    channel: FEEDBACK_CHANNEL.fromPb(f.channel),
    submitterKind: SUBMITTER_KIND.fromPb(f.submitterKind),
    submitterVia: SUBMITTER_VIA.fromPb(f.submitterVia),
    verified: f.verified,
    submitterName: f.submitterName || null,
    organizationName: f.organizationName || null,
    unitId: f.unitId || null,
    receivedAt: f.receivedAt ?? null,
    submittedAt: f.submittedAt ?? null,
    receiptCode: f.receiptCode,
    state: FEEDBACK_STATE.fromPb(f.state),
    moderation:
      m && m.decision !== pb.ModerationDecision.MODERATION_DECISION_UNSPECIFIED
        ? {
            decision: MODERATION_DECISION.fromPb(m.decision),
            reason: HIDE_REASON.optionalFromPb(m.reason),
            by: m.by || null,
            at: m.at ?? null,
          }
        : null,
    group: f.group?.id
      ? {
          id: f.group.id,
          representativeId: f.group.representativeId,
          size: f.group.size,
          campaign: f.group.campaign,
        }
      : null,
    answer: answerView(f.answer),
    flagCount: f.flagCount,
    contact: f.contact?.address
      ? { channel: CONTACT_CHANNEL.fromPb(f.contact.channel), address: f.contact.address }
      : null,
    demographics:
      d && (d.ethnicGroup || d.gender || d.ageBand)
        ? {
            ethnicGroup: d.ethnicGroup || null,
            gender: GENDER.optionalFromPb(d.gender),
            ageBand: AGE_BAND.optionalFromPb(d.ageBand),
          }
        : null,
  };
}

function publicFeedbackView(f: pb.PublicFeedback): PublicFeedback {
  return {
    id: f.id,
    draftId: f.draftId,
    articleId: f.articleId || null,
    clauseId: f.clauseId || null,
    stance: STANCE.fromPb(f.stance),
    text: f.text,
    language: f.language,
    channel: FEEDBACK_CHANNEL.fromPb(f.channel),
    submitterKind: SUBMITTER_KIND.fromPb(f.submitterKind),
    receivedAt: f.receivedAt ?? null,
    groupId: f.groupId || null,
    answer: answerView(f.answer),
  };
}

const EVENT_TYPE = {
  FeedbackReceived: 'FEEDBACK_RECEIVED',
  FeedbackModerated: 'FEEDBACK_MODERATED',
  FeedbackAnswered: 'FEEDBACK_ANSWERED',
  SynthesisPublished: 'SYNTHESIS_PUBLISHED',
} as const satisfies Record<FeedbackLiveEvent['type'], FeedbackEventType>;

function liveEventView(e: FeedbackLiveEvent): FeedbackEvent {
  return {
    id: e.id,
    type: EVENT_TYPE[e.type],
    occurredAt: e.occurredAt,
    draftId: e.draftId,
    feedbackId: e.feedbackId,
    articleId: e.articleId,
    stance: e.stance ? upper(e.stance) : null,
    channel: e.channel ? upper(e.channel) : null,
    decision: e.decision ? (e.decision === 'published' ? 'PUBLISH' : 'HIDE') : null,
    outcome: e.outcome ? upper(e.outcome) : null,
  };
}

// ---------------------------------------------------------------------------------------------

export const feedbackResolvers = {
  Query: {
    async feedback(_, { filter, first, after: cursor }, ctx) {
      assertSignedIn(ctx.caller);
      const { call, client } = api(ctx);
      const res = await fieldsUnder(
        'filter',
        call(client.listFeedback.bind(client), {
          draftId: filter.draftId,
          articleId: filter.articleId ?? '',
          states: (filter.states ?? []).map((s) => FEEDBACK_STATE.toPb(s)),
          stance: filter.stance ? STANCE.toPb(filter.stance) : pb.Stance.STANCE_UNSPECIFIED,
          channel: filter.channel
            ? FEEDBACK_CHANNEL.toPb(filter.channel)
            : pb.Channel.CHANNEL_UNSPECIFIED,
          groupId: filter.groupId ?? '',
          unitId: filter.unitId ?? '',
          pageSize: pageSize(first),
          pageToken: after(cursor),
          descending: filter.descending ?? false,
          campaign: filter.campaign ?? false,
        }),
      );
      return { items: res.feedback.map(feedbackView), pageInfo: pageInfo(res.nextPageToken) };
    },

    async myFeedback(_, args, ctx) {
      // The service decides who the caller is (user or partner); anonymous callers are refused.
      const { call, client } = api(ctx);
      const res = await call(client.listMyFeedback.bind(client), {
        externalRef: args.externalRef ?? '',
        pageSize: pageSize(args.first),
        pageToken: after(args.after),
      });
      return { items: res.feedback.map(feedbackView), pageInfo: pageInfo(res.nextPageToken) };
    },

    async publicFeedback(_, args, ctx) {
      const { call, client } = api(ctx);
      const res = await call(client.listPublicFeedback.bind(client), {
        draftId: args.draftId,
        articleId: args.articleId ?? '',
        pageSize: pageSize(args.first),
        pageToken: after(args.after),
      });
      return {
        items: res.feedback.map(publicFeedbackView),
        pageInfo: pageInfo(res.nextPageToken),
        hidden: res.hidden.map((h) => ({ reason: HIDE_REASON.fromPb(h.reason), count: h.count })),
      };
    },
  },

  Mutation: {
    async submitFeedback(_, { input }, ctx) {
      // Public: the service reads who submits from the signed caller, never from the input.
      const { call, client } = api(ctx);
      const res = await fieldsUnder(
        'input',
        call(client.submitFeedback.bind(client), {
          feedback: {
            ...itemIn(input.draftId, channelOf(ctx.caller), { ...input, receivedAt: null }),
            // For the service's caps on anonymous comments; it keeps only a keyed hash.
            clientAddress: ctx.clientAddress,
          },
        }),
      );
      return {
        feedbackId: res.feedbackId,
        receiptCode: res.receiptCode,
        alreadyKnown: res.alreadyKnown,
      };
    },

    async importFeedback(_, { input }, ctx) {
      assertSignedIn(ctx.caller);
      const { call, client } = api(ctx);
      const res = await fieldsUnder(
        'input',
        call(client.importFeedback.bind(client), {
          draftId: input.draftId,
          draftCode: '',
          items: input.items.map((i) => itemIn(input.draftId, i.channel, i)),
          dryRun: input.dryRun ?? false,
        }),
      );
      return {
        results: res.results.map((r) => ({
          index: r.index,
          outcome: IMPORT_OUTCOME.fromPb(r.outcome),
          feedbackId: r.feedbackId || null,
          receiptCode: r.receiptCode || null,
          fields: r.violations.map((v) => ({ path: `input.${v.field}`, message: v.description })),
          rule: r.reason || null,
        })),
        accepted: res.accepted,
        alreadyKnown: res.alreadyKnown,
        rejected: res.rejected,
        dryRun: res.dryRun,
      };
    },

    async moderateFeedback(_, { input }, ctx) {
      assertSignedIn(ctx.caller);
      const { call, client } = api(ctx);
      const { feedback } = await fieldsUnder(
        'input',
        call(client.moderateFeedback.bind(client), {
          feedbackId: input.feedbackId,
          decision: MODERATION_DECISION.toPb(input.decision),
          reason: input.reason
            ? HIDE_REASON.toPb(input.reason)
            : pb.HideReason.HIDE_REASON_UNSPECIFIED,
        }),
      );
      if (!feedback) throw new Error('feedback service answered without the comment');
      return feedbackView(feedback);
    },

    async flagFeedback(_, { input }, ctx) {
      assertSignedIn(ctx.caller);
      const { call, client } = api(ctx);
      return fieldsUnder(
        'input',
        call(client.flagFeedback.bind(client), {
          feedbackId: input.feedbackId,
          reason: HIDE_REASON.toPb(input.reason),
        }),
      );
    },

    async answerFeedback(_, { input }, ctx) {
      assertSignedIn(ctx.caller);
      if (Boolean(input.feedbackId) === Boolean(input.groupId))
        throw badInput('input.feedbackId', 'give either feedbackId or groupId');
      const target: pb.AnswerFeedbackRequest['target'] = input.feedbackId
        ? { $case: 'feedbackId', value: input.feedbackId }
        : { $case: 'groupId', value: input.groupId ?? '' };
      const { call, client } = api(ctx);
      return fieldsUnder(
        'input',
        call(client.answerFeedback.bind(client), {
          target,
          draftId: input.draftId,
          outcome: ANSWER_OUTCOME.toPb(input.outcome),
          reason: input.reason,
          changedArticleIds: input.changedArticleIds ?? [],
        }),
      );
    },

    async publishFeedbackAnswers(_, { input }, ctx) {
      assertSignedIn(ctx.caller);
      const { call, client } = api(ctx);
      return fieldsUnder(
        'input',
        call(client.publishAnswers.bind(client), {
          draftId: input.draftId,
          feedbackIds: input.feedbackIds ?? [],
        }),
      );
    },
  },
  Subscription: {
    feedbackEvents: {
      subscribe(_, args, ctx) {
        const caller = assertSignedIn(ctx.caller);
        if (!hasRole(caller, 'partner_system') && !hasRole(caller, 'network_admin'))
          throw new PermissionDeniedError(
            'feedback events are for partner systems and network admins',
          );
        const events = ctx.feedbackHub.subscribe({ draftId: args.draftId ?? undefined });
        // Between events, the credentials are checked again (see liveStream).
        return liveStream(ctx, events, (e) => [{ feedbackEvents: liveEventView(e) }]);
      },
    },
  },
} satisfies Resolvers;

import { feedback as pb } from '@pcn/contracts';
import { assertSignedIn } from '@pcn/platform';
import type { GatewayContext } from './context.js';
import { FEEDBACK_CHANNEL, HIDE_REASON } from './feedback-enums.js';
import type {
  ArticleChangeKind,
  OpinionGroupsStatus,
  Resolvers,
  SynthesisCounts,
  SynthesisReport,
  SynthesisStances,
} from './generated/resolvers-types.js';

/**
 * The synthesis report through the gateway. The feedback service decides who sees which view
 * (agency staff: live or final; everyone: the published report); the gateway maps its message.
 */

const CHANGE_KINDS: Record<string, ArticleChangeKind> = {
  unchanged: 'UNCHANGED',
  changed: 'CHANGED',
  added: 'ADDED',
  removed: 'REMOVED',
  not_revised: 'NOT_REVISED',
};

const GROUP_STATUS: Record<string, OpinionGroupsStatus> = {
  ok: 'GROUPED',
  too_few_participants: 'TOO_FEW_PARTICIPANTS',
  no_variation: 'NO_VARIATION',
};

const ZERO_COUNTS: SynthesisCounts = {
  received: 0,
  counted: 0,
  distinctTexts: 0,
  groups: 0,
  uniquePeople: 0,
  unknownPeople: 0,
};

const ZERO_STANCES: SynthesisStances = { support: 0, oppose: 0, suggestChange: 0, question: 0 };

function reportView(r: pb.SynthesisReport | undefined): SynthesisReport {
  if (!r) throw new Error('feedback service answered without the report');
  const time = (d: Date | undefined) => d ?? new Date(0);
  return {
    draftId: r.draftId,
    status: r.status === 'final' ? 'FINAL' : 'LIVE',
    view: r.view === pb.SynthesisView.SYNTHESIS_VIEW_AGENCY ? 'AGENCY' : 'PUBLIC',
    generatedAt: time(r.generatedAt),
    opensAt: time(r.opensAt),
    closesAt: time(r.closesAt),
    publishedAt: r.publishedAt ?? null,
    all: r.all ?? ZERO_COUNTS,
    verified: r.verified ?? ZERO_COUNTS,
    unverified: r.unverified ?? ZERO_COUNTS,
    pendingModeration: r.pendingModeration,
    hidden: r.hidden.map((h) => ({ reason: HIDE_REASON.fromPb(h.reason), count: h.count })),
    channels: r.channels.map((c) => ({
      channel: FEEDBACK_CHANNEL.fromPb(c.channel),
      received: c.received,
      verified: c.verified,
      hidden: c.hidden,
    })),
    units: r.units,
    unknownUnit: r.unknownUnit,
    noUnit: r.noUnit,
    articles: r.articles.map((a) => ({
      articleId: a.articleId || null,
      number: a.number || null,
      comments: a.comments,
      groups: a.groups,
      opinions: a.opinions ?? ZERO_STANCES,
      verifiedOpinions: a.verifiedOpinions ?? ZERO_STANCES,
      rows: a.rows,
      answeredRows: a.answeredRows,
      change: CHANGE_KINDS[a.change] ?? 'NOT_REVISED',
    })),
    opinionGroups: {
      status: GROUP_STATUS[r.opinionGroupsStatus] ?? 'TOO_FEW_PARTICIPANTS',
      groups: r.opinionGroups,
      consensusArticleIds: r.consensusArticleIds,
    },
  };
}

const api = (ctx: GatewayContext) => ctx.feedback;

export const synthesisResolvers = {
  Query: {
    async synthesisReport(_, { draftId }, ctx) {
      const { call, client } = api(ctx);
      const res = await call(client.getSynthesisReport.bind(client), { draftId });
      return reportView(res.report);
    },
  },
  Mutation: {
    async publishSynthesis(_, { draftId }, ctx) {
      assertSignedIn(ctx.caller);
      const { call, client } = api(ctx);
      const res = await call(client.publishSynthesis.bind(client), { draftId });
      return { report: reportView(res.report) };
    },
  },
} satisfies Resolvers;

import { feedback as pb } from '@pcn/contracts';
import type {
  AgeBand,
  AnswerOutcome,
  FeedbackChannel,
  FeedbackConsentMethod,
  FeedbackContactChannel,
  FeedbackHideReason,
  FeedbackStance,
  FeedbackState,
  FeedbackSubmitterKind,
  FeedbackSubmitterVia,
  Gender,
  ImportOutcome,
  ModerationDecision,
} from './generated/resolvers-types.js';
import { ProtoEnum } from './proto-enum.js';

/** The feedback service's proto enums as GraphQL enums. */
const feedbackEnum = <G extends string, P extends number>(name: string, table: Record<G, P>) =>
  new ProtoEnum<G, P>('feedback', name, table);

export const STANCE = feedbackEnum<FeedbackStance, pb.Stance>('stance', {
  SUPPORT: pb.Stance.STANCE_SUPPORT,
  OPPOSE: pb.Stance.STANCE_OPPOSE,
  SUGGEST_CHANGE: pb.Stance.STANCE_SUGGEST_CHANGE,
  QUESTION: pb.Stance.STANCE_QUESTION,
});

export const FEEDBACK_CHANNEL = feedbackEnum<FeedbackChannel, pb.Channel>('channel', {
  WEB: pb.Channel.CHANNEL_WEB,
  PARTNER: pb.Channel.CHANNEL_PARTNER,
  PAPER: pb.Channel.CHANNEL_PAPER,
  VILLAGE_SESSION: pb.Channel.CHANNEL_VILLAGE_SESSION,
  SMS: pb.Channel.CHANNEL_SMS,
  ZALO: pb.Channel.CHANNEL_ZALO,
  EMAIL: pb.Channel.CHANNEL_EMAIL,
});

export const SUBMITTER_KIND = feedbackEnum<FeedbackSubmitterKind, pb.SubmitterKind>(
  'submitter kind',
  {
    CITIZEN: pb.SubmitterKind.SUBMITTER_KIND_CITIZEN,
    ORGANIZATION: pb.SubmitterKind.SUBMITTER_KIND_ORGANIZATION,
    AGENCY: pb.SubmitterKind.SUBMITTER_KIND_AGENCY,
    PRESS: pb.SubmitterKind.SUBMITTER_KIND_PRESS,
  },
);

export const SUBMITTER_VIA = feedbackEnum<FeedbackSubmitterVia, pb.SubmitterVia>('submitter via', {
  USER: pb.SubmitterVia.SUBMITTER_VIA_USER,
  PARTNER: pb.SubmitterVia.SUBMITTER_VIA_PARTNER,
  OFFICER: pb.SubmitterVia.SUBMITTER_VIA_OFFICER,
  ANONYMOUS: pb.SubmitterVia.SUBMITTER_VIA_ANONYMOUS,
});

export const CONTACT_CHANNEL = feedbackEnum<FeedbackContactChannel, pb.ContactChannel>(
  'contact channel',
  {
    SMS: pb.ContactChannel.CONTACT_CHANNEL_SMS,
    ZALO: pb.ContactChannel.CONTACT_CHANNEL_ZALO,
    EMAIL: pb.ContactChannel.CONTACT_CHANNEL_EMAIL,
  },
);

export const CONSENT_METHOD = feedbackEnum<FeedbackConsentMethod, pb.ConsentMethod>(
  'consent method',
  {
    ONLINE: pb.ConsentMethod.CONSENT_METHOD_ONLINE,
    PAPER_FORM: pb.ConsentMethod.CONSENT_METHOD_PAPER_FORM,
    VERBAL_RECORDED: pb.ConsentMethod.CONSENT_METHOD_VERBAL_RECORDED,
  },
);

export const GENDER = feedbackEnum<Gender, pb.Gender>('gender', {
  FEMALE: pb.Gender.GENDER_FEMALE,
  MALE: pb.Gender.GENDER_MALE,
  OTHER: pb.Gender.GENDER_OTHER,
});

export const AGE_BAND = feedbackEnum<AgeBand, pb.AgeBand>('age band', {
  UNDER_18: pb.AgeBand.AGE_BAND_UNDER_18,
  FROM_18_TO_29: pb.AgeBand.AGE_BAND_18_TO_29,
  FROM_30_TO_44: pb.AgeBand.AGE_BAND_30_TO_44,
  FROM_45_TO_59: pb.AgeBand.AGE_BAND_45_TO_59,
  FROM_60: pb.AgeBand.AGE_BAND_60_AND_OVER,
});

export const FEEDBACK_STATE = feedbackEnum<FeedbackState, pb.FeedbackState>('feedback state', {
  PENDING: pb.FeedbackState.FEEDBACK_STATE_PENDING,
  PUBLISHED: pb.FeedbackState.FEEDBACK_STATE_PUBLISHED,
  HIDDEN: pb.FeedbackState.FEEDBACK_STATE_HIDDEN,
});

export const HIDE_REASON = feedbackEnum<FeedbackHideReason, pb.HideReason>('hide reason', {
  SPAM: pb.HideReason.HIDE_REASON_SPAM,
  OFFENSIVE: pb.HideReason.HIDE_REASON_OFFENSIVE,
  OFF_TOPIC: pb.HideReason.HIDE_REASON_OFF_TOPIC,
  PERSONAL_DATA: pb.HideReason.HIDE_REASON_PERSONAL_DATA,
});

export const MODERATION_DECISION = feedbackEnum<ModerationDecision, pb.ModerationDecision>(
  'moderation decision',
  {
    PUBLISH: pb.ModerationDecision.MODERATION_DECISION_PUBLISH,
    HIDE: pb.ModerationDecision.MODERATION_DECISION_HIDE,
  },
);

export const ANSWER_OUTCOME = feedbackEnum<AnswerOutcome, pb.AnswerOutcome>('answer outcome', {
  ACCEPTED: pb.AnswerOutcome.ANSWER_OUTCOME_ACCEPTED,
  PARTLY_ACCEPTED: pb.AnswerOutcome.ANSWER_OUTCOME_PARTLY_ACCEPTED,
  NOT_ACCEPTED: pb.AnswerOutcome.ANSWER_OUTCOME_NOT_ACCEPTED,
  NOTED: pb.AnswerOutcome.ANSWER_OUTCOME_NOTED,
});

export const IMPORT_OUTCOME = feedbackEnum<ImportOutcome, pb.ImportOutcome>('import outcome', {
  ACCEPTED: pb.ImportOutcome.IMPORT_OUTCOME_ACCEPTED,
  ALREADY_KNOWN: pb.ImportOutcome.IMPORT_OUTCOME_ALREADY_KNOWN,
  REJECTED: pb.ImportOutcome.IMPORT_OUTCOME_REJECTED,
});

import { feedback as pb } from '@pcn/contracts';
import { InvalidArgumentError } from '@pcn/platform';
import type {
  AgeBand,
  Channel,
  ConsentMethod,
  ContactChannel,
  FeedbackState,
  Gender,
  HideReason,
  Outcome,
  Stance,
  SubmitterKind,
  SubmitterVia,
} from '../app/feedback.model.js';

/**
 * Each closed set of the service and its proto enum, from one table read both ways. The zero
 * value means "not given": `in` gives '' for it (the use case's schema then names the field as
 * required, or treats it as absent where it is optional), and a number this build does not know
 * is refused at once with INVALID_ARGUMENT naming the field.
 */
function mapping<D extends string, P extends number>(table: Record<D, P>) {
  const back = new Map<number, D>();
  for (const key of Object.keys(table) as D[]) back.set(table[key], key);
  return {
    out(value: D): P {
      const p = table[value];
      if (p === undefined) throw new Error(`no proto value for ${JSON.stringify(value)}`);
      return p;
    },
    in(value: P | undefined, field: string): D | '' {
      if (value === undefined || value === 0) return '';
      const d = back.get(value);
      if (d === undefined)
        throw new InvalidArgumentError([
          { field, description: `is not one of ${[...back.values()].join(', ')}` },
        ]);
      return d;
    },
  };
}

export const STANCE = mapping<Stance, pb.Stance>({
  support: pb.Stance.STANCE_SUPPORT,
  oppose: pb.Stance.STANCE_OPPOSE,
  suggest_change: pb.Stance.STANCE_SUGGEST_CHANGE,
  question: pb.Stance.STANCE_QUESTION,
});

export const CHANNEL = mapping<Channel, pb.Channel>({
  web: pb.Channel.CHANNEL_WEB,
  partner: pb.Channel.CHANNEL_PARTNER,
  paper: pb.Channel.CHANNEL_PAPER,
  village_session: pb.Channel.CHANNEL_VILLAGE_SESSION,
  sms: pb.Channel.CHANNEL_SMS,
  zalo: pb.Channel.CHANNEL_ZALO,
  email: pb.Channel.CHANNEL_EMAIL,
});

export const SUBMITTER_KIND = mapping<SubmitterKind, pb.SubmitterKind>({
  citizen: pb.SubmitterKind.SUBMITTER_KIND_CITIZEN,
  organization: pb.SubmitterKind.SUBMITTER_KIND_ORGANIZATION,
  agency: pb.SubmitterKind.SUBMITTER_KIND_AGENCY,
  press: pb.SubmitterKind.SUBMITTER_KIND_PRESS,
});

export const SUBMITTER_VIA = mapping<SubmitterVia, pb.SubmitterVia>({
  user: pb.SubmitterVia.SUBMITTER_VIA_USER,
  partner: pb.SubmitterVia.SUBMITTER_VIA_PARTNER,
  officer: pb.SubmitterVia.SUBMITTER_VIA_OFFICER,
  anonymous: pb.SubmitterVia.SUBMITTER_VIA_ANONYMOUS,
});

export const CONTACT_CHANNEL = mapping<ContactChannel, pb.ContactChannel>({
  sms: pb.ContactChannel.CONTACT_CHANNEL_SMS,
  zalo: pb.ContactChannel.CONTACT_CHANNEL_ZALO,
  email: pb.ContactChannel.CONTACT_CHANNEL_EMAIL,
});

export const CONSENT_METHOD = mapping<ConsentMethod, pb.ConsentMethod>({
  online: pb.ConsentMethod.CONSENT_METHOD_ONLINE,
  paper_form: pb.ConsentMethod.CONSENT_METHOD_PAPER_FORM,
  verbal_recorded: pb.ConsentMethod.CONSENT_METHOD_VERBAL_RECORDED,
});

export const GENDER = mapping<Gender, pb.Gender>({
  female: pb.Gender.GENDER_FEMALE,
  male: pb.Gender.GENDER_MALE,
  other: pb.Gender.GENDER_OTHER,
});

export const AGE_BAND = mapping<AgeBand, pb.AgeBand>({
  under_18: pb.AgeBand.AGE_BAND_UNDER_18,
  '18_29': pb.AgeBand.AGE_BAND_18_TO_29,
  '30_44': pb.AgeBand.AGE_BAND_30_TO_44,
  '45_59': pb.AgeBand.AGE_BAND_45_TO_59,
  '60_plus': pb.AgeBand.AGE_BAND_60_AND_OVER,
});

export const FEEDBACK_STATE = mapping<FeedbackState, pb.FeedbackState>({
  pending: pb.FeedbackState.FEEDBACK_STATE_PENDING,
  published: pb.FeedbackState.FEEDBACK_STATE_PUBLISHED,
  hidden: pb.FeedbackState.FEEDBACK_STATE_HIDDEN,
});

export const HIDE_REASON = mapping<HideReason, pb.HideReason>({
  spam: pb.HideReason.HIDE_REASON_SPAM,
  offensive: pb.HideReason.HIDE_REASON_OFFENSIVE,
  off_topic: pb.HideReason.HIDE_REASON_OFF_TOPIC,
  personal_data: pb.HideReason.HIDE_REASON_PERSONAL_DATA,
});

export const DECISION = mapping<'published' | 'hidden', pb.ModerationDecision>({
  published: pb.ModerationDecision.MODERATION_DECISION_PUBLISH,
  hidden: pb.ModerationDecision.MODERATION_DECISION_HIDE,
});

export const OUTCOME = mapping<Outcome, pb.AnswerOutcome>({
  accepted: pb.AnswerOutcome.ANSWER_OUTCOME_ACCEPTED,
  partly_accepted: pb.AnswerOutcome.ANSWER_OUTCOME_PARTLY_ACCEPTED,
  not_accepted: pb.AnswerOutcome.ANSWER_OUTCOME_NOT_ACCEPTED,
  noted: pb.AnswerOutcome.ANSWER_OUTCOME_NOTED,
});

export const IMPORT_OUTCOME = mapping<'accepted' | 'already_known' | 'rejected', pb.ImportOutcome>({
  accepted: pb.ImportOutcome.IMPORT_OUTCOME_ACCEPTED,
  already_known: pb.ImportOutcome.IMPORT_OUTCOME_ALREADY_KNOWN,
  rejected: pb.ImportOutcome.IMPORT_OUTCOME_REJECTED,
});

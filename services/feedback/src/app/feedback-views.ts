import { maskPersonalData } from './mask-personal-data.js';
import type {
  Answer,
  Contact,
  Demographics,
  FeedbackGroup,
  FeedbackRecord,
  SubmitterKind,
} from './feedback.model.js';

/**
 * A comment as the drafting agency sees it: the submitter's kind, name and organization, but no
 * contact and no demographics. Network admins also see contact and demographics: ethnicity is
 * sensitive data (Law 91/2025) and never leaves the service per person to anyone else.
 */
export interface StaffView extends Omit<FeedbackRecord, 'demographics' | 'submitter' | 'group'> {
  submitter: Omit<FeedbackRecord['submitter'], 'contact'> & { contact: Contact | null };
  demographics: Demographics | null;
  group: StaffGroup | null;
}

/** A comment's group with its size (null when not known) and whether it is a campaign. */
export interface StaffGroup extends FeedbackGroup {
  size: number | null;
  campaign: boolean;
}

export function staffView(
  record: FeedbackRecord,
  admin: boolean,
  groupSize: { size: number; campaign: boolean } | null = null,
): StaffView {
  return {
    ...record,
    submitter: { ...record.submitter, contact: admin ? record.submitter.contact : null },
    demographics: admin ? record.demographics : null,
    group: record.group
      ? { ...record.group, size: groupSize?.size ?? null, campaign: groupSize?.campaign ?? false }
      : null,
  };
}

/**
 * A comment as the person who sent it sees it: all of it, their own contact and demographics
 * included (Law 91/2025 lets them see their data), but the answer only once it is published,
 * as for everyone, and no count of other people's flags.
 */
export function ownView(record: FeedbackRecord): StaffView {
  return {
    ...staffView(record, true),
    answer: record.answer?.publishedAt ? record.answer : null,
    flagCount: 0,
  };
}

/** A published comment as everyone sees it: `text` with personal data masked. */
export type PublicView = Pick<
  FeedbackRecord,
  'id' | 'draftId' | 'articleId' | 'clauseId' | 'stance' | 'text' | 'language' | 'channel'
> & {
  submitterKind: SubmitterKind;
  receivedAt: string;
  groupId: string | null;
  /** Only once published. */
  answer: Answer | null;
};

export function publicView(record: FeedbackRecord): PublicView {
  return {
    id: record.id,
    draftId: record.draftId,
    articleId: record.articleId,
    clauseId: record.clauseId,
    stance: record.stance,
    text: maskPersonalData(record.text),
    language: record.language,
    channel: record.channel,
    submitterKind: record.submitter.kind,
    receivedAt: record.receivedAt,
    groupId: record.group?.id ?? null,
    answer: record.answer?.publishedAt ? record.answer : null,
  };
}

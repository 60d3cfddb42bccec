import type { CallerIdentity } from '@pcn/platform';
import type { FeedbackInput } from './feedback-input.js';
import type { IntakeContext } from './feedback-intake.js';
import type { DraftInfo, FeedbackRecord } from './feedback.model.js';

export const NOW = new Date('2026-12-10T03:00:00.000Z');
export const DAY = 86_400_000;

/** A disclosed draft of agency `org-stp`, open from Dec 1 to Dec 21, two articles. */
export function openDraft(overrides: Partial<DraftInfo> = {}): DraftInfo {
  return {
    id: 'draft-1',
    code: 'QD-2026-01',
    codeKey: 'QD-2026-01',
    agencyId: 'org-stp',
    publicDisclosure: true,
    targetUnitIds: ['lao-cai'],
    metaAt: '2026-12-01T00:00:00.000Z',
    status: 'open',
    statusAt: '2026-12-01T00:00:00.000Z',
    window: { opensAt: '2026-12-01T00:00:00.000Z', closesAt: '2026-12-21T00:00:00.000Z' },
    windowAt: '2026-12-01T00:00:00.000Z',
    closedAt: null,
    consultedVersion: 2,
    articles: [
      { id: 'a1', number: '1', heading: { vi: 'Phạm vi' }, clauseIds: ['a1c1', 'a1c2'] },
      { id: 'a2', number: '2', heading: { vi: 'Đối tượng' }, clauseIds: ['a2c1'] },
    ],
    articlesAt: '2026-12-01T00:00:00.000Z',
    knownArticleIds: ['a1', 'a2'],
    ...overrides,
  };
}

export const citizen: CallerIdentity = { kind: 'user', id: 'user-1', roles: ['public'] };
export const partner: CallerIdentity = {
  kind: 'api-client',
  id: 'client-portal',
  roles: ['partner_system'],
};
export const gateway: CallerIdentity = { kind: 'service', id: 'gateway', roles: [] };
export const officer: CallerIdentity = {
  kind: 'user',
  id: 'officer-1',
  roles: ['unit_officer'],
  unitIds: ['bat-xat'],
};
export const editor: CallerIdentity = {
  kind: 'user',
  id: 'editor-1',
  roles: ['agency_editor'],
  organizationId: 'org-stp',
};
export const otherEditor: CallerIdentity = {
  kind: 'user',
  id: 'editor-2',
  roles: ['agency_editor'],
  organizationId: 'org-syt',
};
export const admin: CallerIdentity = { kind: 'user', id: 'admin-1', roles: ['network_admin'] };

/** Units of the directory: Lao Cai province, Bat Xat and Sa Pa under it. */
export const UNIT_PATHS = new Map<string, string[]>([
  ['lao-cai', ['lao-cai']],
  ['bat-xat', ['lao-cai', 'bat-xat']],
  ['trinh-tuong', ['lao-cai', 'bat-xat', 'trinh-tuong']],
  ['sa-pa', ['lao-cai', 'sa-pa']],
]);

/** A signed-in citizen's web comment on article 1. */
export function input(overrides: Partial<FeedbackInput> = {}): FeedbackInput {
  return {
    draftId: 'draft-1',
    articleId: 'a1',
    clauseId: '',
    stance: 'suggest_change',
    text: 'Đề nghị miễn phí cho hộ nghèo.',
    language: 'vi',
    channel: 'web',
    submitter: { kind: 'citizen', externalRef: '', name: '', organizationName: '' },
    unitId: '',
    idempotencyKey: '',
    channelMessageId: '',
    ...overrides,
  };
}

/** An officer's paper form for a person of Trinh Tuong, with the person's consent. */
export function paperInput(overrides: Partial<FeedbackInput> = {}): FeedbackInput {
  return input({
    channel: 'paper',
    unitId: 'trinh-tuong',
    receivedAt: '2026-12-05T02:00:00.000Z',
    submitter: {
      kind: 'citizen',
      externalRef: '',
      name: 'Lò Thị Mai',
      organizationName: '',
      onBehalfConsent: { given: true, method: 'paper_form', textVersion: 'form-2026' },
    },
    ...overrides,
  });
}

let seq = 0;
export function context(overrides: Partial<IntakeContext> = {}): IntakeContext {
  return {
    caller: citizen,
    draft: openDraft(),
    unitPaths: UNIT_PATHS,
    now: NOW,
    graceMs: 14 * DAY,
    newId: () => `fb-${++seq}`,
    newReceiptCode: () => 'K7QX4M2P',
    ...overrides,
  };
}

/** What every draft event says about its draft (see the catalogue's `draftAudience`). */
export function draftAudience(draftId: string, agencyId = 'org-stp', publicDisclosure = true) {
  return {
    draftId,
    code: `QD-${draftId}`,
    documentType: 'provincial_decision',
    agencyId,
    title: { vi: `Dự thảo ${draftId}` },
    languages: ['vi'],
    targetUnitIds: ['lao-cai'],
    ethnicGroups: [],
    audienceGroups: [],
    policyAreas: ['prices'],
    publicDisclosure,
    version: 1,
  };
}

/** A stored comment: anonymous, by SMS contact, published, with personal data in its text. */
export function storedComment(overrides: Partial<FeedbackRecord> = {}): FeedbackRecord {
  return {
    id: 'f1',
    draftId: 'draft-1',
    version: 2,
    articleId: 'a1',
    clauseId: null,
    stance: 'support',
    text: 'Gọi tôi 0987 654 321 hoặc a.b@example.vn',
    language: 'vi',
    channel: 'web',
    submitter: {
      kind: 'citizen',
      via: 'anonymous',
      userId: null,
      clientId: null,
      externalRef: null,
      name: 'Nguyễn Văn A',
      organizationName: null,
      contact: { channel: 'sms', address: '+84987654321' },
      onBehalfConsent: null,
    },
    verified: false,
    unitId: 'xa-1',
    demographics: null,
    receivedAt: '2026-12-02T00:00:00.000Z',
    submittedAt: '2026-12-02T00:00:00.000Z',
    receiptCode: 'AB12',
    receiptKey: 'draft-1:AB12',
    idempotencyKey: null,
    replyTo: null,
    state: 'published',
    moderation: null,
    flagCount: 0,
    group: null,
    ungroupedDraftId: 'draft-1',
    ungroupedSeq: 'fb-1',
    answer: null,
    answerPendingDraftId: null,
    ...overrides,
  };
}

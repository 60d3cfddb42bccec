import type { Draft, DraftContent } from './draft.model.js';
import type { DraftRules } from './draft-rules.js';

export const DAY = 86_400_000;

export const rules: DraftRules = {
  minConsultationMs: { provincial_decision: 20 * DAY, law: 60 * DAY },
  closingSoonLeadMs: 3 * DAY,
};

export function content(overrides: Partial<DraftContent> = {}): DraftContent {
  return {
    title: { vi: 'Dự thảo Quyết định về giá dịch vụ', hmn: 'Daim ntawv txiav txim' },
    summary: { vi: 'Tóm tắt' },
    chapters: [
      {
        id: 'ch1',
        number: 'I',
        title: { vi: 'Quy định chung' },
        articles: [
          {
            id: 'a1',
            number: '1',
            title: { vi: 'Phạm vi điều chỉnh' },
            clauses: [
              { id: 'a1c1', number: '1', text: { vi: 'Quyết định này quy định giá dịch vụ.' } },
            ],
          },
          {
            id: 'a2',
            number: '2',
            title: { vi: 'Đối tượng áp dụng' },
            clauses: [{ id: 'a2c1', number: '1', text: { vi: 'Cơ quan, tổ chức, cá nhân.' } }],
          },
        ],
      },
    ],
    ...overrides,
  };
}

/** A draft in `drafting`, created at `now`, with a `hmn` translation in the given state. */
export function draft(
  overrides: Partial<Draft> = {},
  now = new Date('2026-12-01T00:00:00.000Z'),
): Draft {
  return {
    id: 'draft-1',
    code: 'QD-2026-01',
    documentType: 'provincial_decision',
    agencyId: 'org-stc',
    status: 'drafting',
    content: content(),
    translations: { vi: 'approved', hmn: 'approved' },
    contentVersion: 1,
    policyAreas: ['prices'],
    target: { unitIds: ['unit-sapa'], ethnicGroups: ['mong'], audienceGroups: [] },
    spokespersonId: null,
    publicDisclosure: true,
    attachments: [],
    consultation: null,
    pastConsultations: [],
    promulgation: null,
    amendedByDraftId: null,
    repealedByDraftId: null,
    nextDueAt: null,
    createdAt: now.toISOString(),
    createdBy: 'user-1',
    updatedAt: now.toISOString(),
    ...overrides,
  };
}

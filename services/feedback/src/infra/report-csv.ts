// The synthesis table as CSV for Excel: UTF-8 with a BOM (Excel reads Vietnamese right only with
// it), and every cell that Excel or LibreOffice would run as a formula (=, +, -, @, tab, CR and
// their full-width forms) prefixed with a quote by csv-stringify's `escape_formulas`: citizen text
// is hostile input. Rows are written as they come, so the CSV never holds more than a row.
import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import {
  articleLabel,
  OUTCOME_LABELS,
  rowAnswer,
  rowComment,
  rowSubmitters,
  TABLE_COLUMNS,
} from '../app/report/report-labels.js';
import type { ReportRow, SynthesisReport } from '../app/report/synthesis-report.model.js';

/** The published column layout: the DOCX's five columns, then figures a spreadsheet can sum. */
export const CSV_COLUMNS = [
  ...TABLE_COLUMNS,
  'Số ý kiến',
  'Ủng hộ',
  'Phản đối',
  'Đề nghị sửa',
  'Câu hỏi',
  'Đã xác thực',
  'Kết quả',
  'Đã công bố giải trình',
  'Mã Điều',
  'Loại',
  'Mã nhóm hoặc ý kiến',
] as const;

function* records(report: SynthesisReport, rows: Iterable<ReportRow>): Generator<string[]> {
  let number = 0;
  for (const row of rows) {
    const article = articleLabel(report, row.articleId);
    yield [
      String(++number),
      article.label,
      rowComment(row),
      rowSubmitters(row),
      rowAnswer(row),
      String(row.comments),
      String(row.stances.support),
      String(row.stances.oppose),
      String(row.stances.suggest_change),
      String(row.stances.question),
      String(row.verified),
      row.answer ? OUTCOME_LABELS[row.answer.outcome] : '',
      row.answer ? (row.answer.published ? 'có' : 'không') : '',
      row.articleId ?? '',
      row.kind === 'group' ? 'nhóm' : 'ý kiến',
      row.id,
    ];
  }
}

/** The CSV as a byte stream; pipe it to the response or a file. */
export function synthesisCsv(report: SynthesisReport, rows: Iterable<ReportRow>): Readable {
  const stringifier = stringify({
    bom: true,
    escape_formulas: true,
    header: true,
    columns: [...CSV_COLUMNS],
    // Excel on Windows expects CRLF; quoted cells keep their own line breaks.
    record_delimiter: 'windows',
  });
  const source = Readable.from(records(report, rows));
  source.on('error', (err) => stringifier.destroy(err));
  return source.pipe(stringifier);
}

import { createHash } from 'node:crypto';
import { CsvError, parse } from 'csv-parse/sync';
import { InvalidArgumentError, type FieldViolation } from '@pcn/platform';
import { guessLegacyBytes, guessLegacyText, type LegacyEncoding } from './legacy-encoding.js';
import {
  COLUMN_BY_NAME,
  foldName,
  IGNORED_COLUMNS,
  PAPER_FORM_COLUMNS,
} from './paper-form-layout.js';
import { readRow, type PaperFormRow, type PaperFormRowContent } from './paper-form-row.js';

/**
 * Paper comment forms, typed into a spreadsheet by a commune officer and uploaded as CSV (the
 * layout is in the README and `paper-form-layout.ts`, a header row first). The parser is pure:
 * bytes in, rows out, every bad row named (`rows[12].stance`) and none written. The lead maps the
 * rows to the feedback service's import items; the service still decides windows and articles.
 */

export type { PaperFormRow } from './paper-form-row.js';
export type { AgeBand, Gender, Stance, SubmitterKind } from './paper-form-layout.js';
export { PAPER_FORM_COLUMNS } from './paper-form-layout.js';

/** A bad cell or row: `field` is `rows[<index>].<column>`. */
export interface PaperFormProblem extends FieldViolation {
  index: number;
  line: number;
  column: string | null;
}

export interface PaperFormParse {
  /** The good rows, in file order. */
  rows: PaperFormRow[];
  /** Every bad row's problems (at most `MAX_PROBLEMS`); an empty list means the whole file is good. */
  problems: PaperFormProblem[];
  /** True when more problems were found than are listed. */
  problemsTruncated: boolean;
  /** Data rows read, good and bad. */
  rowCount: number;
  delimiter: ',' | ';' | '\t';
  /** The file's columns, by their canonical names, in file order (`null`: an ignored column). */
  columns: (string | null)[];
}

export type PaperFormFileProblem =
  | 'TOO_LARGE'
  | 'EMPTY_FILE'
  | 'NO_ROWS'
  | 'TOO_MANY_ROWS'
  | 'UTF16'
  | 'NOT_UTF8'
  | 'LEGACY_ENCODING'
  | 'MALFORMED_CSV'
  | 'MISSING_COLUMNS'
  | 'UNKNOWN_COLUMNS'
  | 'DUPLICATE_COLUMNS';

/** The whole file is refused: nothing in it is read further. */
export class PaperFormFileError extends InvalidArgumentError {
  constructor(
    readonly problem: PaperFormFileProblem,
    message: string,
    readonly encoding?: LegacyEncoding | 'UTF-16',
  ) {
    super([{ field: 'file', description: message }], message);
  }
}

export const MAX_PAPER_FORM_ROWS = 1000;
/** 1,000 rows of 10,000 Vietnamese characters (about 1.4 bytes each in UTF-8) fit. */
export const MAX_PAPER_FORM_BYTES = 16 * 1024 * 1024;
export const MAX_PROBLEMS = 1000;
/** One record (all its cells) at most: a text cell's 10,000 characters and the rest with room. */
const MAX_RECORD_CHARS = 64 * 1024;
const SEP_LINE = /^sep=([,;\t])\n/i;

export interface PaperFormOptions {
  maxRows?: number | undefined;
  maxBytes?: number | undefined;
  /** Today's date as `YYYY-MM-DD`; a form cannot be received after it. Default: Vietnam's today. */
  today?: string | undefined;
}

/** Today in Vietnam (UTC+7), where the forms are dated. */
export function vietnamToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(now);
}

const SAVE_AS_UTF8 = 'In Excel: File › Save As › "CSV UTF-8 (Comma delimited) (*.csv)"';

/** The file as text, or a refusal naming the encoding it looks like. */
function decode(file: Uint8Array): string {
  if (file[0] === 0xff && file[1] === 0xfe) throw utf16();
  if (file[0] === 0xfe && file[1] === 0xff) throw utf16();
  // UTF-16 without a byte-order mark: every other byte of ASCII is NUL, which no CSV holds.
  if (file.subarray(0, 4096).includes(0)) throw utf16();
  const bom = file[0] === 0xef && file[1] === 0xbb && file[2] === 0xbf ? 3 : 0;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(file.subarray(bom));
  } catch {
    const guess = guessLegacyBytes(file);
    if (guess)
      throw new PaperFormFileError(
        'LEGACY_ENCODING',
        `The file is not UTF-8: it looks like ${guess}. ${SAVE_AS_UTF8}, after converting the text to Unicode if it was typed in a TCVN3 or VNI font (Unikey's converter does it).`,
        guess,
      );
    throw new PaperFormFileError('NOT_UTF8', `The file is not UTF-8 text. ${SAVE_AS_UTF8}.`);
  }
  const guess = guessLegacyText(text);
  if (guess === 'ANSI')
    throw new PaperFormFileError(
      'LEGACY_ENCODING',
      `The file has lost its Vietnamese letters (they read "?"): it was saved as plain "CSV" on a Windows set to another language. ${SAVE_AS_UTF8}.`,
      guess,
    );
  if (guess)
    throw new PaperFormFileError(
      'LEGACY_ENCODING',
      `The file looks like ${guess}: its text was typed in a ${guess} font, not Unicode. Convert it to Unicode (Unikey's converter, from ${guess} to Unicode), then save it as CSV UTF-8. ${SAVE_AS_UTF8}.`,
      guess,
    );
  return text;
}

function utf16(): PaperFormFileError {
  return new PaperFormFileError(
    'UTF16',
    `The file is UTF-16 (Excel's "Unicode Text"), not CSV UTF-8. ${SAVE_AS_UTF8}.`,
    'UTF-16',
  );
}

/** The delimiter that splits the header into the most known columns (Excel in Vietnamese: `;`). */
function detectDelimiter(text: string): ',' | ';' | '\t' {
  const header = text.slice(0, text.indexOf('\n') < 0 ? undefined : text.indexOf('\n'));
  let best: ',' | ';' | '\t' = ',';
  let bestCount = 0;
  for (const delimiter of [',', ';', '\t'] as const) {
    const known = header
      .split(delimiter)
      .filter((cell) => COLUMN_BY_NAME.has(foldName(cell.replace(/"/g, '')))).length;
    if (known > bestCount) {
      best = delimiter;
      bestCount = known;
    }
  }
  return best;
}

interface CsvRecord {
  cells: string[];
  line: number;
}

function records(text: string, delimiter: string, maxRows: number): CsvRecord[] {
  try {
    const parsed = parse(text, {
      delimiter,
      record_delimiter: '\n',
      info: true,
      relax_column_count: true,
      relax_quotes: true,
      // Spaces around cells go (Excel leaves none); a row of blanks is then skipped.
      trim: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      max_record_size: MAX_RECORD_CHARS,
      // The header, the most rows allowed, and one more to tell that there are too many.
      to: maxRows + 2,
    }) as unknown as { record: string[]; info: { lines: number } }[];
    return parsed.map(({ record, info }) => ({
      cells: record,
      // `lines` is where the record ends; its quoted line breaks say where it began.
      line: info.lines - record.reduce((sum, cell) => sum + (cell.split('\n').length - 1), 0),
    }));
  } catch (err) {
    if (err instanceof CsvError) {
      const where = (err as CsvError & { lines?: number }).lines;
      const reason =
        err.code === 'CSV_QUOTE_NOT_CLOSED'
          ? 'a quote (") is opened and never closed'
          : err.code === 'CSV_MAX_RECORD_SIZE'
            ? `a row is longer than ${MAX_RECORD_CHARS} characters`
            : 'it is not valid CSV';
      throw new PaperFormFileError(
        'MALFORMED_CSV',
        `The file cannot be read${where ? ` at row ${where}` : ''}: ${reason}.`,
      );
    }
    throw err;
  }
}

/** The header's columns by canonical name (`null` for ignored ones), or a refusal. */
function headerColumns(cells: string[]): (string | null)[] {
  const unknown: string[] = [];
  const seen = new Set<string>();
  const duplicates: string[] = [];
  const columns = cells.map((cell) => {
    const folded = foldName(cell);
    if (folded === '' || IGNORED_COLUMNS.has(folded)) return null;
    const name = COLUMN_BY_NAME.get(folded);
    if (!name) {
      unknown.push(cell.trim().slice(0, 40));
      return null;
    }
    if (seen.has(name)) duplicates.push(name);
    seen.add(name);
    return name;
  });
  const expected = PAPER_FORM_COLUMNS.map((c) => c.name).join(', ');
  const missing = PAPER_FORM_COLUMNS.filter((c) => c.required && !seen.has(c.name)).map(
    (c) => c.name,
  );
  // Mostly unknown names: the first row is data, not a header.
  if (seen.size <= unknown.length && missing.length > 0)
    throw new PaperFormFileError(
      'MISSING_COLUMNS',
      `The first row must name the columns: ${expected} (required: ${PAPER_FORM_COLUMNS.filter(
        (c) => c.required,
      )
        .map((c) => c.name)
        .join(', ')}).`,
    );
  if (unknown.length > 0)
    throw new PaperFormFileError(
      'UNKNOWN_COLUMNS',
      `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown
        .slice(0, 10)
        .map((c) => `"${c}"`)
        .join(', ')}: the columns are ${expected}.`,
    );
  if (duplicates.length > 0)
    throw new PaperFormFileError(
      'DUPLICATE_COLUMNS',
      `Column${duplicates.length > 1 ? 's' : ''} ${[...new Set(duplicates)].join(', ')} appear${duplicates.length > 1 ? '' : 's'} more than once.`,
    );
  if (missing.length > 0)
    throw new PaperFormFileError(
      'MISSING_COLUMNS',
      `Missing required column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.`,
    );
  return columns;
}

function contentKey(row: PaperFormRowContent): string {
  const { index: _index, line: _line, formReference: _reference, ...content } = row;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 40);
}

/**
 * Reads a paper-form CSV upload. Whole-file faults (size, encoding, header, more than
 * `maxRows` rows) throw `PaperFormFileError`; each bad row is reported in `problems` and left
 * out of `rows`, and reading goes on to the end.
 */
export function parsePaperFormCsv(
  file: Uint8Array,
  options: PaperFormOptions = {},
): PaperFormParse {
  const maxRows = options.maxRows ?? MAX_PAPER_FORM_ROWS;
  const maxBytes = options.maxBytes ?? MAX_PAPER_FORM_BYTES;
  const today = options.today ?? vietnamToday();
  if (file.byteLength > maxBytes)
    throw new PaperFormFileError(
      'TOO_LARGE',
      `The file is larger than ${maxBytes} bytes; split it.`,
    );

  let text = decode(file).replace(/\r\n?/g, '\n');
  // Excel's `sep=;` first line names the delimiter; Excel hides it, so rows count from the header.
  const sep = SEP_LINE.exec(text);
  if (sep) text = text.slice(sep[0].length);
  if (text.trim() === '')
    throw new PaperFormFileError(
      'EMPTY_FILE',
      'The file is empty: it needs a header row and rows of comments.',
    );
  const delimiter = (sep?.[1] as ',' | ';' | '\t' | undefined) ?? detectDelimiter(text);
  const [header, ...data] = records(text, delimiter, maxRows);
  if (!header)
    throw new PaperFormFileError(
      'EMPTY_FILE',
      'The file is empty: it needs a header row and rows of comments.',
    );
  const columns = headerColumns(header.cells);
  if (data.length === 0)
    throw new PaperFormFileError('NO_ROWS', 'The file has a header row but no comments under it.');
  if (data.length > maxRows)
    throw new PaperFormFileError(
      'TOO_MANY_ROWS',
      `The file has more than ${maxRows} rows of comments; split it into files of at most ${maxRows}.`,
    );

  const problems: PaperFormProblem[] = [];
  let problemCount = 0;
  const rows: PaperFormRow[] = [];
  const occurrences = new Map<string, number>();
  const references = new Map<string, number>();
  data.forEach((record, index) => {
    const report = (column: string | null, description: string) => {
      problemCount += 1;
      if (problems.length < MAX_PROBLEMS)
        problems.push({
          field: column ? `rows[${index}].${column}` : `rows[${index}]`,
          description: `${description} (row ${record.line})`,
          index,
          line: record.line,
          column,
        });
    };
    const row = readRow(record.cells, columns, index, record.line, today, report);
    if (!row) return;
    if (row.formReference !== null) {
      const earlier = references.get(row.formReference);
      if (earlier !== undefined) {
        report(
          'form_reference',
          `repeats the form_reference of row ${earlier}: each form has its own`,
        );
        return;
      }
      references.set(row.formReference, record.line);
      rows.push({ ...row, idempotencyKey: `paper-form:${row.formReference}` });
      return;
    }
    const key = contentKey(row);
    const n = (occurrences.get(key) ?? 0) + 1;
    occurrences.set(key, n);
    rows.push({ ...row, idempotencyKey: `paper-csv:${key}:${n}` });
  });
  return {
    rows,
    problems,
    problemsTruncated: problemCount > problems.length,
    rowCount: data.length,
    delimiter,
    columns,
  };
}

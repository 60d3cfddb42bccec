import { createHash } from 'node:crypto';
import { CsvError, parse } from 'csv-parse/sync';
import { InvalidArgumentError, knownLanguage, type FieldViolation } from '@pcn/platform';
import { guessLegacyBytes, guessLegacyText, type LegacyEncoding } from './legacy-encoding.js';
import { articleMarker } from './sms-feedback-command.js';
import { commentText, CONTROL, foldKeyword, MAX_FEEDBACK_TEXT } from './vietnamese-fold.js';

/**
 * Paper comment forms, typed into a spreadsheet by a commune officer and uploaded as CSV (the
 * layout is in the README: one column per field below, a header row first). The parser is pure:
 * bytes in, rows out, every bad row named (`rows[12].stance`) and none written. The lead maps the
 * rows to the feedback service's import items; the service still decides windows and articles.
 */

export type Stance = 'support' | 'oppose' | 'suggest_change' | 'question';
export type SubmitterKind = 'citizen' | 'organization' | 'agency' | 'press';
export type Gender = 'female' | 'male' | 'other';
export type AgeBand = 'under_18' | '18_29' | '30_44' | '45_59' | '60_plus';

/** One comment from the file, ready to map to an import item. */
export interface PaperFormRow {
  /** Its place among the file's data rows, from 0: `rows[index]` in problems. */
  index: number;
  /** The spreadsheet row it starts on (the header is row 1). */
  line: number;
  draftCode: string;
  /** As printed (`5`, `5a`); null: the whole draft. */
  articleNumber: string | null;
  /** As printed (`2`, `a`, `2.1`); only with an article. */
  clauseNumber: string | null;
  stance: Stance;
  /** NFC, at most 10,000 characters; formula-looking text is kept as written. */
  text: string;
  /** BCP 47, checked with `knownLanguage`; `vi` when the cell is empty. */
  language: string;
  submitterKind: SubmitterKind;
  /** Personal data: never logged. */
  submitterName: string | null;
  /**
   * Where to send the receipt and the answer, as written (trimmed): a phone number (for the
   * notification service's `normaliseVietnamesePhone`) or an email. Personal data.
   */
  contact: { kind: 'phone' | 'email'; value: string } | null;
  unitId: string | null;
  /** The date on the form (`YYYY-MM-DD`, Vietnam's calendar day). */
  receivedOn: string;
  /** Only with the person's explicit consent on the form; null without it. */
  demographics: {
    ethnicGroup: string | null;
    gender: Gender | null;
    ageBand: AgeBand | null;
  } | null;
  /** The form's own number, when the officer wrote one. */
  formReference: string | null;
  /**
   * `paper-form:<form_reference>`, or, without one, `paper-csv:<content hash>:<n>` where `n`
   * counts identical rows in the file: the same file sent again gives the same keys (nothing
   * twice), a corrected file keeps the keys of its unchanged rows, and identical photocopied
   * forms in one file stay separate comments.
   */
  idempotencyKey: string;
}

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

interface Column {
  name: string;
  required: boolean;
  /** Header spellings (folded: lower case, no diacritics, `_` between words) besides the name. */
  aliases: string[];
}

/** The published layout, in its documented order. */
export const PAPER_FORM_COLUMNS: readonly Column[] = [
  { name: 'draft_code', required: true, aliases: ['ma_du_thao', 'du_thao', 'draft'] },
  { name: 'article_number', required: false, aliases: ['article', 'dieu', 'so_dieu'] },
  { name: 'clause_number', required: false, aliases: ['clause', 'khoan', 'so_khoan'] },
  {
    name: 'stance',
    required: true,
    aliases: ['loai_y_kien', 'quan_diem', 'thai_do', 'y_kien_la'],
  },
  {
    name: 'text',
    required: true,
    aliases: ['noi_dung', 'noi_dung_y_kien', 'noi_dung_gop_y', 'y_kien', 'comment'],
  },
  { name: 'language', required: false, aliases: ['ngon_ngu', 'lang'] },
  {
    name: 'submitter_kind',
    required: false,
    aliases: ['doi_tuong', 'nguoi_gop_y_la', 'loai_nguoi_gop_y'],
  },
  { name: 'submitter_name', required: false, aliases: ['ho_ten', 'ho_va_ten', 'ten', 'name'] },
  {
    name: 'contact',
    required: false,
    aliases: ['lien_he', 'so_dien_thoai', 'dien_thoai', 'email'],
  },
  { name: 'unit_id', required: false, aliases: ['unit_code', 'ma_don_vi', 'don_vi'] },
  { name: 'received_on', required: true, aliases: ['ngay_nhan', 'ngay_gop_y', 'ngay'] },
  {
    name: 'consent_demographics',
    required: false,
    aliases: ['dong_y_cung_cap', 'dong_y_thong_tin', 'dong_y', 'consent'],
  },
  { name: 'ethnic_group', required: false, aliases: ['dan_toc'] },
  { name: 'gender', required: false, aliases: ['gioi_tinh'] },
  { name: 'age_band', required: false, aliases: ['nhom_tuoi', 'do_tuoi'] },
  {
    name: 'form_reference',
    required: false,
    aliases: ['so_phieu', 'ma_phieu', 'reference'],
  },
];

/** Columns a spreadsheet often has that carry nothing to import (`STT`: the row's number). */
const IGNORED_COLUMNS = new Set(['stt', 'so_thu_tu']);

/** Cell values, folded the same way as headers, to what they mean. */
const STANCES: Record<string, Stance> = {
  support: 'support',
  ung_ho: 'support',
  dong_y: 'support',
  tan_thanh: 'support',
  oppose: 'oppose',
  phan_doi: 'oppose',
  khong_dong_y: 'oppose',
  suggest_change: 'suggest_change',
  de_nghi_sua: 'suggest_change',
  de_nghi_sua_doi: 'suggest_change',
  de_xuat_sua: 'suggest_change',
  gop_y_sua: 'suggest_change',
  sua_doi: 'suggest_change',
  question: 'question',
  cau_hoi: 'question',
  hoi: 'question',
};
const SUBMITTER_KINDS: Record<string, SubmitterKind> = {
  citizen: 'citizen',
  cong_dan: 'citizen',
  nguoi_dan: 'citizen',
  ca_nhan: 'citizen',
  organization: 'organization',
  to_chuc: 'organization',
  doanh_nghiep: 'organization',
  agency: 'agency',
  co_quan: 'agency',
  press: 'press',
  bao_chi: 'press',
};
const GENDERS: Record<string, Gender> = {
  female: 'female',
  f: 'female',
  nu: 'female',
  male: 'male',
  m: 'male',
  nam: 'male',
  other: 'other',
  khac: 'other',
};
const AGE_BANDS: Record<string, AgeBand> = {
  under_18: 'under_18',
  duoi_18: 'under_18',
  '<18': 'under_18',
  '0_17': 'under_18',
  '18_29': '18_29',
  '30_44': '30_44',
  '45_59': '45_59',
  '60_plus': '60_plus',
  '60+': '60_plus',
  tren_60: '60_plus',
  '60_tro_len': '60_plus',
};
const YES = new Set(['yes', 'y', 'true', '1', 'x', 'co', 'dong_y']);
const NO = new Set(['', 'no', 'n', 'false', '0', 'khong', 'khong_dong_y']);

const DRAFT_CODE = /^[\p{L}\p{N}][\p{L}\p{N}_./-]{0,63}$/u;
const UNIT_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const CLAUSE = /^[\p{L}\p{N}][\p{L}\p{N}.]{0,15}$/u;
const FORM_REFERENCE = /^[\p{L}\p{N}][\p{L}\p{N}_./:#-]{0,127}$/u;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
const PHONE = /^\+?[\d ().-]{8,20}$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DAY_FIRST_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const EARLIEST_DATE = '2000-01-01';
const SEP_LINE = /^sep=([,;\t])\n/i;
const CONTROL_ALL = new RegExp(CONTROL.source, 'g');

/** A header or choice cell folded for matching: `Mã dự thảo (bắt buộc)` → `ma_du_thao`. */
function foldName(value: string): string {
  return foldKeyword(value)
    .replace(/\(.*?\)|\*/g, ' ')
    .trim()
    .replace(/[\s_./-]+/g, '_');
}

const COLUMN_BY_NAME = new Map<string, string>();
for (const column of PAPER_FORM_COLUMNS)
  for (const name of [column.name, ...column.aliases]) COLUMN_BY_NAME.set(name, column.name);

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

/** A calendar date `YYYY-MM-DD` from ISO or day-first (`25/11/2026`) writing, or undefined. */
function calendarDate(value: string): string | undefined {
  const iso = ISO_DATE.exec(value);
  const dayFirst = iso ? undefined : DAY_FIRST_DATE.exec(value);
  const [year, month, day] = iso
    ? [iso[1], iso[2], iso[3]]
    : dayFirst
      ? [dayFirst[3], dayFirst[2], dayFirst[1]]
      : [];
  if (!year || !month || !day) return undefined;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  const text = date.toISOString().slice(0, 10);
  // 31/02 rolls over into March: refused rather than moved.
  return date.getUTCDate() === Number(day) && date.getUTCMonth() === Number(month) - 1
    ? text
    : undefined;
}

const choices = (table: { [key: string]: string }) => [...new Set(Object.values(table))].join(', ');

/** Reads one data row; problems go to `report`, and a row with any is not returned. */
function readRow(
  cells: string[],
  columns: (string | null)[],
  index: number,
  line: number,
  today: string,
  report: (column: string | null, description: string) => void,
): Omit<PaperFormRow, 'idempotencyKey'> | undefined {
  let bad = false;
  const fail = (column: string | null, description: string) => {
    bad = true;
    report(column, description);
  };
  const byName = new Map<string, string>();
  cells.forEach((cell, i) => {
    const name = columns[i];
    if (name) byName.set(name, cell);
    else if (i >= columns.length && cell.trim() !== '')
      fail(
        null,
        `has ${cells.length} cells but the header has ${columns.length}: is there a comma or semicolon in a cell that is not in quotes?`,
      );
  });
  /** A cell trimmed and in NFC, without control characters; '' when empty or absent. */
  const cell = (name: string) =>
    (byName.get(name) ?? '').replace(CONTROL_ALL, '').normalize('NFC').trim();
  const optional = (name: string, max: number, pattern: RegExp, description: string) => {
    const value = cell(name);
    if (value === '') return null;
    if (value.length > max || !pattern.test(value)) {
      fail(name, description);
      return null;
    }
    return value;
  };
  const choice = <T>(name: string, table: { [key: string]: T }, fallback?: T): T | null => {
    const value = cell(name);
    if (value === '') return fallback ?? null;
    const found = table[foldName(value)];
    if (found === undefined)
      fail(name, `must be one of ${choices(table as never)} (got "${value.slice(0, 40)}")`);
    return found ?? null;
  };

  const draftCode = cell('draft_code');
  if (draftCode === '') fail('draft_code', 'is required');
  else if (!DRAFT_CODE.test(draftCode))
    fail('draft_code', "must be the draft's code: letters, digits, _ . / - (at most 64)");

  let articleNumber: string | null = null;
  const article = cell('article_number');
  if (article !== '') {
    articleNumber = articleMarker(/^\d/.test(article) ? `D${article}` : article) ?? null;
    if (articleNumber === null)
      fail('article_number', 'must be an article number as printed: 5, 5a or "Điều 5"');
  }
  const clause = cell('clause_number').replace(/^kho[aả]n\s*/iu, '');
  let clauseNumber: string | null = null;
  if (clause !== '') {
    if (!CLAUSE.test(clause))
      fail('clause_number', 'must be a clause number as printed: 1, a or 2.1 (at most 16)');
    else if (article === '')
      fail('clause_number', 'needs article_number: a clause is in an article');
    else clauseNumber = clause;
  }

  const stance = choice('stance', STANCES);
  if (cell('stance') === '') fail('stance', `is required: one of ${choices(STANCES)}`);

  const text = commentText((byName.get('text') ?? '').replace(CONTROL_ALL, ''));
  if (text === '') fail('text', 'is required');
  else if (text.length > MAX_FEEDBACK_TEXT)
    fail('text', `must be at most ${MAX_FEEDBACK_TEXT} characters (got ${text.length})`);

  let language = 'vi';
  const languageCell = cell('language');
  if (languageCell !== '') {
    const known = knownLanguage(languageCell);
    if (known) language = known;
    else
      fail(
        'language',
        'is not a language PCN can hold text in: a BCP 47 tag such as vi, hmn or pcc',
      );
  }

  const submitterKind = choice('submitter_kind', SUBMITTER_KINDS, 'citizen');
  const submitterName = optional(
    'submitter_name',
    200,
    /^[^\n]*$/,
    'must be one line of at most 200 characters',
  );
  const contactCell = cell('contact');
  let contact: PaperFormRow['contact'] = null;
  if (contactCell !== '') {
    const digits = contactCell.replace(/\D/g, '').length;
    if (contactCell.length <= 254 && EMAIL.test(contactCell))
      contact = { kind: 'email', value: contactCell };
    else if (PHONE.test(contactCell) && digits >= 8 && digits <= 15)
      contact = { kind: 'phone', value: contactCell };
    else fail('contact', 'must be a phone number or an email address');
  }
  const unitId = optional(
    'unit_id',
    64,
    UNIT_ID,
    'must be the unit id of the directory: letters, digits, _ . : - (at most 64)',
  );

  let receivedOn = '';
  const dateCell = cell('received_on');
  if (dateCell === '')
    fail('received_on', 'is required: the date on the form, as 2026-11-25 or 25/11/2026');
  else {
    const date = calendarDate(dateCell);
    if (!date)
      fail(
        'received_on',
        `must be a date as 2026-11-25 or 25/11/2026 (got "${dateCell.slice(0, 20)}")`,
      );
    else if (date > today) fail('received_on', `is after today (${today})`);
    else if (date < EARLIEST_DATE) fail('received_on', `is before ${EARLIEST_DATE}`);
    else receivedOn = date;
  }

  const consentCell = foldName(cell('consent_demographics'));
  const consent = YES.has(consentCell);
  if (!consent && !NO.has(consentCell))
    fail('consent_demographics', 'must be yes or no ("có" or "không"); empty means no');
  const ethnicGroup = optional(
    'ethnic_group',
    64,
    /^[^\n]*$/,
    'must be one line of at most 64 characters',
  );
  const gender = choice('gender', GENDERS);
  const ageBand = choice('age_band', AGE_BANDS);
  // Ethnicity is sensitive data (Law 91/2025): without the person's consent it is not taken.
  if (!consent)
    for (const name of ['ethnic_group', 'gender', 'age_band'])
      if (cell(name) !== '')
        fail(
          name,
          "is given without consent_demographics = yes: record the person's consent or leave it empty",
        );
  const formReference = optional(
    'form_reference',
    128,
    FORM_REFERENCE,
    "must be the form's number: letters, digits, _ . / : # - (at most 128)",
  );

  if (bad || stance === null) return undefined;
  return {
    index,
    line,
    draftCode,
    articleNumber,
    clauseNumber,
    stance,
    text,
    language,
    submitterKind: submitterKind ?? 'citizen',
    submitterName,
    contact,
    unitId,
    receivedOn,
    demographics: consent ? { ethnicGroup, gender, ageBand } : null,
    formReference,
  };
}

function contentKey(row: Omit<PaperFormRow, 'idempotencyKey'>): string {
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

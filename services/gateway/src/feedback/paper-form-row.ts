import { knownLanguage } from '@pcn/platform';
import {
  AGE_BANDS,
  foldName,
  GENDERS,
  NO,
  STANCES,
  SUBMITTER_KINDS,
  YES,
  type AgeBand,
  type Gender,
  type Stance,
  type SubmitterKind,
} from './paper-form-layout.js';
import { articleMarker } from './sms-feedback-command.js';
import { commentText, CONTROL, MAX_FEEDBACK_TEXT } from './vietnamese-fold.js';

/** The rules for one row of a paper-form CSV: what each cell may hold, and what it means. */

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

/** A row before its idempotency key, which depends on the rows around it. */
export type PaperFormRowContent = Omit<PaperFormRow, 'idempotencyKey'>;

const DRAFT_CODE = /^[\p{L}\p{N}][\p{L}\p{N}_./-]{0,63}$/u;
const UNIT_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const CLAUSE = /^[\p{L}\p{N}][\p{L}\p{N}.]{0,15}$/u;
const FORM_REFERENCE = /^[\p{L}\p{N}][\p{L}\p{N}_./:#-]{0,127}$/u;
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
const PHONE = /^\+?[\d ().-]{8,20}$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DAY_FIRST_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const EARLIEST_DATE = '2000-01-01';
const CONTROL_ALL = new RegExp(CONTROL.source, 'g');

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
export function readRow(
  cells: string[],
  columns: (string | null)[],
  index: number,
  line: number,
  today: string,
  report: (column: string | null, description: string) => void,
): PaperFormRowContent | undefined {
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

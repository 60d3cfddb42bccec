import { InvalidArgumentError } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.test-helper.js';
import {
  parsePaperFormCsv,
  PaperFormFileError,
  vietnamToday,
  type PaperFormFileProblem,
  type PaperFormOptions,
} from './paper-form-csv.js';

const TODAY = '2026-12-01';
const HEADER = [
  'draft_code',
  'article_number',
  'clause_number',
  'stance',
  'text',
  'language',
  'submitter_kind',
  'submitter_name',
  'contact',
  'unit_id',
  'received_on',
  'consent_demographics',
  'ethnic_group',
  'gender',
  'age_band',
  'form_reference',
];

type Row = Partial<Record<(typeof HEADER)[number], string>>;

const GOOD: Row = {
  draft_code: 'QD-2026-01',
  article_number: '5',
  stance: 'support',
  text: 'Tôi đồng ý với điều này',
  received_on: '2026-11-25',
};

/** One cell as Excel writes it: quoted when it holds the delimiter, a quote or a line break. */
function quote(cell: string, delimiter: string): string {
  return cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

function csvText(
  rows: Row[],
  {
    header = HEADER,
    delimiter = ',',
    eol = '\r\n',
    names = header,
  }: { header?: string[]; delimiter?: string; eol?: string; names?: string[] } = {},
): string {
  const lines = [names.map((h) => quote(h, delimiter)).join(delimiter)];
  for (const row of rows)
    lines.push(header.map((h) => quote(row[h] ?? '', delimiter)).join(delimiter));
  return lines.join(eol) + eol;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const utf8 = (text: string, bom = false) =>
  bom ? Buffer.concat([BOM, Buffer.from(text, 'utf8')]) : Buffer.from(text, 'utf8');

function read(file: Uint8Array | string, options: PaperFormOptions = {}) {
  return parsePaperFormCsv(typeof file === 'string' ? utf8(file) : file, {
    today: TODAY,
    ...options,
  });
}

function refused(file: Uint8Array | string, options: PaperFormOptions = {}): PaperFormFileError {
  try {
    read(file, options);
  } catch (err) {
    if (err instanceof PaperFormFileError) return err;
    throw err;
  }
  throw new Error('expected the file to be refused');
}

function expectRefused(
  file: Uint8Array | string,
  problem: PaperFormFileProblem,
  message?: RegExp,
  options: PaperFormOptions = {},
) {
  const err = refused(file, options);
  expect(err.problem).toBe(problem);
  expect(err).toBeInstanceOf(InvalidArgumentError);
  expect(err.violations[0]?.field).toBe('file');
  if (message) expect(err.message).toMatch(message);
  return err;
}

describe('paper-form CSV: a good file', () => {
  it('reads every column, with an Excel BOM and CRLF', () => {
    const file = utf8(
      csvText([
        {
          ...GOOD,
          clause_number: '2',
          language: 'vi',
          submitter_kind: 'organization',
          submitter_name: 'Hợp tác xã Nông nghiệp Tân Lập',
          contact: ' 0912 345 678 ',
          unit_id: 'vn-12-345',
          consent_demographics: 'yes',
          ethnic_group: 'Hmông',
          gender: 'female',
          age_band: '30_44',
          form_reference: 'PHIEU-0001',
        },
      ]),
      true,
    );
    const result = read(file);
    expect(result.problems).toEqual([]);
    expect(result.rowCount).toBe(1);
    expect(result.delimiter).toBe(',');
    expect(result.rows).toEqual([
      {
        index: 0,
        line: 2,
        draftCode: 'QD-2026-01',
        articleNumber: '5',
        clauseNumber: '2',
        stance: 'support',
        text: 'Tôi đồng ý với điều này',
        language: 'vi',
        submitterKind: 'organization',
        submitterName: 'Hợp tác xã Nông nghiệp Tân Lập',
        contact: { kind: 'phone', value: '0912 345 678' },
        unitId: 'vn-12-345',
        receivedOn: '2026-11-25',
        demographics: { ethnicGroup: 'Hmông', gender: 'female', ageBand: '30_44' },
        formReference: 'PHIEU-0001',
        idempotencyKey: 'paper-form:PHIEU-0001',
      },
    ]);
  });

  it('reads the same rows with and without the BOM, with LF, CRLF, CR or a mix', () => {
    const rows = [GOOD, { ...GOOD, article_number: '', stance: 'oppose', text: 'Không' }];
    const plain = read(csvText(rows, { eol: '\n' })).rows;
    expect(plain).toHaveLength(2);
    expect(read(utf8(csvText(rows), true)).rows).toEqual(plain);
    expect(read(csvText(rows, { eol: '\r' })).rows).toEqual(plain);
    const mixed = csvText(rows, { eol: '\n' }).replace('\n', '\r\n');
    expect(read(mixed).rows).toEqual(plain);
  });

  it('fills defaults: the whole draft, language vi, a citizen, no demographics', () => {
    const [row] = read(csvText([{ ...GOOD, article_number: '' }])).rows;
    expect(row).toMatchObject({
      articleNumber: null,
      clauseNumber: null,
      language: 'vi',
      submitterKind: 'citizen',
      submitterName: null,
      contact: null,
      unitId: null,
      demographics: null,
      formReference: null,
    });
  });

  it('tells a phone number from an email in the contact column', () => {
    const result = read(
      csvText([
        { ...GOOD, contact: 'an.nguyen@example.vn' },
        { ...GOOD, contact: '+84 (912) 345-678' },
        { ...GOOD, contact: '12345' },
        { ...GOOD, contact: 'a@b' },
      ]),
    );
    expect(result.rows.map((r) => r.contact)).toEqual([
      { kind: 'email', value: 'an.nguyen@example.vn' },
      { kind: 'phone', value: '+84 (912) 345-678' },
    ]);
    expect(result.problems.map((p) => p.field)).toEqual(['rows[2].contact', 'rows[3].contact']);
  });

  it('keeps quoted line breaks, commas and quotes in the text, and counts spreadsheet rows', () => {
    const text = 'Dòng một, có dấu phẩy\r\nDòng "hai"\r\n\r\nDòng bốn';
    const result = read(
      csvText([{ ...GOOD, text }, { ...GOOD, stance: 'bogus' }, GOOD]) + '\r\n\r\n',
    );
    expect(result.rows[0]?.text).toBe('Dòng một, có dấu phẩy\nDòng "hai"\n\nDòng bốn');
    expect(result.rows.map((r) => [r.index, r.line])).toEqual([
      [0, 2],
      [2, 7],
    ]);
    expect(result.problems).toEqual([
      expect.objectContaining({ field: 'rows[1].stance', index: 1, line: 6, column: 'stance' }),
    ]);
    expect(result.problems[0]?.description).toMatch(/row 6/);
  });

  it('takes Vietnamese labels for stance, kind, gender, consent and age band', () => {
    const labels: [string, string][] = [
      ['Ủng hộ', 'support'],
      ['PHẢN ĐỐI', 'oppose'],
      ['đề nghị sửa', 'suggest_change'],
      ['Đề nghị sửa đổi', 'suggest_change'],
      ['câu hỏi', 'question'],
      ['Khong dong y', 'oppose'],
      ['suggest_change', 'suggest_change'],
    ];
    const result = read(
      csvText(
        labels.map(([stance]) => ({
          ...GOOD,
          stance,
          submitter_kind: 'Báo chí',
          consent_demographics: 'Có',
          gender: 'Nữ',
          age_band: '60+',
        })),
      ),
    );
    expect(result.problems).toEqual([]);
    expect(result.rows.map((r) => r.stance)).toEqual(labels.map(([, stance]) => stance));
    expect(result.rows[0]).toMatchObject({
      submitterKind: 'press',
      demographics: { ethnicGroup: null, gender: 'female', ageBand: '60_plus' },
    });
  });

  it('reads article and clause as printed: Điều 5, D5a, Khoản 2, 2.1', () => {
    const result = read(
      csvText([
        { ...GOOD, article_number: 'Điều 5', clause_number: 'Khoản 2' },
        { ...GOOD, article_number: 'D5a', clause_number: '2.1' },
        { ...GOOD, article_number: '012', clause_number: 'a' },
      ]),
    );
    expect(result.problems).toEqual([]);
    expect(result.rows.map((r) => [r.articleNumber, r.clauseNumber])).toEqual([
      ['5', '2'],
      ['5a', '2.1'],
      ['12', 'a'],
    ]);
  });

  it('reads dates written the ISO way or day first, as Vietnamese Excel writes them', () => {
    const dates: [string, string][] = [
      ['2026-11-25', '2026-11-25'],
      ['25/11/2026', '2026-11-25'],
      ['5/1/2026', '2026-01-05'],
      ['05-01-2026', '2026-01-05'],
      ['01.12.2026', '2026-12-01'],
    ];
    const result = read(csvText(dates.map(([d]) => ({ ...GOOD, received_on: d }))));
    expect(result.problems).toEqual([]);
    expect(result.rows.map((r) => r.receivedOn)).toEqual(dates.map(([, iso]) => iso));
  });

  it('matches headers regardless of case, diacritics, spaces and Vietnamese names', () => {
    const header = [
      'STT',
      'Mã dự thảo',
      'ĐIỀU',
      'Loại ý kiến (bắt buộc)',
      'Nội dung ý kiến',
      'Ngày nhận',
      'Received On *',
    ].slice(0, 6);
    const file = [
      header.join(';'),
      '1;QD-2026-01;5;Ủng hộ;Đồng ý; không ý kiến thêm;25/11/2026',
    ].join('\r\n');
    // The text holds a semicolon unquoted: that row has a cell too many.
    const result = read(file);
    expect(result.delimiter).toBe(';');
    expect(result.columns).toEqual([
      null,
      'draft_code',
      'article_number',
      'stance',
      'text',
      'received_on',
    ]);
    expect(result.problems.map((p) => p.field)).toEqual(['rows[0]', 'rows[0].received_on']);
    const good = [header.join(';'), '1;QD-2026-01;5;Ủng hộ;"Đồng ý; không thêm";25/11/2026'];
    expect(read(good.join('\n')).rows[0]).toMatchObject({
      draftCode: 'QD-2026-01',
      stance: 'support',
      text: 'Đồng ý; không thêm',
    });
    expect(read(csvText([GOOD], { names: HEADER.map((h) => h.toUpperCase()) })).rows).toHaveLength(
      1,
    );
    expect(
      read(csvText([GOOD], { names: HEADER.map((h) => ` ${h.replace(/_/g, ' ')} `) })).rows,
    ).toHaveLength(1);
  });

  it("takes Excel's sep= line and counts rows from the header, as Excel shows them", () => {
    const file = `sep=;\r\n${csvText([GOOD, { ...GOOD, stance: '?' }], { delimiter: ';' })}`;
    const result = read(utf8(file, true));
    expect(result.delimiter).toBe(';');
    expect(result.rows.map((r) => r.line)).toEqual([2]);
    expect(result.problems.map((p) => [p.field, p.line])).toEqual([['rows[1].stance', 3]]);
  });

  it('reads tab-separated files too', () => {
    expect(read(csvText([GOOD], { delimiter: '\t' })).rows).toHaveLength(1);
  });

  it('keeps formula-looking cells as data, exactly as written', () => {
    const texts = [
      '=HYPERLINK("http://evil.example","Bấm vào")',
      '+1+1',
      '-2+3',
      '@SUM(A1:A9)',
      "=cmd|' /C calc'!A0",
      '\u200B=1+1',
    ];
    const result = read(csvText(texts.map((text) => ({ ...GOOD, text }))));
    expect(result.problems).toEqual([]);
    expect(result.rows.map((r) => r.text)).toEqual([...texts.slice(0, 5), '=1+1']);
  });

  it('takes a text of 10,000 characters', () => {
    expect(read(csvText([{ ...GOOD, text: 'ạ'.repeat(10_000) }])).rows[0]?.text).toHaveLength(
      10_000,
    );
  });

  it('skips the empty rows Excel leaves at the end', () => {
    const file = csvText([GOOD]) + ',,,,,,,,,,,,,,,\r\n , ,\r\n\r\n   \r\n';
    const result = read(file);
    expect(result.rowCount).toBe(1);
    expect(result.rows).toHaveLength(1);
  });
});

describe('paper-form CSV: the README example', () => {
  it('reads the example the README publishes', () => {
    const file = [
      'STT;Mã dự thảo;Điều;Loại ý kiến;Nội dung ý kiến;Họ tên;Ngày nhận;Đồng ý cung cấp;Dân tộc;Số phiếu',
      '1;QD-2026-01;5;Ủng hộ;Đồng ý với mức phí mới;Lò Văn A;25/11/2026;có;Thái;XA-001',
      '2;QD-2026-01;;Câu hỏi;"Khi nào áp dụng?',
      'Xin trả lời sớm";;26/11/2026;;;XA-002',
    ].join('\r\n');
    const result = read(utf8(file, true));
    expect(result.problems).toEqual([]);
    expect(result.rows).toMatchObject([
      {
        line: 2,
        draftCode: 'QD-2026-01',
        articleNumber: '5',
        stance: 'support',
        submitterName: 'Lò Văn A',
        receivedOn: '2026-11-25',
        demographics: { ethnicGroup: 'Thái', gender: null, ageBand: null },
        idempotencyKey: 'paper-form:XA-001',
      },
      {
        line: 3,
        articleNumber: null,
        stance: 'question',
        text: 'Khi nào áp dụng?\nXin trả lời sớm',
        demographics: null,
        idempotencyKey: 'paper-form:XA-002',
      },
    ]);
  });
});

describe('paper-form CSV: bad rows', () => {
  it('reports every bad cell of every row with its path and row, and keeps the good rows', () => {
    const result = read(
      csvText([
        GOOD,
        { ...GOOD, stance: 'maybe', text: '' },
        { ...GOOD, draft_code: '', received_on: '31/02/2026' },
        { ...GOOD, received_on: '2026-12-02', language: 'zz-ZZZZ-invalid' },
        { ...GOOD, article_number: '', clause_number: '3' },
        { ...GOOD, article_number: 'Chương 2', unit_id: 'đơn vị 1' },
        { ...GOOD, ethnic_group: 'Tày', gender: 'male' },
        { ...GOOD, consent_demographics: 'maybe' },
        { ...GOOD, contact: 'call me', submitter_kind: 'alien' },
        { ...GOOD, gender: 'nam', consent_demographics: 'không', age_band: '18-29' },
        { ...GOOD, text: 'x'.repeat(10_001), received_on: '1999-12-31' },
        { ...GOOD, form_reference: '<script>' },
        GOOD,
      ]),
    );
    expect(result.rowCount).toBe(13);
    expect(result.rows.map((r) => r.index)).toEqual([0, 12]);
    expect(result.problems.map((p) => p.field)).toEqual([
      'rows[1].stance',
      'rows[1].text',
      'rows[2].draft_code',
      'rows[2].received_on',
      'rows[3].language',
      'rows[3].received_on',
      'rows[4].clause_number',
      'rows[5].article_number',
      'rows[5].unit_id',
      'rows[6].ethnic_group',
      'rows[6].gender',
      'rows[7].consent_demographics',
      'rows[8].submitter_kind',
      'rows[8].contact',
      'rows[9].gender',
      'rows[9].age_band',
      'rows[10].text',
      'rows[10].received_on',
      'rows[11].form_reference',
    ]);
    const byField = new Map(result.problems.map((p) => [p.field, p]));
    expect(byField.get('rows[1].stance')?.description).toMatch(
      /support, oppose, suggest_change, question.*"maybe".*row 3/,
    );
    expect(byField.get('rows[3].received_on')?.description).toMatch(/after today/);
    expect(byField.get('rows[6].ethnic_group')?.description).toMatch(/without consent/);
    expect(byField.get('rows[10].text')?.description).toMatch(/at most 10000.*10001/);
    expect(result.problems.every((p) => p.line === p.index + 2)).toBe(true);
  });

  it('reports a row with more cells than the header', () => {
    const file = csvText([GOOD]) + 'QD-1,5,,support,Đồng ý,vi,,,,,2026-11-25,,,,,,EXTRA\r\n';
    const result = read(file);
    expect(result.problems.map((p) => p.field)).toEqual(['rows[1]']);
    expect(result.problems[0]?.description).toMatch(/17 cells but the header has 16/);
  });

  it('reads missing cells at the end of a short row as empty', () => {
    const file = `${HEADER.join(',')}\nQD-1,5,,support\n`;
    expect(read(file).problems.map((p) => p.field)).toEqual([
      'rows[0].text',
      'rows[0].received_on',
    ]);
  });

  it('refuses a form reference used twice in a file', () => {
    const result = read(
      csvText([
        { ...GOOD, form_reference: 'P-1' },
        { ...GOOD, form_reference: 'P-1', text: 'Khác' },
      ]),
    );
    expect(result.rows).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ field: 'rows[1].form_reference', line: 3 });
  });

  it('lists at most 1,000 problems and says when there were more', () => {
    const rows = Array.from({ length: 600 }, () => ({ ...GOOD, stance: '?', text: '' }));
    const result = read(csvText(rows));
    expect(result.problems).toHaveLength(1000);
    expect(result.problemsTruncated).toBe(true);
    expect(result.rows).toEqual([]);
  });
});

describe('paper-form CSV: idempotency keys', () => {
  it('gives the same keys to the same file sent twice', () => {
    const file = csvText([GOOD, { ...GOOD, text: 'Khác' }]);
    expect(read(file).rows.map((r) => r.idempotencyKey)).toEqual(
      read(file).rows.map((r) => r.idempotencyKey),
    );
  });

  it('keeps identical photocopied forms apart, and numbers them', () => {
    const keys = read(csvText([GOOD, GOOD, GOOD])).rows.map((r) => r.idempotencyKey);
    expect(new Set(keys).size).toBe(3);
    expect(keys.map((k) => k.replace(/^paper-csv:[0-9a-f]{40}:/, ''))).toEqual(['1', '2', '3']);
  });

  it('keeps the keys of unchanged rows when a bad row is corrected and the file sent again', () => {
    const before = read(csvText([GOOD, { ...GOOD, stance: 'wrong' }, { ...GOOD, text: 'Ba' }]));
    const after = read(csvText([GOOD, { ...GOOD, stance: 'oppose' }, { ...GOOD, text: 'Ba' }]));
    expect(before.rows.map((r) => r.idempotencyKey)).toEqual([
      after.rows[0]?.idempotencyKey,
      after.rows[2]?.idempotencyKey,
    ]);
    expect(after.rows).toHaveLength(3);
  });

  it('changes the key when what the form says changes', () => {
    const [a] = read(csvText([GOOD])).rows;
    const [b] = read(csvText([{ ...GOOD, article_number: '6' }])).rows;
    expect(a?.idempotencyKey).not.toBe(b?.idempotencyKey);
  });
});

describe('paper-form CSV: whole-file refusals', () => {
  it.each<[string, Uint8Array | string, PaperFormFileProblem]>([
    ['an empty file', Buffer.alloc(0), 'EMPTY_FILE'],
    ['a BOM alone', BOM, 'EMPTY_FILE'],
    ['blank lines', '\r\n\r\n  \r\n', 'EMPTY_FILE'],
    ['a header only', `${HEADER.join(',')}\r\n`, 'NO_ROWS'],
    ['a header and empty rows', `${HEADER.join(',')}\r\n,,,,\r\n\r\n`, 'NO_ROWS'],
    ['no header (data first)', 'QD-1,5,,support,Đồng ý,vi,,,,,2026-11-25\r\n', 'MISSING_COLUMNS'],
  ])('refuses %s', (_label, file, problem) => {
    expectRefused(file, problem);
  });

  it('takes 1,000 rows and refuses 1,001 as a whole', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => ({ ...GOOD, text: `Ý kiến số ${i}` }));
    const ok = read(csvText(rows));
    expect(ok.rows).toHaveLength(1000);
    expect(ok.rows[999]?.line).toBe(1001);
    expectRefused(csvText([...rows, GOOD]), 'TOO_MANY_ROWS', /more than 1000 rows.*split it/);
  });

  it('stops reading a huge file at row 1,002 and at its byte limit', () => {
    const many = csvText(Array.from({ length: 50_000 }, () => GOOD));
    const started = performance.now();
    expectRefused(many, 'TOO_MANY_ROWS');
    expect(performance.now() - started).toBeLessThan(2000);
    expectRefused(many, 'TOO_LARGE', /larger than 1000 bytes/, { maxBytes: 1000 });
  });

  it('refuses a missing, unknown or repeated column, naming it', () => {
    const noStance = HEADER.filter((h) => h !== 'stance');
    expectRefused(csvText([GOOD], { header: noStance }), 'MISSING_COLUMNS', /stance/);
    expectRefused(
      csvText([GOOD], { header: [...HEADER.slice(0, 15), 'stnace'] }),
      'UNKNOWN_COLUMNS',
      /"stnace".*draft_code, article_number/,
    );
    expectRefused(
      csvText([GOOD], { header: [...HEADER, 'Nội dung'] }),
      'DUPLICATE_COLUMNS',
      /text/,
    );
  });

  it('refuses a quote that is never closed, with its row', () => {
    const file = `${csvText([GOOD])}QD-1,5,,support,"Đồng ý,vi,,,,,2026-11-25\r\n`;
    expectRefused(file, 'MALFORMED_CSV', /row 3.*never closed/);
  });

  it('refuses a row longer than any form', () => {
    expectRefused(csvText([{ ...GOOD, text: 'x'.repeat(70_000) }]), 'MALFORMED_CSV', /longer than/);
  });
});

describe('paper-form CSV: encodings', () => {
  /** A one-row file whose text cell holds `text` as raw bytes, the rest UTF-8. */
  const fileWithText = (text: Uint8Array) =>
    Buffer.concat([
      utf8(`${HEADER.join(',')}\r\nQD-1,5,,support,"`),
      text,
      utf8('",vi,,,,,2026-11-25\r\n'),
    ]);
  const sentence = 'Cộng hòa xã hội, người đồng ý phản đối điều khoản';

  it('refuses Windows-1258 bytes (plain "CSV" from Vietnamese Excel), saying so', () => {
    // `iconv -f UTF-8 -t CP1258` of the sentence above, in a file.
    const cp1258 = Buffer.from(
      '43f4f26e6720686fcc61207861de2068f4f2692c206e67fdf5cc6920f0f4cc6e672079ec207068' +
        '61d26e20f0f4ec6920f069eacc75206b686f61d26e',
      'hex',
    );
    const file = fileWithText(cp1258);
    const err = expectRefused(file, 'LEGACY_ENCODING', /looks like Windows-1258.*CSV UTF-8/);
    expect(err.encoding).toBe('Windows-1258');
  });

  it('refuses TCVN3 bytes, and TCVN3 text saved as UTF-8 ("ng­êi viÖt")', () => {
    // `iconv -f UTF-8 -t TCVN5712-1`: "người việt đồng ý phản đối điều khoản".
    const tcvn3 = Buffer.from(
      '6e67adea69207669d67420aee56e6720fd207068b66e20aee86920ae69d275206b686fb66e',
      'hex',
    );
    const raw = fileWithText(tcvn3);
    expect(expectRefused(raw, 'LEGACY_ENCODING', /looks like TCVN3/).encoding).toBe('TCVN3');
    const mojibake = csvText([{ ...GOOD, text: tcvn3.toString('latin1') }]);
    expect(mojibake).toContain('ng\u00ADêi viÖt ®ång');
    const err = expectRefused(
      utf8(mojibake, true),
      'LEGACY_ENCODING',
      /looks like TCVN3.*CSV UTF-8/,
    );
    expect(err.encoding).toBe('TCVN3');
  });

  it('refuses VNI text, as bytes and as UTF-8 ("Coäng hoøa xaõ hoäi")', () => {
    const vni = 'Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam, ngöôøi ñoàng yù';
    const bytes = fileWithText(Buffer.from(vni, 'latin1'));
    expect(expectRefused(bytes, 'LEGACY_ENCODING', /looks like VNI/).encoding).toBe('VNI');
    expect(
      expectRefused(csvText([{ ...GOOD, text: vni }]), 'LEGACY_ENCODING', /looks like VNI/)
        .encoding,
    ).toBe('VNI');
  });

  it('refuses text whose Vietnamese letters became "?" in another code page', () => {
    const lost = csvText([{ ...GOOD, text: 'T?i ?\u1ed3ng ? v?i ?i?u n?y' }]).replace('ồ', '?');
    expect(expectRefused(lost, 'LEGACY_ENCODING', /lost its Vietnamese letters/).encoding).toBe(
      'ANSI',
    );
  });

  it('refuses bytes that are neither UTF-8 nor a Vietnamese encoding', () => {
    const file = Buffer.concat([utf8(`${HEADER.join(',')}\r\nQD-1,`), Buffer.from([0xc3, 0x28])]);
    expectRefused(file, 'NOT_UTF8', /not UTF-8/);
  });

  it('refuses UTF-16 (Excel "Unicode Text"), with or without its BOM', () => {
    const text = csvText([GOOD], { delimiter: '\t' });
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expectRefused(le, 'UTF16', /UTF-16/);
    expectRefused(Buffer.from(text, 'utf16le'), 'UTF16');
    const be = Buffer.from(text, 'utf16le').swap16();
    expectRefused(Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'UTF16');
  });

  it('accepts Unicode Vietnamese that happens to hold a few Latin-1 signs', () => {
    const result = read(
      csvText([
        { ...GOOD, text: `${sentence} — Müller® ½ giá, © 2026` },
        { ...GOOD, text: 'Hoà bình, hòa bình, thuỷ lợi, thủy lợi' },
        { ...GOOD, text: 'Why? What?' },
      ]),
    );
    expect(result.problems).toEqual([]);
    expect(result.rows).toHaveLength(3);
  });

  it('stores text in NFC', () => {
    const [row] = read(csvText([{ ...GOOD, text: 'Ho\u0300a bi\u0300nh' }])).rows;
    expect(row?.text).toBe('Hòa bình');
  });
});

describe('vietnamToday', () => {
  it('is the calendar day in Vietnam (UTC+7)', () => {
    expect(vietnamToday(new Date('2026-11-30T17:30:00Z'))).toBe('2026-12-01');
    expect(vietnamToday(new Date('2026-11-30T16:59:59Z'))).toBe('2026-11-30');
  });
});

describe('paper-form CSV: arbitrary files', () => {
  it('answers every file with rows and problems or a PaperFormFileError, never anything else', () => {
    const random = seededRandom(0xc5f);
    const base = utf8(csvText([GOOD, { ...GOOD, text: 'Dòng "một"\r\nhai' }, GOOD]), true);
    for (let i = 0; i < 500; i++) {
      const file = Buffer.from(base);
      for (let k = 0; k < 1 + Math.floor(random() * 6); k++)
        file[Math.floor(random() * file.length)] = [0x2c, 0x22, 0x0a, 0x0d, 0x3b, 0xff, 0x00, 0x41][
          Math.floor(random() * 8)
        ] as number;
      try {
        const result = read(file);
        for (const problem of result.problems) expect(problem.field).toMatch(/^rows\[\d+\]/);
        for (const row of result.rows) expect(row.text.length).toBeGreaterThan(0);
      } catch (err) {
        expect(err).toBeInstanceOf(PaperFormFileError);
      }
    }
  });
});

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, synthesisCsv } from './report-csv.js';
import { exportsFixture, HIDDEN_MARKER, HOSTILE_TEXTS } from './report-exports.fixtures.js';

async function csvBytes(view: 'public' | 'agency' = 'public'): Promise<Buffer> {
  const { report, rows } = exportsFixture(view);
  const chunks: Buffer[] = [];
  for await (const chunk of synthesisCsv(report, rows)) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe('synthesisCsv', () => {
  it('starts with a BOM and reads back, with csv-parse, as the same rows as the report', async () => {
    const bytes = await csvBytes();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records: string[][] = parse(bytes, { bom: true, relax_column_count: false });
    expect(records[0]).toEqual([...CSV_COLUMNS]);
    const { rows } = exportsFixture();
    const body = records.slice(1);
    expect(body).toHaveLength(rows.length);
    expect(body.map((r) => r[0])).toEqual(rows.map((_, i) => String(i + 1)));
    const campaign = body.find((r) => r[15] === 'g-campaign')!;
    expect(campaign.slice(1, 16)).toEqual([
      'Điều 2. Mức giá',
      'Đề nghị giảm mức giá thu gom rác\n(40 ý kiến có nội dung tương tự)',
      '40 người dân',
      'Tiếp thu một phần: Tiếp thu, giảm mức giá xuống 25.000 đồng\nĐã chỉnh sửa: Điều 2.',
      '40',
      '0',
      '40',
      '0',
      '0',
      '14',
      'Tiếp thu một phần',
      'có',
      'a2',
      'nhóm',
      'g-campaign',
    ]);
    // Every received comment that is not hidden is in exactly one row.
    expect(body.reduce((sum, r) => sum + Number(r[5]), 0)).toBe(52);
  });

  it('escapes every cell a spreadsheet would run as a formula, and keeps the rest as sent', async () => {
    const bytes = await csvBytes();
    const records: string[][] = parse(bytes, { bom: true });
    const comments = records.slice(1).map((r) => r[2]!);
    for (const sent of HOSTILE_TEXTS) {
      // UTF-8 cannot hold a lone surrogate: it is written as U+FFFD.
      const hostile = Buffer.from(sent).toString('utf8');
      const risky = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/.test(hostile);
      expect(comments).toContain(risky ? `'${hostile}` : hostile);
    }
    for (const cell of records.flat())
      expect(cell).not.toMatch(/^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/);
  });

  it('never carries a hidden comment', async () => {
    for (const view of ['public', 'agency'] as const)
      expect((await csvBytes(view)).toString('utf8')).not.toContain(HIDDEN_MARKER);
  });
});

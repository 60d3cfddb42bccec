import { unzipSync, strFromU8 } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { synthesisDocx, xmlSafe } from './report-docx.js';
import { exportsFixture, HIDDEN_MARKER, HOSTILE_TEXTS } from './report-exports.fixtures.js';
import { CLOSES, reportDraft, reportUnits, twoCamps } from '../app/report/report.fixtures.js';
import { runSynthesisPass } from '../app/report/synthesis-pass.js';

type Node = Record<string, unknown>;

/** Reads a DOCX back with readers of its own (fflate, fast-xml-parser), not the `docx` package. */
function readDocx(bytes: Buffer): {
  xml: string;
  paragraphs: string[];
  tables: string[][][];
  runs: { text: string; strike: boolean; underline: boolean }[];
} {
  const files = unzipSync(new Uint8Array(bytes));
  const xml = strFromU8(files['word/document.xml']!);
  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    parseTagValue: false,
    trimValues: false,
  });
  const tree = parser.parse(xml) as Node[];
  const children = (node: Node, tag: string): Node[] => (node[tag] as Node[] | undefined) ?? [];
  const find = (nodes: Node[], tag: string): Node[] =>
    nodes.flatMap((n) =>
      tag in n
        ? [n]
        : Object.entries(n).flatMap(([k, v]) =>
            k.startsWith(':') || !Array.isArray(v) ? [] : find(v as Node[], tag),
          ),
    );
  const text = (nodes: Node[]): string =>
    find(nodes, 'w:t')
      .flatMap((t) => children(t, 'w:t'))
      .map((n) => (typeof n['#text'] === 'string' ? n['#text'] : ''))
      .join('');
  const body = find(tree, 'w:body')[0]!;
  const blocks = children(body, 'w:body');
  const paragraphs = blocks.filter((b) => 'w:p' in b).map((p) => text([p]));
  const tables = blocks
    .filter((b) => 'w:tbl' in b)
    .map((t) =>
      children(t, 'w:tbl')
        .filter((r) => 'w:tr' in r)
        .map((r) =>
          children(r, 'w:tr')
            .filter((c) => 'w:tc' in c)
            .map((c) =>
              children(c, 'w:tc')
                .filter((p) => 'w:p' in p)
                .map((p) => text([p]))
                .join('\n'),
            ),
        ),
    );
  const runs = find(blocks, 'w:r').map((r) => {
    const props = children(r, 'w:r').find((n) => 'w:rPr' in n);
    const has = (tag: string) => Boolean(props && children(props, 'w:rPr').some((n) => tag in n));
    return { text: text([r]), strike: has('w:strike'), underline: has('w:u') };
  });
  return { xml, paragraphs, tables, runs };
}

describe('synthesisDocx', () => {
  it('files the header, the totals and one table row per report row, as agencies lay it out', async () => {
    const { report, rows } = exportsFixture();
    const doc = readDocx(await synthesisDocx(report, rows));
    expect(doc.paragraphs[0]).toBe('BẢN TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý');
    expect(doc.paragraphs).toContain(
      'Dự thảo: Quyết định quy định giá dịch vụ thu gom rác thải sinh hoạt (QD-2026-17)',
    );
    expect(doc.paragraphs).toContain(
      'Thời gian lấy ý kiến: từ ngày 01/11/2026 đến hết ngày 30/11/2026',
    );
    expect(doc.paragraphs).toContain('Bản tổng hợp chính thức, lập ngày 01/12/2026');
    // 40 campaign copies (14 verified) + 11 hostile + 1 organization + 4 hidden (all verified).
    expect(doc.paragraphs).toContain(
      'Tổng số ý kiến nhận được: 56 (đã xác thực: 30; chưa xác thực: 26).',
    );
    expect(doc.paragraphs).toContain(
      'Số ý kiến bị ẩn: 4 (quảng cáo, rác: 1; xúc phạm: 2; chứa dữ liệu cá nhân: 1). Nội dung các ý kiến này không được đưa vào bản tổng hợp.',
    );

    const main = doc.tables.find(
      (t) => t[0]!.join('|') === 'STT|Điều|Nội dung góp ý|Chủ thể góp ý|Tiếp thu/giải trình',
    )!;
    expect(main).toBeDefined();
    const body = main.slice(1);
    expect(body).toHaveLength(rows.length);
    expect(body.map((r) => r[0])).toEqual(rows.map((_, i) => String(i + 1)));
    const campaign = body.find((r) => r[2]!.startsWith('Đề nghị giảm mức giá thu gom rác'))!;
    expect(campaign).toEqual([
      expect.any(String),
      'Điều 2. Mức giá',
      'Đề nghị giảm mức giá thu gom rác\n(40 ý kiến có nội dung tương tự)',
      '40 người dân',
      'Tiếp thu một phần: Tiếp thu, giảm mức giá xuống 25.000 đồng\nĐã chỉnh sửa: Điều 2.',
    ]);
    const org = body.find((r) => r[3] === 'Hội Liên hiệp Phụ nữ tỉnh')!;
    expect(org.slice(1)).toEqual([
      'Điều 3. Miễn giảm',
      'Giữ quy định miễn cho hộ nghèo',
      'Hội Liên hiệp Phụ nữ tỉnh',
      'Không tiếp thu: Chính sách miễn chuyển sang quyết định khác',
    ]);
    expect(body.filter((r) => r[1] === 'Góp ý chung cho dự thảo')).toHaveLength(6);
    expect(body.filter((r) => r[4] === 'Chưa giải trình')).toHaveLength(11);

    const ethnic = doc.tables.find((t) => t[0]!.join('|') === 'Dân tộc|Số người')!;
    expect(ethnic.slice(1)).toEqual([
      ['Kinh', '36'],
      ['Mông', 'x'],
      ['Không nêu', 'x'],
      ['Tổng', '52'],
    ]);
  });

  it('holds hostile text as text and no hidden comment anywhere in the package', async () => {
    const { report, rows } = exportsFixture('agency');
    const bytes = await synthesisDocx(report, rows);
    for (const [name, content] of Object.entries(unzipSync(new Uint8Array(bytes))))
      expect(strFromU8(content), name).not.toContain(HIDDEN_MARKER);
    const doc = readDocx(bytes);
    const texts = doc.tables.flat().map((r) => r[2]);
    for (const hostile of HOSTILE_TEXTS)
      expect(texts).toContain(xmlSafe(hostile).replace(/\r\n?/g, '\n'));
    expect(texts).toContain('Ký tự điều khiển \uFFFD\uFFFD và nửa cặp \uFFFD ở giữa');
    expect(texts).toContain('</w:t></w:r><w:r><w:t>INJECTED');
    expect(doc.xml).not.toContain('\u0001');
    expect(doc.xml).not.toContain('\u0007');
  });

  it('tells the opinion groups, or why there are none', async () => {
    const { report, rows } = exportsFixture();
    const pass = await runSynthesisPass(twoCamps(), {
      draft: reportDraft(),
      units: reportUnits(),
      view: 'public',
      now: CLOSES,
    });
    const grouped = readDocx(await synthesisDocx(report, rows, pass.opinionGroups));
    expect(grouped.paragraphs).toEqual(
      expect.arrayContaining([
        'IV. CÁC NHÓM Ý KIẾN',
        '40 người góp ý theo từng Điều được chia thành 2 nhóm có quan điểm gần nhau (phân tích thành phần chính và k-means, như Polis).',
        expect.stringMatching(
          /^Nhóm 1: 20 người\. Ủng hộ nhiều hơn các nhóm khác: Điều [12]\. Phản đối nhiều hơn các nhóm khác: Điều [12]\.$/,
        ),
        'Mọi nhóm đều ủng hộ: Điều 3.',
      ]),
    );
    const none = readDocx(
      await synthesisDocx(report, rows, {
        status: 'too_few_participants',
        participants: 1,
        leftOut: 0,
      }),
    );
    expect(none.paragraphs).toContain('Chưa đủ người góp ý theo từng Điều để phân nhóm ý kiến.');
  });

  it('marks the words each changed article lost and gained', async () => {
    const { report, rows } = exportsFixture();
    const doc = readDocx(await synthesisDocx(report, rows));
    expect(doc.paragraphs).toContain(
      'Nội dung sửa đổi: Mức giá là 3025.000 đồng mỗi hộ mỗi tháng.',
    );
    const runs = doc.runs
      .filter((r) => r.strike || r.underline)
      .map((r) => `${r.strike ? '-' : '+'}${r.text}`);
    expect(runs).toEqual(['-30', '+25']);
  });

  it('says when the report is still live', async () => {
    const { report, rows } = exportsFixture();
    const doc = readDocx(await synthesisDocx({ ...report, status: 'live' }, rows));
    expect(doc.paragraphs).toContain('Bản tổng hợp tạm thời, lập ngày 01/12/2026: đang lấy ý kiến');
    const live = exportsFixture('public', new Date('2026-11-15T00:00:00Z'));
    const liveDoc = readDocx(await synthesisDocx(live.report, live.rows));
    expect(liveDoc.paragraphs).toContain(
      'Số liệu theo dân tộc, giới tính được công bố khi kết thúc lấy ý kiến.',
    );
    expect(liveDoc.tables.find((t) => t[0]![0] === 'Dân tộc')).toBeUndefined();
  });
});

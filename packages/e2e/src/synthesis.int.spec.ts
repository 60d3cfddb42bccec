import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { BusNames } from '@pcn/events';
import {
  DEMO_PARTNER_API_KEY,
  graphqlClient,
  signInOnce,
  startTestGateway,
  type Gateway,
  type GraphQLResponse,
} from '@pcn/gateway/testing';
import { loadDraftConfig, startDraftService, type DraftService } from '@pcn/draft-service/testing';
import {
  loadFeedbackConfig,
  startFeedbackService,
  type FeedbackService,
} from '@pcn/feedback-service/testing';
import { freePorts, readStream, tempDir, uniquePrefix, waitFor, type TempDir } from '@pcn/testing';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// The synthesis and explanation report end to end, against the real draft and feedback services
// in this process behind the gateway: comments from several channels, one hidden, one answered and
// published; the live report's counts; the consultation closed; the report published once, on the
// stream once; its DOCX and CSV read back with readers of their own; anonymous callers see only
// the published report.
const INTERNAL_SECRET = 'int-internal-secret-int-internal-secret';
const HOOK_SECRET = 'int-sms-hook-secret-int-sms-hook-secret';
const HIDDEN_TEXT = 'QUANG-CAO-AN-KHONG-DUOC-LO';
const prefix = uniquePrefix('gws');
let dir: TempDir;
let gateway: Gateway;
let drafts: DraftService;
let feedback: FeedbackService;
let url: string;
let nc: NatsConnection;
let jsm: JetStreamManager;

beforeAll(async () => {
  dir = await tempDir('pcn-gw-synthesis-');
  const draftPort = await freePorts(2);
  const feedbackPort = draftPort + 1;
  const backend = (service: string, port: number) => ({
    NODE_ENV: 'test',
    NATS_URL: inject('natsUrl'),
    BUS_PREFIX: prefix,
    SQLITE_FILE: dir.file(`${service}.db`),
    INTERNAL_SECRET,
    GRPC_PORT: String(port),
    LOG_LEVEL: process.env.PCN_TEST_LOG_LEVEL ?? 'silent',
  });
  drafts = await startDraftService(loadDraftConfig(backend('draft', draftPort)), {
    handleSignals: false,
  });
  feedback = await startFeedbackService(loadFeedbackConfig(backend('feedback', feedbackPort)), {
    handleSignals: false,
  });
  gateway = await startTestGateway({
    BUS_PREFIX: prefix,
    SQLITE_FILE: dir.file('gateway.db'),
    INTERNAL_SECRET,
    DRAFT_GRPC_ADDRESS: `127.0.0.1:${draftPort}`,
    FEEDBACK_GRPC_ADDRESS: `127.0.0.1:${feedbackPort}`,
    SMS_WEBHOOK_SECRET: HOOK_SECRET,
  });
  url = gateway.url;
  nc = await connect({ servers: inject('natsUrl') });
  jsm = await jetstreamManager(nc);
}, 60_000);

afterAll(async () => {
  await nc?.close();
  await gateway?.lifecycle.shutdown('test done');
  await feedback?.host.lifecycle.shutdown('test done');
  await drafts?.host.lifecycle.shutdown('test done');
  await dir?.remove();
});

const gql = graphqlClient(() => url);
const signIn = signInOnce(() => url);
const admin = () => signIn('admin@demo.pcn.vn');
const editor = () => signIn('editor.stp@demo.pcn.vn');
const otherEditor = () => signIn('editor.stc@demo.pcn.vn');
const partner = { 'x-api-key': DEMO_PARTNER_API_KEY };
const base = () => url.replace('/graphql', '');

function ok<T>(res: GraphQLResponse<T>): T {
  if (!res.data || res.errors) throw new Error(`expected success: ${JSON.stringify(res.errors)}`);
  return res.data;
}
const code = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions?.code;
const rule = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions?.rule;

/** A draft of the Department of Justice with two articles, in consultation, known to feedback. */
async function consultation(label: string): Promise<{ id: string; version: number }> {
  const created = ok(
    await gql<{ createDraft: { id: string; version: number } }>(
      'mutation($input: CreateDraftInput!) { createDraft(input: $input) { id version } }',
      {
        input: {
          code: `QD-SYN-${label}`,
          documentType: 'provincial_decision',
          agencyId: 'org-so-tu-phap',
          content: {
            title: [{ lang: 'vi', text: `Dự thảo quy định giá đò ngang ${label}` }],
            chapters: [
              {
                id: 'ch1',
                number: 'I',
                title: [{ lang: 'vi', text: 'Quy định chung' }],
                articles: [
                  {
                    id: 'a1',
                    number: '1',
                    title: [{ lang: 'vi', text: 'Giá dịch vụ' }],
                    clauses: [
                      { id: 'a1c1', number: '1', text: [{ lang: 'vi', text: 'Giá 20.000 đồng.' }] },
                    ],
                  },
                  {
                    id: 'a2',
                    number: '2',
                    title: [{ lang: 'vi', text: 'Miễn giá' }],
                    clauses: [
                      { id: 'a2c1', number: '1', text: [{ lang: 'vi', text: 'Học sinh miễn.' }] },
                    ],
                  },
                ],
              },
            ],
          },
          target: { unitIds: ['lc-xa-y-ty'] },
        },
      },
      await editor(),
    ),
  ).createDraft;
  const opened = ok(
    await gql<{ openConsultation: { id: string; version: number } }>(
      'mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { id version } }',
      {
        input: {
          id: created.id,
          expectedVersion: created.version,
          opensAt: new Date(Date.now() - 60_000).toISOString(),
          closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        },
      },
      await editor(),
    ),
  ).openConsultation;
  await waitFor(
    async () =>
      (await gql<Report>(REPORT, { draftId: created.id }, await admin())).data?.synthesisReport
        ?.status === 'LIVE',
    { timeoutMs: 20_000, description: 'the feedback service knowing the consultation' },
  );
  return opened;
}

/** Closes the consultation early; the draft's version after the close. */
async function close(draft: { id: string; version: number }): Promise<number> {
  const closed = ok(
    await gql<{ closeConsultation: { version: number } }>(
      'mutation($id: ID!, $v: Int!) { closeConsultation(id: $id, expectedVersion: $v) { id version } }',
      { id: draft.id, v: draft.version },
      await editor(),
    ),
  ).closeConsultation;
  await waitFor(
    async () =>
      (await gql<Report>(REPORT, { draftId: draft.id }, await admin())).data?.synthesisReport
        ?.status === 'FINAL',
    { timeoutMs: 20_000, description: 'the feedback service knowing the close' },
  );
  return closed.version;
}

/** The revised version after the consultation: article 2 widened, article 3 added. */
async function revise(draftId: string, expectedVersion: number): Promise<void> {
  const article = (id: string, n: string, title: string, text: string) => ({
    id,
    number: n,
    title: [{ lang: 'vi', text: title }],
    clauses: [{ id: `${id}c1`, number: '1', text: [{ lang: 'vi', text }] }],
  });
  ok(
    await gql(
      'mutation($input: ReviseDraftInput!) { reviseDraft(input: $input) { id } }',
      {
        input: {
          id: draftId,
          expectedVersion,
          content: {
            title: [{ lang: 'vi', text: 'Dự thảo quy định giá đò ngang A' }],
            chapters: [
              {
                id: 'ch1',
                number: 'I',
                title: [{ lang: 'vi', text: 'Quy định chung' }],
                articles: [
                  article('a1', '1', 'Giá dịch vụ', 'Giá 20.000 đồng.'),
                  article('a2', '2', 'Miễn giá', 'Học sinh và người cao tuổi miễn.'),
                  article('a3', '3', 'Hiệu lực', 'Có hiệu lực từ ngày ký.'),
                ],
              },
            ],
          },
        },
      },
      await editor(),
    ),
  );
}

const COUNTS = 'received counted distinctTexts groups uniquePeople unknownPeople';
const REPORT = `query($draftId: ID!) {
  synthesisReport(draftId: $draftId) {
    draftId status view publishedAt
    all { ${COUNTS} } verified { ${COUNTS} } unverified { ${COUNTS} }
    pendingModeration hidden { reason count }
    channels { channel received verified hidden }
    articles { articleId number comments groups rows answeredRows change
      opinions { support oppose suggestChange question } }
    opinionGroups { status groups { size } consensusArticleIds }
  }
}`;
const PUBLISH = `mutation($draftId: ID!) {
  publishSynthesis(draftId: $draftId) { report { status view publishedAt all { received counted } } }
}`;
type Counts = { received: number; counted: number; distinctTexts: number; groups: number };
type Report = {
  synthesisReport: {
    draftId: string;
    status: 'LIVE' | 'FINAL';
    view: 'PUBLIC' | 'AGENCY';
    publishedAt: string | null;
    all: Counts;
    verified: Counts;
    unverified: Counts;
    pendingModeration: number;
    hidden: { reason: string; count: number }[];
    channels: { channel: string; received: number; verified: number; hidden: number }[];
    articles: {
      articleId: string | null;
      comments: number;
      rows: number;
      answeredRows: number;
      change: string;
      opinions: { support: number; oppose: number; suggestChange: number; question: number };
    }[];
    opinionGroups: { status: string };
  };
};
type Published = {
  publishSynthesis: {
    report: { status: string; view: string; publishedAt: string; all: { received: number } };
  } | null;
};

const SUBMIT = `mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { feedbackId } }`;
type Submitted = { submitFeedback: { feedbackId: string } };

function anonymous(text: string, extra: Record<string, unknown> = {}) {
  return {
    stance: 'SUPPORT',
    text,
    language: 'vi',
    submitter: { name: 'Nguyễn Văn A', contact: { channel: 'SMS', address: '0912 345 678' } },
    ...extra,
  };
}

async function moderate(feedbackId: string, decision: 'PUBLISH' | 'HIDE') {
  ok(
    await gql(
      'mutation($input: ModerateFeedbackInput!) { moderateFeedback(input: $input) { id } }',
      {
        input: { feedbackId, decision, ...(decision === 'HIDE' ? { reason: 'SPAM' } : {}) },
      },
      await editor(),
    ),
  );
}

type Node = Record<string, unknown>;

/** The DOCX read back with fflate and fast-xml-parser: its paragraphs and tables as text. */
function readDocx(bytes: Uint8Array): { all: string; paragraphs: string[]; tables: string[][][] } {
  const files = unzipSync(bytes);
  const all = Object.values(files)
    .map((f) => strFromU8(f))
    .join('\n');
  const xml = strFromU8(files['word/document.xml'] ?? new Uint8Array());
  const tree = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    parseTagValue: false,
    trimValues: false,
  }).parse(xml) as Node[];
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
  const body = find(tree, 'w:body')[0] ?? {};
  const blocks = children(body, 'w:body');
  return {
    all,
    paragraphs: blocks.filter((b) => 'w:p' in b).map((p) => text([p])),
    tables: blocks
      .filter((b) => 'w:tbl' in b)
      .map((t) =>
        children(t, 'w:tbl')
          .filter((r) => 'w:tr' in r)
          .map((r) =>
            children(r, 'w:tr')
              .filter((c) => 'w:tc' in c)
              .map((c) => text([c])),
          ),
      ),
  };
}

/** The number of groups among the draft's counted (not hidden) comments, once all are grouped. */
async function storedGroups(draftId: string): Promise<number> {
  type Listed = { feedback: { items: { state: string; group: { id: string } | null }[] } };
  const items = await waitFor(
    async () => {
      const listed = ok(
        await gql<Listed>(
          'query($f: FeedbackFilter!) { feedback(filter: $f, first: 100) { items { state group { id } } } }',
          { f: { draftId } },
          await admin(),
        ),
      ).feedback.items;
      return listed.every((f) => f.group) ? listed : undefined;
    },
    { description: 'every comment grouped' },
  );
  return new Set(items.filter((f) => f.state !== 'HIDDEN').map((f) => f.group?.id)).size;
}

describe('the synthesis report through the gateway', () => {
  let draft: { id: string; version: number };
  const ids: Record<string, string> = {};
  const reason = 'Đã bổ sung người cao tuổi vào đối tượng miễn giá tại Điều 2.';

  beforeAll(async () => {
    draft = await consultation('A');
    const draftId = draft.id;
    // Web, anonymous, on article 1; published.
    ids.web = ok(
      await gql<Submitted>(SUBMIT, {
        input: {
          draftId,
          articleId: 'a1',
          unitId: 'lc-xa-y-ty',
          ...anonymous('Ủng hộ giữ giá vé 20.000 đồng.'),
        },
      }),
    ).submitFeedback.feedbackId;
    // A partner system for its user, on article 1; published.
    ids.partner = ok(
      await gql<Submitted>(
        SUBMIT,
        {
          input: {
            draftId,
            articleId: 'a1',
            ...anonymous('Phản đối tăng giá vé đò.', {
              stance: 'OPPOSE',
              submitter: { externalRef: 'portal-user-7' },
            }),
          },
        },
        partner,
      ),
    ).submitFeedback.feedbackId;
    // A paper form an editor records, on article 2, with a phone number in it; published, answered.
    const imported = ok(
      await gql<{ importFeedback: { results: { feedbackId: string }[] } }>(
        'mutation($input: ImportFeedbackInput!) { importFeedback(input: $input) { results { feedbackId } } }',
        {
          input: {
            draftId,
            items: [
              {
                ...anonymous('Đề nghị miễn vé cho người cao tuổi, liên hệ 0987 654 321.', {
                  stance: 'SUGGEST_CHANGE',
                  articleId: 'a2',
                  channel: 'PAPER',
                }),
                submitter: {
                  name: 'Lò Thị B',
                  contact: { channel: 'SMS', address: '0911 222 333' },
                  onBehalfConsent: { given: true, method: 'PAPER_FORM', textVersion: 'form-2026' },
                },
              },
            ],
          },
        },
        await editor(),
      ),
    ).importFeedback.results;
    ids.paper = imported[0]?.feedbackId ?? '';
    // SMS, GY command on article 2; left pending.
    const sms = await fetch(`${base()}/hooks/sms/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pcn-hook-secret': HOOK_SECRET },
      body: JSON.stringify({
        from: '0912 000 111',
        text: 'GY QD-SYN-A D2 De nghi mien ve cho hoc sinh vung cao',
        messageId: 'syn-prov-1',
      }),
    });
    ids.sms = ((await sms.json()) as { feedbackId: string }).feedbackId;
    // Spam, on the whole draft; hidden.
    ids.hidden = ok(
      await gql<Submitted>(SUBMIT, {
        input: { draftId, ...anonymous(`${HIDDEN_TEXT} mua ngay`, { stance: 'QUESTION' }) },
      }),
    ).submitFeedback.feedbackId;
    for (const id of [ids.web, ids.partner, ids.paper]) await moderate(id ?? '', 'PUBLISH');
    await moderate(ids.hidden, 'HIDE');
    ok(
      await gql(
        'mutation($input: AnswerFeedbackInput!) { answerFeedback(input: $input) { feedbackIds } }',
        {
          input: {
            draftId,
            feedbackId: ids.paper,
            outcome: 'ACCEPTED',
            reason,
            changedArticleIds: ['a2'],
          },
        },
        await editor(),
      ),
    );
    ok(
      await gql(
        'mutation($input: PublishFeedbackAnswersInput!) { publishFeedbackAnswers(input: $input) { feedbackIds } }',
        { input: { draftId } },
        await editor(),
      ),
    );
  }, 90_000);

  it('counts the live report for the drafting agency, and shows nothing to others yet', async () => {
    const r = ok(await gql<Report>(REPORT, { draftId: draft.id }, await editor())).synthesisReport;
    expect(r).toMatchObject({ status: 'LIVE', view: 'AGENCY', publishedAt: null });
    expect(r.all).toMatchObject({ received: 5, counted: 4, distinctTexts: 4 });
    // Groups as the store holds them once grouping has run (a comment not grouped yet counts as
    // a group of its own): the report agrees with the staff list.
    expect(r.all.groups).toBe(await storedGroups(draft.id));
    expect(r.verified.received + r.unverified.received).toBe(5);
    expect(r.pendingModeration).toBe(1);
    expect(r.hidden).toContainEqual({ reason: 'SPAM', count: 1 });
    const channel = (c: string) => r.channels.find((x) => x.channel === c);
    expect(channel('WEB')).toMatchObject({ received: 2, hidden: 1 });
    expect(channel('PARTNER')).toMatchObject({ received: 1, verified: 1, hidden: 0 });
    expect(channel('PAPER')).toMatchObject({ received: 1, hidden: 0 });
    expect(channel('SMS')).toMatchObject({ received: 1, hidden: 0 });
    const article = (id: string | null) => r.articles.find((a) => a.articleId === id);
    expect(article('a1')?.opinions).toEqual({
      support: 1,
      oppose: 1,
      suggestChange: 0,
      question: 0,
    });
    expect(article('a2')).toMatchObject({ comments: 2, rows: 2, answeredRows: 1 });
    expect(article('a2')?.opinions.suggestChange).toBe(2);
    // The hidden question is counted, never listed.
    expect(article(null)?.opinions.question ?? 0).toBe(0);

    for (const who of [undefined, partner, await otherEditor()])
      expect(code(await gql(REPORT, { draftId: draft.id }, who))).toBe('NOT_FOUND');
    const anon = await fetch(`${base()}/reports/${draft.id}/synthesis.csv`);
    expect(anon.status).toBe(404);
    await anon.arrayBuffer();
    // The agency's live export is theirs.
    const live = await fetch(`${base()}/reports/${draft.id}/synthesis.csv`, {
      headers: await editor(),
    });
    expect(live.status).toBe(200);
    expect(await live.text()).not.toContain(HIDDEN_TEXT);
  });

  it('refuses to publish before the close, an unknown draft, and callers other than the agency', async () => {
    const early = await gql(PUBLISH, { draftId: draft.id }, await editor());
    expect(code(early)).toBe('FAILED_PRECONDITION');
    expect(rule(early)).toBe('CONSULTATION_NOT_CLOSED');
    expect(early.data).toEqual({ publishSynthesis: null });
    const unknown = '01900000-0000-7000-8000-000000000000';
    expect(code(await gql(PUBLISH, { draftId: unknown }, await admin()))).toBe('NOT_FOUND');
    expect(code(await gql(REPORT, { draftId: unknown }, await admin()))).toBe('NOT_FOUND');
    expect(code(await gql(REPORT, { draftId: 'x'.repeat(5000) }, await admin()))).toBeDefined();
    const missing = await fetch(`${base()}/reports/${unknown}/synthesis.docx`, {
      headers: await admin(),
    });
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
  });

  it('publishes the final report once: SynthesisPublished on the stream once, DOCX and CSV hold the counts and no hidden text', async () => {
    const receivedBeforeClose = new Date().toISOString();
    await revise(draft.id, await close(draft));
    // The revision reaches the report through DraftRevised: each article's change, as the draft
    // service's diff found it.
    const changes = await waitFor(
      async () => {
        const r = ok(await gql<Report>(REPORT, { draftId: draft.id }, await editor()));
        const byId = new Map(r.synthesisReport.articles.map((a) => [a.articleId, a.change]));
        return byId.get('a2') === 'CHANGED' ? byId : undefined;
      },
      { timeoutMs: 20_000, description: 'the report knowing the revision' },
    );
    expect(Object.fromEntries(changes)).toMatchObject({
      a1: 'UNCHANGED',
      a2: 'CHANGED',
      a3: 'ADDED',
    });
    const published = ok(
      await gql<Published>(PUBLISH, { draftId: draft.id }, await editor()),
    ).publishSynthesis;
    expect(published?.report).toMatchObject({
      status: 'FINAL',
      view: 'PUBLIC',
      all: { received: 5 },
    });
    expect(published?.report.publishedAt).toBeTruthy();
    const again = await gql(PUBLISH, { draftId: draft.id }, await admin());
    expect(code(again)).toBe('FAILED_PRECONDITION');
    expect(rule(again)).toBe('SYNTHESIS_ALREADY_PUBLISHED');

    const names = new BusNames(prefix);
    const announced = async () =>
      (await readStream(jsm, names.stream('feedback')))
        .map((m) => m.json<{ type: string; subject: string; data: Record<string, unknown> }>())
        .filter((e) => e.type === 'pcn.feedback.v1.SynthesisPublished' && e.subject === draft.id);
    await waitFor(async () => (await announced()).length > 0, {
      description: 'SynthesisPublished on the feedback stream',
    });
    const events = await announced();
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({
      draftId: draft.id,
      feedbackCount: 5,
      acceptedCount: 1,
      targetUnitIds: ['lc-xa-y-ty'],
    });

    // Anyone reads the published report now, and it no longer changes.
    const pub = ok(await gql<Report>(REPORT, { draftId: draft.id })).synthesisReport;
    expect(pub).toMatchObject({ status: 'FINAL', view: 'PUBLIC' });
    expect(pub.publishedAt).toBe(published?.report.publishedAt);
    expect(pub.all).toMatchObject({ received: 5, counted: 4 });

    const docxRes = await fetch(`${base()}/reports/${draft.id}/synthesis.docx`);
    expect(docxRes.status).toBe(200);
    expect(docxRes.headers.get('content-type')).toContain('wordprocessingml');
    expect(docxRes.headers.get('content-disposition')).toMatch(
      /^attachment; filename="synthesis-QD-SYN-A-published\.docx"/,
    );
    const docx = readDocx(new Uint8Array(await docxRes.arrayBuffer()));
    expect(docx.all).not.toContain(HIDDEN_TEXT);
    expect(docx.all).not.toMatch(/0987|654 321|0911 222/);
    expect(docx.paragraphs.join('\n')).toMatch(/Tổng số ý kiến nhận được: 5 \(/);
    expect(docx.paragraphs.join('\n')).toMatch(/Số ý kiến bị ẩn: 1 /);
    const channels = docx.tables.find((t) => t[0]?.[0] === 'Kênh');
    expect(channels).toContainEqual(['Hệ thống đối tác', '1', '1', '0']);
    expect(channels?.find((row) => row[0] === 'Tin nhắn SMS')?.[1]).toBe('1');
    const table = docx.tables.find((t) => t[0]?.[0] === 'STT');
    // Published comments only: web, partner, paper (the SMS one was never moderated).
    expect(table?.slice(1).map((row) => row[0])).toEqual(['1', '2', '3']);
    const paperRow = table?.find((row) => row[2]?.startsWith('Đề nghị miễn vé'));
    expect(paperRow?.[4]).toContain(reason);
    // The articles the revision changed, with the consulted and revised texts and their diff.
    const text = docx.paragraphs.join('\n');
    // Units by the directory's names (from UnitsChanged), rolled up to the province.
    const units = docx.tables.find((t) => t[0]?.[0] === 'Đơn vị hành chính');
    expect(units?.slice(1, 3)).toEqual([
      ['Tỉnh Lào Cai', '1', '0'],
      ['    Xã Y Tý', '1', '0'],
    ]);
    expect(text).toContain('Điều 2. Miễn giá: Đã chỉnh sửa (1 ý kiến được tiếp thu');
    expect(text).toContain('Dự thảo lấy ý kiến: 2. Miễn giá\n1. Học sinh miễn.');
    expect(text).toContain('Dự thảo chỉnh lý: 2. Miễn giá\n1. Học sinh và người cao tuổi miễn.');
    expect(text).toMatch(/Nội dung sửa đổi: 2\. Miễn giá\s1\. Học sinh và người cao tuổi miễn\./);
    expect(text).toContain('Điều 3. Hiệu lực: Bổ sung mới');
    // Article 1 is unchanged: not among the revised articles.
    expect(text).not.toMatch(/Điều 1\. Giá dịch vụ: /);

    const csvRes = await fetch(`${base()}/reports/${draft.id}/synthesis.csv`);
    expect(csvRes.status).toBe(200);
    expect(csvRes.headers.get('content-disposition')).toMatch(/synthesis-QD-SYN-A-published\.csv/);
    const bytes = Buffer.from(await csvRes.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).not.toContain(HIDDEN_TEXT);
    const rows = parseCsv<Record<string, string>>(bytes, { bom: true, columns: true });
    expect(rows).toHaveLength(3);
    expect(rows.reduce((n, r) => n + Number(r['Số ý kiến']), 0)).toBe(3);
    expect(rows.map((r) => r['Nội dung góp ý']).join('\n')).not.toMatch(/0987|654 321/);

    // Published is frozen: a later moderation does not change it.
    await moderate(ids.sms ?? '', 'PUBLISH');
    const later = ok(
      await gql<Report>(REPORT, { draftId: draft.id }, await editor()),
    ).synthesisReport;
    expect(later.pendingModeration).toBe(pub.pendingModeration);
    expect(later.publishedAt).toBe(pub.publishedAt);

    // A paper form received before the close, recorded after the report was published, would be
    // missing from it: refused although the grace period runs, and nothing is written.
    const late = ok(
      await gql<{ importFeedback: { results: { outcome: string; rule: string | null }[] } }>(
        'mutation($input: ImportFeedbackInput!) { importFeedback(input: $input) { results { outcome rule } } }',
        {
          input: {
            draftId: draft.id,
            items: [
              {
                ...anonymous('Phiếu giấy đến muộn sau khi công bố báo cáo.', {
                  stance: 'SUPPORT',
                  channel: 'PAPER',
                }),
                receivedAt: receivedBeforeClose,
                submitter: {
                  name: 'Lò Thị C',
                  onBehalfConsent: { given: true, method: 'PAPER_FORM', textVersion: 'form-2026' },
                },
              },
            ],
          },
        },
        await editor(),
      ),
    ).importFeedback.results;
    expect(late).toEqual([{ outcome: 'REJECTED', rule: 'SYNTHESIS_ALREADY_PUBLISHED' }]);
    const after = ok(
      await gql<Report>(REPORT, { draftId: draft.id }, await editor()),
    ).synthesisReport;
    expect(after.all.received).toBe(5);
  });
});

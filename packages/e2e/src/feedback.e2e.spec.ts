import { feedback as feedbackPb } from '@pcn/contracts';
import {
  startRecordingProvider,
  startSmtpSink,
  type RecordingProvider,
  type SmtpSink,
} from '@pcn/notification-service/testing';
import { callUnary, createGrpcClient, runInContext, useInternalSecret } from '@pcn/platform';
import {
  freePorts,
  ServiceProcesses,
  tempDir,
  uniquePrefix,
  waitFor,
  type TempDir,
} from '@pcn/testing';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser } from 'fast-xml-parser';
import { strFromU8, unzipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  DEMO_PARTNER_API_KEY,
  graphqlClient,
  signInOnce,
  type GraphQLResponse,
} from '@pcn/gateway/testing';

// Issue #10, "Done means", first bullet: feedback end to end with every service as its own process
// (from dist/, as `npm test` builds it) on one nats-server and SQLite files of their own, the
// notification service sending to a real SMTP sink and a recording SMS / Zalo / webhook provider.
// One consultation, comments from every channel, a campaign of near copies grouped, one comment
// hidden, the campaign answered at once and its submitters told on their own channels in their
// languages, the consultation closed and its synthesis published and read back.
const INTERNAL_SECRET = 'e2e-internal-secret-e2e-internal-secret';
const HOOK_SECRET = 'e2e-sms-hook-secret-e2e-sms-hook-secret';
const ZALO_APP_ID = '360846524940903967';
const ZALO_SECRET = 'e2e-zalo-oa-secret-key';
const CODE = 'QD-E2E-FB-01';
const HIDDEN_TEXT = 'QUANG-CAO-AN-KHONG-DUOC-LO';
const REASON = 'Giữ giá vé hiện hành đến hết năm 2027, tăng theo lộ trình.';

let dir: TempDir;
let services: ServiceProcesses;
let smtp: SmtpSink;
let provider: RecordingProvider;
let url: string;
let feedbackClient: feedbackPb.FeedbackServiceClient;

beforeAll(async () => {
  dir = await tempDir('pcn-feedback-e2e-');
  smtp = await startSmtpSink();
  provider = await startRecordingProvider();
  services = new ServiceProcesses({
    servicesDir: new URL('../../../services/', import.meta.url),
    natsUrl: inject('natsUrl'),
    busPrefix: uniquePrefix('fbe2e'),
    env: { INTERNAL_SECRET },
  });
  // Three consecutive free ports.
  const draftPort = await freePorts(3);
  const feedbackPort = draftPort + 1;
  const notificationPort = draftPort + 2;
  const httpPort = await freePorts(1);
  const draft = services.launch('draft', {
    SQLITE_FILE: dir.file('draft.db'),
    GRPC_PORT: String(draftPort),
  });
  const feedback = services.launch('feedback', {
    SQLITE_FILE: dir.file('feedback.db'),
    GRPC_PORT: String(feedbackPort),
    // Every anonymous comment of this test comes from 127.0.0.1, the campaign's sixty included;
    // the default 30 an hour per client address would refuse most of it. The cap itself is
    // proved in feedback.int.spec.ts.
    FEEDBACK_ANONYMOUS_PER_ADDRESS_PER_HOUR: '500',
  });
  const notification = services.launch('notification', {
    SQLITE_FILE: dir.file('notification.db'),
    GRPC_PORT: String(notificationPort),
    NOTIFICATION_LINK_SECRET: 'e2e-link-secret-e2e-link-secret-e2e-link',
    PUBLIC_BASE_URL: 'https://pcn.example.vn',
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    SMS_API_URL: provider.url,
    SMS_API_KEY: 'esms-key',
    SMS_SECRET_KEY: 'esms-secret',
    SMS_RATE_PER_SECOND: '1000',
    ZALO_API_URL: provider.url,
    ZALO_ACCESS_TOKEN: 'zalo-token',
    ZALO_TEMPLATE_ID: '231',
    ALLOW_INSECURE_WEBHOOKS: 'true',
    DUE_INTERVAL_MS: '100',
    DELIVERY_BACKOFF: '100ms',
  });
  await Promise.all(
    [draft, feedback, notification].map((p) => p.waitForLine(/gRPC serving/, 30_000)),
  );
  const gateway = services.launch('gateway', {
    SQLITE_FILE: dir.file('gateway.db'),
    HTTP_PORT: String(httpPort),
    JWT_SECRET: 'e2e-secret-e2e-secret-e2e-secret-e2e',
    DEMO_DATA: 'true',
    DRAFT_GRPC_ADDRESS: `127.0.0.1:${draftPort}`,
    FEEDBACK_GRPC_ADDRESS: `127.0.0.1:${feedbackPort}`,
    NOTIFICATION_GRPC_ADDRESS: `127.0.0.1:${notificationPort}`,
    SMS_WEBHOOK_SECRET: HOOK_SECRET,
    ZALO_APP_ID,
    ZALO_OA_SECRET_KEY: ZALO_SECRET,
    // Every anonymous caller of this test is 127.0.0.1: one rate-limit bucket for all of them.
    RATE_LIMIT_PER_MINUTE: '100000',
  });
  await gateway.waitForLine(/gateway listening/, 30_000);
  url = `http://127.0.0.1:${httpPort}/graphql`;
  // The campaign flag is not on the GraphQL type: this test reads it from the feedback service
  // itself, signing its caller with the network's secret as the gateway does.
  useInternalSecret(INTERNAL_SECRET);
  feedbackClient = createGrpcClient(feedbackPb.FeedbackServiceClient, `127.0.0.1:${feedbackPort}`, {
    audience: 'feedback',
  });
}, 90_000);

afterAll(async () => {
  feedbackClient?.close();
  useInternalSecret(undefined);
  const exits = await services?.stopAll();
  await provider?.close();
  await smtp?.close();
  await dir?.remove();
  // Every process stops cleanly on SIGTERM.
  expect(exits?.every((e) => e.code === 0)).toBe(true);
});

const gql = graphqlClient(() => url);
const signIn = signInOnce(() => url);
const admin = () => signIn('admin@demo.pcn.vn');
const editor = () => signIn('editor.stp@demo.pcn.vn');
const officer = () => signIn('officer.yty@demo.pcn.vn');
const press = () => signIn('press@demo.pcn.vn');
const partner = { 'x-api-key': DEMO_PARTNER_API_KEY };
const base = () => url.replace('/graphql', '');

function ok<T>(res: GraphQLResponse<T>): T {
  if (!res.data || res.errors) throw new Error(`expected success: ${JSON.stringify(res.errors)}`);
  return res.data;
}

const SUBMIT = `mutation($input: SubmitFeedbackInput!) {
  submitFeedback(input: $input) { feedbackId receiptCode alreadyKnown }
}`;
type Submitted = {
  submitFeedback: { feedbackId: string; receiptCode: string; alreadyKnown: boolean };
};
const LIST = `query($filter: FeedbackFilter!, $after: String) {
  feedback(filter: $filter, first: 100, after: $after) {
    items { id text channel submitterVia verified state language receiptCode group { id }
      contact { channel address } answer { outcome publishedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;
type Item = {
  id: string;
  text: string;
  channel: string;
  submitterVia: string;
  verified: boolean;
  state: string;
  language: string;
  receiptCode: string;
  group: { id: string } | null;
  contact: { channel: string; address: string } | null;
  answer: { outcome: string; publishedAt: string | null } | null;
};
type Listed = {
  feedback: { items: Item[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
};

/** Every comment of the draft (optionally of one article), as network admins see them. */
async function listAll(draftId: string, articleId?: string): Promise<Item[]> {
  const items: Item[] = [];
  let after: string | null = null;
  do {
    const page: Listed['feedback'] = ok(
      await gql<Listed>(
        LIST,
        { filter: { draftId, ...(articleId ? { articleId } : {}) }, after },
        await admin(),
      ),
    ).feedback;
    items.push(...page.items);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return items;
}

const COUNTS = 'received counted';
const REPORT = `query($draftId: ID!) {
  synthesisReport(draftId: $draftId) {
    status view publishedAt all { ${COUNTS} } pendingModeration hidden { reason count }
    channels { channel received verified hidden }
    articles { articleId comments groups rows answeredRows }
  }
}`;
type Report = {
  synthesisReport: {
    status: 'LIVE' | 'FINAL';
    view: string;
    publishedAt: string | null;
    all: { received: number; counted: number };
    pendingModeration: number;
    hidden: { reason: string; count: number }[];
    channels: { channel: string; received: number; verified: number; hidden: number }[];
    articles: {
      articleId: string | null;
      comments: number;
      groups: number;
      rows: number;
      answeredRows: number;
    }[];
  } | null;
};

// The campaign: one template, copied with the edits real copies carry.
const TEMPLATE =
  'Tôi không đồng ý với việc tăng giá vé đò ngang lên gấp ba lần như dự thảo. Người dân thu nhập ' +
  'thấp qua sông đi làm hằng ngày sẽ phải gánh thêm chi phí rất lớn. Đề nghị ban soạn thảo giữ ' +
  'nguyên mức giá hiện hành, hoặc chỉ điều chỉnh theo chỉ số giá tiêu dùng. Nếu cần tăng thì phải ' +
  'có lộ trình ít nhất ba năm và công khai cách tính.';
const NAMES = ['Nguyễn Văn An', 'Lò Thị Bình', 'Vàng A Chứ', 'Hoàng Thị Dung', 'Giàng Seo Phủ'];
const PLACES = ['xã Y Tý', 'xã Bản Hồ', 'phường Cốc Lếu', 'thị trấn Sa Pa'];

/** Without diacritics, as many people type on a phone. */
const stripMarks = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

/** The i-th copy: two words dropped, and by turns a line about the sender, no punctuation, no marks. */
function copy(i: number): string {
  const words = TEMPLATE.split(' ');
  const drop = new Set([(3 + i * 7) % words.length, (11 + i * 5) % words.length]);
  let text = words.filter((_, n) => !drop.has(n)).join(' ');
  if (i % 2 === 0)
    text = `Tôi là ${NAMES[i % NAMES.length]} ở ${PLACES[i % PLACES.length]}.\n${text}`;
  if (i % 4 === 1) text = text.replace(/[.,]/g, '');
  if (i % 3 === 0) text = stripMarks(text);
  return text;
}

const CAMPAIGN_WEB_COPIES = 56;

/** Whether answers by SMS, Zalo and e-mail wait for the morning now (21:00–07:00 in Vietnam). */
function vietnamNight(now: Date): boolean {
  const hour = Number(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Ho_Chi_Minh',
      hour: '2-digit',
      hourCycle: 'h23',
    }).format(now),
  );
  return hour >= 21 || hour < 7;
}

const smsTo = (phone: string) =>
  provider
    .requestsTo('esms')
    .filter((r) => (r.json as { Phone?: string }).Phone === phone)
    .map((r) => (r.json as { Content: string }).Content);

const ANSWERED = 'pcn.feedback.v1.FeedbackAnswered';
type DeliveryRow = { channel: string; reason: string | null; eventType: string };

/** The notification service's log of answer deliveries in one state, as network admins read it. */
async function answerDeliveries(state: string): Promise<DeliveryRow[]> {
  const rows: DeliveryRow[] = [];
  let after: string | null = null;
  do {
    type Page = {
      deliveries: {
        items: DeliveryRow[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const page: Page['deliveries'] = ok(
      await gql<Page>(
        `query($state: DeliveryState!, $after: String) {
          deliveries(filter: { state: $state }, first: 100, after: $after) {
            items { channel reason eventType } pageInfo { hasNextPage endCursor }
          }
        }`,
        { state, after },
        await admin(),
      ),
    ).deliveries;
    rows.push(...page.items);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return rows.filter((d) => d.eventType === ANSWERED);
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

describe('feedback end to end, every service a process', () => {
  let draftId = '';
  let draftVersion = 0;
  /** The campaign's comments: id and receipt code. */
  const campaign: { id: string; receiptCode: string }[] = [];
  const people = {
    email: { id: '', receiptCode: '', address: 'nguoi.gop.y@example.vn' },
    sms: { id: '', receiptCode: '', phone: '84912555001' },
    hmong: { id: '', receiptCode: '', phone: '84912777001' },
    zalo: { id: '', userId: '246845883529197922' },
    signedIn: { id: '', receiptCode: '' },
  };
  let hiddenId = '';
  let groupId = '';

  it('an agency editor creates a draft with articles, in Vietnamese and Hmong, and opens the consultation', async () => {
    const created = ok(
      await gql<{ createDraft: { id: string; version: number } }>(
        'mutation($input: CreateDraftInput!) { createDraft(input: $input) { id version } }',
        {
          input: {
            code: CODE,
            documentType: 'provincial_decision',
            agencyId: 'org-so-tu-phap',
            content: {
              title: [{ lang: 'vi', text: 'Dự thảo Quyết định quy định giá dịch vụ đò ngang' }],
              summary: [{ lang: 'vi', text: 'Giá đò ngang trên địa bàn tỉnh' }],
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
                        {
                          id: 'a1c1',
                          number: '1',
                          text: [{ lang: 'vi', text: 'Giá là 20.000 đồng một lượt.' }],
                        },
                      ],
                    },
                    {
                      id: 'a2',
                      number: '2',
                      title: [{ lang: 'vi', text: 'Miễn giá' }],
                      clauses: [
                        {
                          id: 'a2c1',
                          number: '1',
                          text: [{ lang: 'vi', text: 'Học sinh được miễn giá.' }],
                        },
                      ],
                    },
                  ],
                },
              ],
            },
            target: { unitIds: ['lc-xa-y-ty'], ethnicGroups: ['mong'] },
          },
        },
        await editor(),
      ),
    ).createDraft;
    draftId = created.id;
    const SET = `mutation($input: SetTranslationInput!) { setTranslation(input: $input) { version } }`;
    const translated = ok(
      await gql<{ setTranslation: { version: number } }>(
        SET,
        {
          input: {
            id: draftId,
            expectedVersion: created.version,
            lang: 'hmn',
            status: 'DRAFT',
            title: 'Daim ntawv txiav txim txog tus nqi nkoj',
            summary: 'Tus nqi nkoj hla dej',
            texts: [
              { id: 'ch1', text: 'Txoj cai dav dav' },
              { id: 'a1', text: 'Tus nqi' },
              { id: 'a1c1', text: 'Tus nqi yog 20.000 daim ib zaug.' },
              { id: 'a2', text: 'Tsis them nqi' },
              { id: 'a2c1', text: 'Cov tub ntxhais kawm ntawv tsis them.' },
            ],
          },
        },
        await editor(),
      ),
    ).setTranslation;
    const approved = ok(
      await gql<{ setTranslation: { version: number } }>(
        SET,
        {
          input: {
            id: draftId,
            expectedVersion: translated.version,
            lang: 'hmn',
            status: 'APPROVED',
          },
        },
        await editor(),
      ),
    ).setTranslation;
    const opened = ok(
      await gql<{
        openConsultation: {
          status: string;
          version: number;
          consultation: { languages: string[] };
        };
      }>(
        'mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { status version consultation { languages } } }',
        {
          input: {
            id: draftId,
            expectedVersion: approved.version,
            opensAt: new Date(Date.now() - 60_000).toISOString(),
            closesAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
          },
        },
        await editor(),
      ),
    ).openConsultation;
    expect(opened).toMatchObject({
      status: 'IN_CONSULTATION',
      consultation: { languages: ['vi', 'hmn'] },
    });
    draftVersion = opened.version;
    // The feedback service learns the window from the draft stream, as a process of its own.
    const live = await waitFor(
      async () =>
        (await gql<Report>(REPORT, { draftId }, await editor())).data?.synthesisReport?.status ===
        'LIVE',
      { timeoutMs: 30_000, description: 'the feedback service knowing the consultation' },
    );
    expect(live).toBe(true);
  }, 60_000);

  it('takes comments from the web (anonymous and signed in), a partner, a CSV of paper forms, SMS and Zalo', async () => {
    // Web, signed in: the press account, on article 2.
    const signedIn = ok(
      await gql<Submitted>(
        SUBMIT,
        {
          input: {
            draftId,
            articleId: 'a2',
            stance: 'SUPPORT',
            text: 'Ủng hộ miễn giá cho học sinh đi học qua sông.',
            language: 'vi',
          },
        },
        await press(),
      ),
    ).submitFeedback;
    // A partner system for its user, on article 2.
    const fromPartner = ok(
      await gql<Submitted>(
        SUBMIT,
        {
          input: {
            draftId,
            articleId: 'a2',
            stance: 'SUGGEST_CHANGE',
            text: 'Đề nghị miễn giá cả cho người khuyết tật.',
            language: 'vi',
            idempotencyKey: 'portal-fb-1',
            submitter: { externalRef: 'portal-user-7' },
          },
        },
        partner,
      ),
    ).submitFeedback;

    // Paper forms a unit officer uploads as CSV: a dry run writes nothing, then the import.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
      new Date(),
    );
    const [y, m, d] = today.split('-');
    const csv =
      '\uFEFFSTT;Mã dự thảo;Điều;Loại ý kiến;Nội dung ý kiến;Họ tên;Ngày nhận;Số phiếu;Mã đơn vị\r\n' +
      `1;${CODE.toLowerCase()};2;Đề nghị sửa;Bố trí thêm chuyến đò lúc sáu giờ tối cho công nhân;Lò Văn A;${d}/${m}/${y};YT-001;lc-xa-y-ty\r\n` +
      `2;${CODE};;Câu hỏi;"Khi nào áp dụng?\nXin trả lời sớm";;${today};YT-002;lc-xa-y-ty\r\n`;
    type CsvReport = {
      accepted: number;
      rejected: number;
      alreadyKnown?: number;
      dryRun?: boolean;
    };
    const upload = async (dryRun: boolean) => {
      const res = await fetch(`${base()}/imports/feedback?dryRun=${dryRun}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv; charset=utf-8', ...(await officer()) },
        body: csv,
      });
      return { status: res.status, body: (await res.json()) as CsvReport };
    };
    // The unit tree reaches the feedback service from the gateway's directory events.
    const dry = await waitFor(
      async () => {
        const r = await upload(true);
        return r.status === 200 && r.body.accepted === 2 ? r : undefined;
      },
      { timeoutMs: 30_000, description: 'a dry run accepting both paper forms' },
    );
    expect(dry.body).toMatchObject({ accepted: 2, rejected: 0 });
    expect(await listAll(draftId)).toHaveLength(2);
    const real = await upload(false);
    expect(real.status).toBe(200);
    expect(real.body).toMatchObject({ accepted: 2, rejected: 0 });

    // Zalo: a user_send_text event with Zalo's signature, on article 2.
    const timestamp = String(Date.now());
    const event = JSON.stringify({
      app_id: ZALO_APP_ID,
      user_id_by_app: '552177279717587730',
      event_name: 'user_send_text',
      timestamp,
      sender: { id: '246845883529197922' },
      recipient: { id: '388613280878808645' },
      message: { text: `GY ${CODE} D2 Nen mien gia cho nguoi cao tuoi`, msg_id: 'fbe2e-zalo-1' },
    });
    const mac = createHash('sha256')
      .update(ZALO_APP_ID + event + timestamp + ZALO_SECRET)
      .digest('hex');
    const zaloRes = await fetch(`${base()}/hooks/zalo/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${mac}` },
      body: event,
    });
    expect(zaloRes.status).toBe(200);
    const zalo = (await zaloRes.json()) as { accepted: boolean; feedbackId: string };
    expect(zalo.accepted).toBe(true);
    people.zalo.id = zalo.feedbackId;
    people.signedIn.id = signedIn.feedbackId;
    people.signedIn.receiptCode = signedIn.receiptCode;

    // SMS: `GY <code> D<n> ...` on the hook, with its secret; one of the campaign's copies.
    const smsRes = await fetch(`${base()}/hooks/sms/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pcn-hook-secret': HOOK_SECRET },
      body: JSON.stringify({
        from: '0912 555 001',
        text: `GY ${CODE.toLowerCase()} D1 ${stripMarks(copy(7))}`,
        messageId: 'fbe2e-sms-1',
      }),
    });
    expect(smsRes.status).toBe(200);
    const sms = (await smsRes.json()) as {
      accepted: boolean;
      feedbackId: string;
      receiptCode: string;
    };
    expect(sms.accepted).toBe(true);
    people.sms.id = sms.feedbackId;
    people.sms.receiptCode = sms.receiptCode;
    campaign.push({ id: sms.feedbackId, receiptCode: sms.receiptCode });

    const all = await listAll(draftId);
    const byId = (id: string) => all.find((f) => f.id === id);
    expect(all).toHaveLength(6);
    expect(byId(signedIn.feedbackId)).toMatchObject({
      channel: 'WEB',
      submitterVia: 'USER',
      verified: true,
    });
    expect(byId(fromPartner.feedbackId)).toMatchObject({ channel: 'PARTNER', verified: true });
    expect(all.filter((f) => f.channel === 'PAPER')).toHaveLength(2);
    expect(byId(zalo.feedbackId)).toMatchObject({
      channel: 'ZALO',
      contact: { channel: 'ZALO', address: '246845883529197922' },
    });
    expect(byId(sms.feedbackId)).toMatchObject({
      channel: 'SMS',
      submitterVia: 'ANONYMOUS',
      contact: { channel: 'SMS', address: '+84912555001' },
    });
  }, 90_000);

  it('groups a campaign of near copies from many people as one campaign', async () => {
    const submit = async (input: Record<string, unknown>, headers?: Record<string, string>) =>
      ok(
        await gql<Submitted>(
          SUBMIT,
          { input: { draftId, articleId: 'a1', stance: 'OPPOSE', language: 'vi', ...input } },
          headers,
        ),
      ).submitFeedback;
    // The e-mail submitter, anonymous on the web.
    const byEmail = await submit({
      text: copy(0),
      submitter: {
        name: 'Nguyễn Văn An',
        contact: { channel: 'EMAIL', address: 'Nguoi.Gop.Y@Example.vn' },
      },
    });
    people.email.id = byEmail.feedbackId;
    people.email.receiptCode = byEmail.receiptCode;
    // A Hmong reader signing the campaign's (Vietnamese) text on a portal set to Hmong: replies to
    // them are in Hmong.
    const inHmong = await submit({
      text: copy(1),
      language: 'hmn',
      submitter: { name: 'Vàng A Chứ', contact: { channel: 'SMS', address: '0912 777 001' } },
    });
    people.hmong.id = inHmong.feedbackId;
    people.hmong.receiptCode = inHmong.receiptCode;
    // One through the partner for its user.
    const viaPartner = await submit(
      { text: copy(2), submitter: { externalRef: 'portal-campaign-1' } },
      partner,
    );
    campaign.push(
      ...[byEmail, inHmong, viaPartner].map((s) => ({
        id: s.feedbackId,
        receiptCode: s.receiptCode,
      })),
    );
    // The rest anonymously, each from a number of its own (one number is capped at 5 an hour).
    const batch = 8;
    for (let from = 0; from < CAMPAIGN_WEB_COPIES; from += batch) {
      const made = await Promise.all(
        Array.from({ length: Math.min(batch, CAMPAIGN_WEB_COPIES - from) }, (_, k) => {
          const i = from + k;
          return submit({
            text: copy(i + 3),
            submitter: {
              name: NAMES[i % NAMES.length],
              contact: { channel: 'SMS', address: `0913 ${String(100_000 + i).slice(-6)}` },
            },
          });
        }),
      );
      campaign.push(...made.map((s) => ({ id: s.feedbackId, receiptCode: s.receiptCode })));
    }
    expect(campaign).toHaveLength(CAMPAIGN_WEB_COPIES + 4);
    expect(new Set(campaign.map((c) => c.id)).size).toBe(campaign.length);

    // Grouping runs after intake: wait until every copy has its group.
    const ids = new Set(campaign.map((c) => c.id));
    const grouped = await waitFor(
      async () => {
        const items = (await listAll(draftId, 'a1')).filter((f) => ids.has(f.id));
        return items.length === ids.size && items.every((f) => f.group) ? items : undefined;
      },
      { timeoutMs: 60_000, description: 'every copy of the campaign in a group' },
    );
    const groups = new Set(grouped.map((f) => f.group?.id));
    expect([...groups]).toHaveLength(1);
    groupId = grouped[0]?.group?.id ?? '';
    // The comments on article 2 and the paper forms are the people's own: not in the group.
    const others = (await listAll(draftId)).filter((f) => !ids.has(f.id));
    expect(others.every((f) => f.group?.id !== groupId)).toBe(true);

    // Its size and the campaign flag, from the feedback service.
    const page = await runInContext(
      {
        correlationId: 'fbe2e-campaign',
        caller: { kind: 'user', id: 'admin-e2e', roles: ['network_admin'] },
      },
      () =>
        callUnary(
          feedbackClient.listFeedback.bind(feedbackClient),
          feedbackPb.ListFeedbackRequest.fromPartial({ draftId, groupId, pageSize: 1 }),
        ),
    );
    expect(page.feedback[0]?.group).toMatchObject({
      id: groupId,
      size: campaign.length,
      campaign: true,
    });
  }, 120_000);

  it('sends each submitter a receipt on their own channel, in their language', async () => {
    const mail = await waitFor(
      () => smtp.messages.find((m) => m.to.includes(people.email.address)),
      { timeoutMs: 30_000, description: 'the e-mail receipt' },
    );
    expect(mail.subject).toBe(`Đã nhận góp ý của Quý vị (mã ${people.email.receiptCode})`);
    const hmong = await waitFor(() => smsTo(people.hmong.phone)[0], {
      timeoutMs: 30_000,
      description: 'the SMS receipt in Hmong',
    });
    expect(hmong).toBe(
      `Peb tau txais koj tswv yim txog ${CODE}. Tus lej txais: ${people.hmong.receiptCode}`,
    );
    const bySms = await waitFor(() => smsTo(people.sms.phone)[0], {
      timeoutMs: 30_000,
      description: 'the SMS receipt to the GY sender',
    });
    expect(bySms).toContain(people.sms.receiptCode);
    // The Zalo sender, through Zalo's notification service.
    const zaloReceipt = (await listAll(draftId)).find((f) => f.id === people.zalo.id)?.receiptCode;
    const zns = await waitFor(
      () =>
        provider
          .requestsTo('zns')
          .find((r) => (r.json as { user_id?: string }).user_id === people.zalo.userId),
      { timeoutMs: 30_000, description: 'the Zalo receipt' },
    );
    expect((zns.json as { template_data: { content: string } }).template_data.content).toContain(
      `Mã biên nhận: ${zaloReceipt}`,
    );
    // The signed-in user, in their in-app inbox.
    const inbox = await waitFor(
      async () =>
        ok(
          await gql<{ myNotifications: { items: { eventType: string; body: string }[] } }>(
            '{ myNotifications { items { eventType body } } }',
            {},
            await press(),
          ),
        ).myNotifications.items.find((n) => n.eventType === 'pcn.feedback.v1.FeedbackReceived'),
      { timeoutMs: 30_000, description: 'the in-app receipt' },
    );
    expect(inbox.body).toContain(`Mã biên nhận: ${people.signedIn.receiptCode}`);
  }, 60_000);

  it('hides one comment with a reason', async () => {
    hiddenId = ok(
      await gql<Submitted>(SUBMIT, {
        input: {
          draftId,
          stance: 'QUESTION',
          text: `${HIDDEN_TEXT} mua ngay vé đò giá rẻ`,
          language: 'vi',
          submitter: { name: 'Quảng cáo', contact: { channel: 'SMS', address: '0912 999 000' } },
        },
      }),
    ).submitFeedback.feedbackId;
    const hidden = ok(
      await gql<{ moderateFeedback: { id: string; state: string } }>(
        'mutation($input: ModerateFeedbackInput!) { moderateFeedback(input: $input) { id state } }',
        { input: { feedbackId: hiddenId, decision: 'HIDE', reason: 'SPAM' } },
        await editor(),
      ),
    ).moderateFeedback;
    expect(hidden).toEqual({ id: hiddenId, state: 'HIDDEN' });
    // Public answers are cached until an event says they changed: wait for the event.
    const page = await waitFor(
      async () => {
        const p = ok(
          await gql<{
            publicFeedback: {
              items: { id: string }[];
              hidden: { reason: string; count: number }[];
            };
          }>(
            'query($draftId: ID!) { publicFeedback(draftId: $draftId) { items { id } hidden { reason count } } }',
            { draftId },
          ),
        ).publicFeedback;
        return p.hidden.length > 0 ? p : undefined;
      },
      { description: 'the hidden count in the public view' },
    );
    expect(page.hidden).toEqual([{ reason: 'SPAM', count: 1 }]);
    expect(page.items.map((f) => f.id)).not.toContain(hiddenId);
  });

  it("answers the campaign's group at once and publishes it; its submitters hear back on their own channels, in their languages", async () => {
    const answered = ok(
      await gql<{ answerFeedback: { feedbackIds: string[] } }>(
        'mutation($input: AnswerFeedbackInput!) { answerFeedback(input: $input) { feedbackIds } }',
        {
          input: {
            draftId,
            groupId,
            outcome: 'PARTLY_ACCEPTED',
            reason: REASON,
            changedArticleIds: ['a1'],
          },
        },
        await editor(),
      ),
    ).answerFeedback.feedbackIds;
    const ids = campaign.map((c) => c.id).sort();
    expect([...answered].sort()).toEqual(ids);
    const published = ok(
      await gql<{ publishFeedbackAnswers: { feedbackIds: string[] } }>(
        'mutation($input: PublishFeedbackAnswersInput!) { publishFeedbackAnswers(input: $input) { feedbackIds } }',
        { input: { draftId } },
        await editor(),
      ),
    ).publishFeedbackAnswers.feedbackIds;
    expect([...published].sort()).toEqual(ids);
    const a1 = await listAll(draftId, 'a1');
    expect(
      a1.every((f) => f.answer?.outcome === 'PARTLY_ACCEPTED' && f.answer.publishedAt !== null),
    ).toBe(true);

    if (vietnamNight(new Date())) {
      // Answers by SMS, Zalo and e-mail wait for 07:00 in Vietnam, and a test cannot move the
      // clock of a service in a process of its own: at night, what is observable is that they
      // are deferred to the morning, not sent.
      console.info(
        'feedback.e2e: Vietnam night (21:00-07:00): the answers are checked as deferred to the morning, not as received',
      );
      const deferred = await waitFor(
        async () => {
          const held = await answerDeliveries('DEFERRED');
          return held.length === campaign.length - 1 ? held : undefined;
        },
        { timeoutMs: 30_000, description: 'the answers deferred to the morning' },
      );
      expect(deferred.every((d) => d.reason === 'quiet_hours')).toBe(true);
      expect(smtp.messages.filter((m) => m.to.includes(people.email.address))).toHaveLength(1);
      return;
    }

    // The e-mail submitter, in the SMTP sink.
    const mail = await waitFor(
      () =>
        smtp.messages.find(
          (m) =>
            m.to.includes(people.email.address) &&
            m.subject === `Trả lời góp ý của Quý vị (mã ${people.email.receiptCode})`,
        ),
      { timeoutMs: 30_000, description: 'the e-mail answer' },
    );
    expect(mail.text).toContain(`Giải trình: ${REASON}`);
    expect(mail.listUnsubscribe).toBeUndefined();
    // The SMS submitter, at the SMS provider, in Vietnamese.
    const sms = await waitFor(
      () => {
        const sent = smsTo(people.sms.phone);
        return sent.length >= 2 ? sent : undefined;
      },
      { timeoutMs: 30_000, description: 'the SMS answer to the GY sender' },
    );
    expect(sms[1]).toMatch(new RegExp(`^Góp ý ${people.sms.receiptCode} .*: ${REASON}`));
    // The Hmong submitter, in Hmong.
    const hmong = await waitFor(
      () => {
        const sent = smsTo(people.hmong.phone);
        return sent.length >= 2 ? sent : undefined;
      },
      { timeoutMs: 30_000, description: 'the SMS answer in Hmong' },
    );
    expect(hmong[1]).toMatch(
      new RegExp(`^Tswv yim ${people.hmong.receiptCode} tau txais yuav ib feem: ${REASON}`),
    );
    // Every submitter with a way back is answered once: 56 numbers, the GY sender, the Hmong
    // reader and the e-mail address; the partner's user through the partner, which has no
    // webhook, so its answer is logged as suppressed.
    const sent = await waitFor(
      async () => {
        const done = await answerDeliveries('SENT');
        return done.length >= campaign.length - 1 ? done : undefined;
      },
      { timeoutMs: 30_000, description: 'every answer of the campaign sent' },
    );
    expect(sent).toHaveLength(campaign.length - 1);
    expect(await answerDeliveries('SUPPRESSED')).toEqual([
      { channel: 'WEBHOOK', reason: 'no_partner_webhook', eventType: ANSWERED },
    ]);
    for (let i = 0; i < CAMPAIGN_WEB_COPIES; i++)
      expect(smsTo(`8491${3_100_000 + i}`)).toHaveLength(2);
    expect(smsTo(people.sms.phone)).toHaveLength(2);
  }, 90_000);

  it('closes the consultation and publishes the synthesis: its DOCX and CSV hold the right counts and no hidden text', async () => {
    // The comments not hidden are published, so the public report lists all of them.
    for (const f of await listAll(draftId))
      if (f.state === 'PENDING')
        ok(
          await gql(
            'mutation($input: ModerateFeedbackInput!) { moderateFeedback(input: $input) { id } }',
            { input: { feedbackId: f.id, decision: 'PUBLISH' } },
            await editor(),
          ),
        );
    const received = campaign.length + 6; // + signed in, partner, two paper forms, Zalo, hidden
    const { draft } = ok(
      await gql<{ draft: { version: number } }>(
        'query($id: ID!) { draft(id: $id) { version } }',
        { id: draftId },
        await editor(),
      ),
    );
    expect(draft.version).toBeGreaterThanOrEqual(draftVersion);
    ok(
      await gql(
        'mutation($id: ID!, $v: Int!) { closeConsultation(id: $id, expectedVersion: $v) { id } }',
        { id: draftId, v: draft.version },
        await editor(),
      ),
    );
    await waitFor(
      async () =>
        (await gql<Report>(REPORT, { draftId }, await editor())).data?.synthesisReport?.status ===
        'FINAL',
      { timeoutMs: 30_000, description: 'the feedback service knowing the close' },
    );
    const published = ok(
      await gql<{
        publishSynthesis: {
          report: { status: string; view: string; all: { received: number; counted: number } };
        };
      }>(
        `mutation($draftId: ID!) { publishSynthesis(draftId: $draftId) { report { status view all { ${COUNTS} } } } }`,
        { draftId },
        await editor(),
      ),
    ).publishSynthesis;
    expect(published.report).toMatchObject({
      status: 'FINAL',
      view: 'PUBLIC',
      all: { received, counted: received - 1 },
    });
    // Anyone reads it now.
    const report = ok(await gql<Report>(REPORT, { draftId })).synthesisReport;
    expect(report?.hidden).toContainEqual({ reason: 'SPAM', count: 1 });
    expect(report?.pendingModeration).toBe(0);
    const channel = (c: string) => report?.channels.find((x) => x.channel === c);
    expect(channel('WEB')).toMatchObject({ received: CAMPAIGN_WEB_COPIES + 4, hidden: 1 });
    expect(channel('PARTNER')).toMatchObject({ received: 2, verified: 2, hidden: 0 });
    expect(channel('PAPER')).toMatchObject({ received: 2, hidden: 0 });
    expect(channel('SMS')).toMatchObject({ received: 1, hidden: 0 });
    expect(channel('ZALO')).toMatchObject({ received: 1, hidden: 0 });
    expect(report?.articles.find((a) => a.articleId === 'a1')).toMatchObject({
      comments: campaign.length,
      groups: 1,
      rows: 1,
      answeredRows: 1,
    });

    const docxRes = await fetch(`${base()}/reports/${draftId}/synthesis.docx`);
    expect(docxRes.status).toBe(200);
    expect(docxRes.headers.get('content-type')).toContain('wordprocessingml');
    const docx = readDocx(new Uint8Array(await docxRes.arrayBuffer()));
    expect(docx.all).not.toContain(HIDDEN_TEXT);
    // Nor anyone's contact point.
    expect(docx.all).not.toMatch(/0913 ?1000|84913100|nguoi\.gop\.y|246845883529197922/i);
    const paragraphs = docx.paragraphs.join('\n');
    expect(paragraphs).toMatch(new RegExp(`Tổng số ý kiến nhận được: ${received} \\(`));
    expect(paragraphs).toMatch(/Số ý kiến bị ẩn: 1 /);
    const channels = docx.tables.find((t) => t[0]?.[0] === 'Kênh');
    expect(channels).toContainEqual(['Hệ thống đối tác', '2', '2', '0']);
    expect(channels?.find((row) => row[0] === 'Tin nhắn SMS')?.[1]).toBe('1');
    expect(channels?.find((row) => row[0] === 'Zalo')?.[1]).toBe('1');
    const table = docx.tables.find((t) => t[0]?.[0] === 'STT');
    // One row for the campaign, answered; one for each other comment not hidden.
    const answeredRows = table?.slice(1).filter((row) => row[4]?.includes(REASON)) ?? [];
    expect(answeredRows).toHaveLength(1);
    expect(answeredRows[0]?.[3]).toMatch(new RegExp(`^${campaign.length} `));
    expect(table?.slice(1)).toHaveLength(1 + 5);

    const csvRes = await fetch(`${base()}/reports/${draftId}/synthesis.csv`);
    expect(csvRes.status).toBe(200);
    const bytes = Buffer.from(await csvRes.arrayBuffer());
    expect(bytes.toString('utf8')).not.toContain(HIDDEN_TEXT);
    expect(bytes.toString('utf8')).not.toMatch(/0913 ?1000|84913100|nguoi\.gop\.y/i);
    const rows = parseCsv<Record<string, string>>(bytes, { bom: true, columns: true });
    expect(rows).toHaveLength(1 + 5);
    expect(rows.reduce((n, r) => n + Number(r['Số ý kiến']), 0)).toBe(received - 1);
    const campaignRow = rows.find((r) => r['Mã nhóm hoặc ý kiến'] === groupId);
    expect(campaignRow).toMatchObject({
      'Số ý kiến': String(campaign.length),
      // A GY text message carries no stance: it is taken as a suggestion.
      'Phản đối': String(campaign.length - 1),
      'Đề nghị sửa': '1',
      Loại: 'nhóm',
      'Đã công bố giải trình': 'có',
      'Mã Điều': 'a1',
    });
  }, 90_000);
});

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
import {
  freePorts,
  subscribeSse,
  tempDir,
  uniquePrefix,
  waitFor,
  type TempDir,
} from '@pcn/testing';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

// Comments through the gateway, against the real draft and feedback services in this process: a
// consultation opened with GraphQL reaches the feedback service as events, and every feedback
// query and mutation goes through the public door as its callers would use it.
const INTERNAL_SECRET = 'int-internal-secret-int-internal-secret';
const HOOK_SECRET = 'int-sms-hook-secret-int-sms-hook-secret';
const ZALO_APP_ID = '360846524940903967';
const ZALO_SECRET = 'int-zalo-oa-secret-key';
const prefix = uniquePrefix('gwf');
let dir: TempDir;
let gateway: Gateway;
let drafts: DraftService;
let feedback: FeedbackService;
let url: string;

beforeAll(async () => {
  dir = await tempDir('pcn-gw-feedback-');
  // Two consecutive free ports.
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
    // Every anonymous comment of this file comes from 127.0.0.1; the last test fills the cap.
    FEEDBACK_ANONYMOUS_PER_ADDRESS_PER_HOUR: '300',
    // Small campaigns, so that one test can make one.
    FEEDBACK_CAMPAIGN_MIN_SIZE: '3',
  });
  drafts = await startDraftService(loadDraftConfig(backend('draft', draftPort)), {
    handleSignals: false,
  });
  feedback = await startFeedbackService(loadFeedbackConfig(backend('feedback', feedbackPort)), {
    handleSignals: false,
  });
  // The services first: the gateway's channels to them then connect at once.
  gateway = await startTestGateway({
    BUS_PREFIX: prefix,
    SQLITE_FILE: dir.file('gateway.db'),
    INTERNAL_SECRET,
    DRAFT_GRPC_ADDRESS: `127.0.0.1:${draftPort}`,
    FEEDBACK_GRPC_ADDRESS: `127.0.0.1:${feedbackPort}`,
    SMS_WEBHOOK_SECRET: HOOK_SECRET,
    ZALO_APP_ID,
    ZALO_OA_SECRET_KEY: ZALO_SECRET,
  });
  url = gateway.url;
}, 60_000);

afterAll(async () => {
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
const officer = () => signIn('officer.yty@demo.pcn.vn');
const press = () => signIn('press@demo.pcn.vn');
const partner = { 'x-api-key': DEMO_PARTNER_API_KEY };

function ok<T>(res: GraphQLResponse<T>): T {
  if (!res.data || res.errors) throw new Error(`expected success: ${JSON.stringify(res.errors)}`);
  return res.data;
}

const code = (res: GraphQLResponse<unknown>) => res.errors?.[0]?.extensions?.code;

/** A draft of the Department of Justice with two articles, in consultation, known to feedback. */
async function consultation(label: string): Promise<string> {
  const created = ok(
    await gql<{ createDraft: { id: string; version: number } }>(
      'mutation($input: CreateDraftInput!) { createDraft(input: $input) { id version } }',
      {
        input: {
          code: `QD-FB-${label}`,
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
  ok(
    await gql(
      'mutation($input: OpenConsultationInput!) { openConsultation(input: $input) { id } }',
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
  );
  // The feedback service learns the window and the articles from the draft stream.
  await waitFor(
    async () =>
      code(
        await gql(
          'mutation($input: ImportFeedbackInput!) { importFeedback(input: $input) { accepted } }',
          { input: { draftId: created.id, dryRun: true, items: [recorded()] } },
          await admin(),
        ),
      ) === undefined,
    { timeoutMs: 20_000, description: 'the feedback service knowing the consultation' },
  );
  return created.id;
}

/** A consultation opened and closed again, the close known to the feedback service. */
async function closedConsultation(label: string): Promise<string> {
  const draftId = await consultation(label);
  const REPORT = 'query($draftId: ID!) { synthesisReport(draftId: $draftId) { status } }';
  const { draft } = ok(
    await gql<{ draft: { version: number } }>(
      'query($id: ID!) { draft(id: $id) { version } }',
      { id: draftId },
      await editor(),
    ),
  );
  ok(
    await gql(
      'mutation($id: ID!, $v: Int!) { closeConsultation(id: $id, expectedVersion: $v) { id } }',
      { id: draftId, v: draft.version },
      await editor(),
    ),
  );
  await waitFor(
    async () =>
      (await gql<{ synthesisReport: { status: string } }>(REPORT, { draftId }, await admin())).data
        ?.synthesisReport.status === 'FINAL',
    { timeoutMs: 20_000, description: 'the feedback service knowing the close' },
  );
  return draftId;
}

/** Each comment from its own phone number, unless a test names one: contacts are capped. */
let phones = 0;
function comment(extra: Record<string, unknown> = {}) {
  phones += 1;
  return {
    stance: 'SUGGEST_CHANGE',
    text: 'Đề nghị giảm giá vé cho người cao tuổi.',
    language: 'vi',
    submitter: {
      name: 'Nguyễn Văn A',
      contact: { channel: 'SMS', address: `0913 ${String(100_000 + phones).slice(-6)}` },
    },
    ...extra,
  };
}

/** A comment an officer records from a paper form or a village session, with the person's consent. */
function recorded(extra: Record<string, unknown> = {}) {
  const base = comment();
  return {
    ...base,
    channel: 'PAPER',
    submitter: {
      ...base.submitter,
      onBehalfConsent: { given: true, method: 'PAPER_FORM', textVersion: 'form-2026' },
    },
    ...extra,
  };
}

const SUBMIT = `mutation($input: SubmitFeedbackInput!) {
  submitFeedback(input: $input) { feedbackId receiptCode alreadyKnown }
}`;
const IMPORT = `mutation($input: ImportFeedbackInput!) {
  importFeedback(input: $input) {
    accepted alreadyKnown rejected dryRun
    results { index outcome feedbackId fields { path message } rule }
  }
}`;
const LIST = `query($filter: FeedbackFilter!, $after: String) {
  feedback(filter: $filter, first: 100, after: $after) {
    items { id text channel submitterVia verified state receiptCode contact { channel address }
      answer { outcome publishedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const PUBLIC = `query($draftId: ID!) {
  publicFeedback(draftId: $draftId) {
    items { id text channel answer { outcome reason publishedAt } }
    hidden { reason count }
  }
}`;

type Submitted = {
  submitFeedback: { feedbackId: string; receiptCode: string; alreadyKnown: boolean };
};
type Listed = {
  feedback: {
    items: {
      id: string;
      text: string;
      channel: string;
      submitterVia: string;
      verified: boolean;
      state: string;
      contact: { channel: string; address: string } | null;
      answer: { outcome: string; publishedAt: string | null } | null;
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};
type PublicPage = {
  publicFeedback: {
    items: { id: string; text: string; answer: { outcome: string; reason: string } | null }[];
    hidden: { reason: string; count: number }[];
  };
};

async function countOf(draftId: string): Promise<number> {
  let count = 0;
  let after: string | null = null;
  do {
    const page: Listed['feedback'] = ok(
      await gql<Listed>(LIST, { filter: { draftId }, after }, await admin()),
    ).feedback;
    count += page.items.length;
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return count;
}

describe('feedback through the gateway', () => {
  let draftId: string;
  beforeAll(async () => {
    draftId = await consultation('A');
  }, 60_000);

  it('takes a comment from anyone, once per idempotency key, naming the channel from the caller', async () => {
    const input = {
      draftId,
      articleId: 'a1',
      idempotencyKey: 'anon-1',
      ...comment({
        submitter: { name: 'Nguyễn Văn A', contact: { channel: 'SMS', address: '0912 345 678' } },
      }),
    };
    const first = ok(await gql<Submitted>(SUBMIT, { input })).submitFeedback;
    expect(first.alreadyKnown).toBe(false);
    expect(first.receiptCode).toMatch(/^[0-9A-Z-]{4,16}$/);
    const again = ok(await gql<Submitted>(SUBMIT, { input })).submitFeedback;
    expect(again).toEqual({ ...first, alreadyKnown: true });
    // The same key on another draft is a client reusing it, not a retry: refused, not answered
    // with the first draft's comment, and nothing is written there.
    const otherDraft = await consultation('KEY');
    const reused = await gql<Submitted>(SUBMIT, { input: { ...input, draftId: otherDraft } });
    expect(code(reused)).toBe('BAD_USER_INPUT');
    expect(reused.errors?.[0]?.extensions?.fields?.map((f) => f.path)).toEqual([
      'input.idempotencyKey',
    ]);
    expect(JSON.stringify(reused)).not.toContain(first.feedbackId);
    expect(await countOf(otherDraft)).toBe(0);

    const byPartner = ok(
      await gql<Submitted>(
        SUBMIT,
        {
          input: {
            draftId,
            ...comment({ submitter: { externalRef: 'portal-user-42' }, stance: 'SUPPORT' }),
          },
        },
        partner,
      ),
    ).submitFeedback;
    const listed = ok(await gql<Listed>(LIST, { filter: { draftId } }, await admin())).feedback
      .items;
    const anon = listed.find((f) => f.id === first.feedbackId);
    const fromPartner = listed.find((f) => f.id === byPartner.feedbackId);
    expect(anon).toMatchObject({ channel: 'WEB', submitterVia: 'ANONYMOUS', verified: false });
    // Network admins see the contact point; it is normalised to E.164.
    expect(anon?.contact).toEqual({ channel: 'SMS', address: '+84912345678' });
    expect(fromPartner).toMatchObject({
      channel: 'PARTNER',
      submitterVia: 'PARTNER',
      verified: true,
    });
  });

  it('shows contact points to network admins only, and the list to the drafting agency only', async () => {
    const asEditor = ok(await gql<Listed>(LIST, { filter: { draftId } }, await editor())).feedback;
    expect(asEditor.items.length).toBeGreaterThan(0);
    expect(asEditor.items.every((f) => f.contact === null)).toBe(true);
    expect(code(await gql(LIST, { filter: { draftId } }, await otherEditor()))).toBe('FORBIDDEN');
    expect(code(await gql(LIST, { filter: { draftId } }, await press()))).toBe('FORBIDDEN');
    expect(code(await gql(LIST, { filter: { draftId } }))).toBe('UNAUTHENTICATED');
  });

  it('refuses bad comments with coded errors and field paths, writing nothing', async () => {
    const before = await countOf(draftId);
    const cases: [Record<string, unknown>, string, string | undefined][] = [
      [{ text: 'x'.repeat(10_001) }, 'BAD_USER_INPUT', 'input.text'],
      [{ text: '' }, 'BAD_USER_INPUT', 'input.text'],
      [{ articleId: 'no-such-article' }, 'BAD_USER_INPUT', 'input.articleId'],
      [{ language: 'zz-ZZZZ-invalid' }, 'BAD_USER_INPUT', 'input.language'],
      [
        {
          demographics: {
            ethnicGroup: 'mong',
            consent: { given: false, method: 'ONLINE', textVersion: 'v1' },
          },
        },
        'BAD_USER_INPUT',
        undefined,
      ],
    ];
    for (const [extra, expected, path] of cases) {
      const res = await gql(SUBMIT, { input: { draftId, ...comment(extra) } });
      expect(code(res), JSON.stringify(extra).slice(0, 80)).toBe(expected);
      if (path) expect(res.errors?.[0]?.extensions?.fields?.map((f) => f.path)).toContain(path);
      expect(res.errors?.[0]?.message).not.toMatch(/at .*\.ts:\d+/);
    }
    const unknownDraft = await gql(SUBMIT, { input: { draftId: 'no-such-draft', ...comment() } });
    expect(['NOT_FOUND', 'FAILED_PRECONDITION']).toContain(code(unknownDraft));
    expect(await countOf(draftId)).toBe(before);
  });

  it('imports up to 1,000 comments with an outcome each, and refuses 1,001 whole', async () => {
    const items = [
      recorded({ idempotencyKey: 'form-1', receivedAt: new Date().toISOString() }),
      recorded({ channel: 'VILLAGE_SESSION', idempotencyKey: 'form-2', unitId: 'lc-xa-y-ty' }),
      recorded({ idempotencyKey: 'form-3', articleId: 'nope' }),
    ];
    const before = await countOf(draftId);
    const dry = ok(
      await gql<{ importFeedback: { accepted: number; rejected: number; dryRun: boolean } }>(
        IMPORT,
        { input: { draftId, items, dryRun: true } },
        await editor(),
      ),
    ).importFeedback;
    expect(dry).toMatchObject({ accepted: 2, rejected: 1, dryRun: true });
    expect(await countOf(draftId)).toBe(before);

    type Imported = {
      importFeedback: {
        accepted: number;
        alreadyKnown: number;
        rejected: number;
        results: {
          index: number;
          outcome: string;
          feedbackId: string | null;
          fields: { path: string }[];
        }[];
      };
    };
    const real = ok(
      await gql<Imported>(IMPORT, { input: { draftId, items } }, await editor()),
    ).importFeedback;
    expect(real).toMatchObject({ accepted: 2, alreadyKnown: 0, rejected: 1 });
    expect(real.results[2]?.outcome).toBe('REJECTED');
    expect(real.results[2]?.fields.map((f) => f.path)).toContain('input.items[2].articleId');
    const again = ok(
      await gql<Imported>(IMPORT, { input: { draftId, items } }, await editor()),
    ).importFeedback;
    expect(again).toMatchObject({ accepted: 0, alreadyKnown: 2, rejected: 1 });
    expect(again.results[0]?.feedbackId).toBe(real.results[0]?.feedbackId);
    expect(await countOf(draftId)).toBe(before + 2);

    const tooMany = Array.from({ length: 1001 }, (_, i) =>
      recorded({ idempotencyKey: `bulk-${i}`, text: `Ý kiến ${i}` }),
    );
    const refused = await gql(IMPORT, { input: { draftId, items: tooMany } }, await admin());
    expect(code(refused)).toBe('BAD_USER_INPUT');
    expect(await countOf(draftId)).toBe(before + 2);
    // Only officers, the agency's editors and admins import.
    for (const who of [undefined, partner, await press(), await otherEditor()]) {
      const denied = await gql(IMPORT, { input: { draftId, items: items.slice(0, 1) } }, who);
      expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(code(denied));
    }
    expect(await countOf(draftId)).toBe(before + 2);
  });

  it('publishes, hides and answers; the public sees published comments masked, answers once published', async () => {
    const submitted = ok(
      await gql<Submitted>(SUBMIT, {
        input: {
          draftId,
          articleId: 'a2',
          ...comment({ text: 'Gọi tôi 0987 654 321 hoặc a.b@example.vn, CCCD 001203004005.' }),
        },
      }),
    ).submitFeedback;
    const spam = ok(
      await gql<Submitted>(SUBMIT, { input: { draftId, ...comment({ text: 'Quảng cáo' }) } }),
    ).submitFeedback;
    const publicIds = async () =>
      ok(await gql<PublicPage>(PUBLIC, { draftId })).publicFeedback.items.map((f) => f.id);
    expect(await publicIds()).not.toContain(submitted.feedbackId);

    const MODERATE = `mutation($input: ModerateFeedbackInput!) { moderateFeedback(input: $input) { id state } }`;
    // Only the drafting agency and admins moderate.
    for (const who of [undefined, partner, await otherEditor(), await officer()])
      expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(
        code(
          await gql(
            MODERATE,
            { input: { feedbackId: submitted.feedbackId, decision: 'PUBLISH' } },
            who,
          ),
        ),
      );
    const hideWithoutReason = await gql(
      MODERATE,
      { input: { feedbackId: spam.feedbackId, decision: 'HIDE' } },
      await editor(),
    );
    expect(code(hideWithoutReason)).toBe('BAD_USER_INPUT');
    ok(
      await gql(
        MODERATE,
        { input: { feedbackId: submitted.feedbackId, decision: 'PUBLISH' } },
        await editor(),
      ),
    );
    ok(
      await gql(
        MODERATE,
        { input: { feedbackId: spam.feedbackId, decision: 'HIDE', reason: 'SPAM' } },
        await editor(),
      ),
    );
    // Public answers are cached until an event says they changed: wait for the events.
    const page = await waitFor(
      async () => {
        const p = ok(await gql<PublicPage>(PUBLIC, { draftId })).publicFeedback;
        return p.items.some((f) => f.id === submitted.feedbackId) && p.hidden.length > 0
          ? p
          : undefined;
      },
      { description: 'the published comment and the hidden count in the public view' },
    );
    const shown = page.items.find((f) => f.id === submitted.feedbackId);
    expect(shown?.text).not.toMatch(/0987|654 321|a\.b@example\.vn|001203004005/);
    expect(page.items.map((f) => f.id)).not.toContain(spam.feedbackId);
    expect(page.hidden).toContainEqual({ reason: 'SPAM', count: 1 });
    expect(shown?.answer).toBeNull();

    const ANSWER = `mutation($input: AnswerFeedbackInput!) { answerFeedback(input: $input) { feedbackIds } }`;
    const answer = {
      draftId,
      feedbackId: submitted.feedbackId,
      outcome: 'PARTLY_ACCEPTED',
      reason: 'Đã bổ sung đối tượng được giảm giá tại Điều 2.',
      changedArticleIds: ['a2'],
    };
    expect(code(await gql(ANSWER, { input: answer }, await otherEditor()))).toBe('FORBIDDEN');
    expect(code(await gql(ANSWER, { input: { ...answer, groupId: 'g1' } }, await editor()))).toBe(
      'BAD_USER_INPUT',
    );
    expect(
      ok(
        await gql<{ answerFeedback: { feedbackIds: string[] } }>(
          ANSWER,
          { input: answer },
          await editor(),
        ),
      ).answerFeedback.feedbackIds,
    ).toEqual([submitted.feedbackId]);
    // Answered, not yet published: citizens do not see it.
    const before = ok(await gql<PublicPage>(PUBLIC, { draftId })).publicFeedback.items;
    expect(before.find((f) => f.id === submitted.feedbackId)?.answer).toBeNull();
    const PUBLISH = `mutation($input: PublishFeedbackAnswersInput!) { publishFeedbackAnswers(input: $input) { feedbackIds } }`;
    expect(code(await gql(PUBLISH, { input: { draftId } }, partner))).toBe('FORBIDDEN');
    expect(
      ok(
        await gql<{ publishFeedbackAnswers: { feedbackIds: string[] } }>(
          PUBLISH,
          { input: { draftId } },
          await editor(),
        ),
      ).publishFeedbackAnswers.feedbackIds,
    ).toEqual([submitted.feedbackId]);
    const after = await waitFor(async () => {
      const items = ok(await gql<PublicPage>(PUBLIC, { draftId })).publicFeedback.items;
      return items.find((f) => f.id === submitted.feedbackId)?.answer ? items : undefined;
    });
    expect(after.find((f) => f.id === submitted.feedbackId)?.answer).toMatchObject({
      outcome: 'PARTLY_ACCEPTED',
      reason: answer.reason,
    });
  });

  it("lists a person's own comments, newest first, with their demographics and nobody else's", async () => {
    const MY = `query($ref: String, $first: Int, $after: String) {
      myFeedback(externalRef: $ref, first: $first, after: $after) {
        items { id text flagCount contact { channel } demographics { ethnicGroup } answer { outcome } }
        pageInfo { hasNextPage endCursor }
      }
    }`;
    type Mine = {
      myFeedback: {
        items: {
          id: string;
          text: string;
          flagCount: number;
          contact: { channel: string } | null;
          demographics: { ethnicGroup: string | null } | null;
          answer: { outcome: string } | null;
        }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const consent = { given: true, method: 'ONLINE', textVersion: 'v1' };
    const mine: string[] = [];
    for (const text of ['Của tôi một', 'Của tôi hai', 'Của tôi ba'])
      mine.push(
        ok(
          await gql<Submitted>(
            SUBMIT,
            {
              input: {
                draftId,
                ...comment({ text }),
                submitter: {},
                demographics: { ethnicGroup: 'mong', consent },
              },
            },
            await press(),
          ),
        ).submitFeedback.feedbackId,
      );
    // Someone else's comment, and an officer's record made for another person.
    ok(await gql(SUBMIT, { input: { draftId, ...comment({ text: 'Của người khác' }) } }));
    const first = ok(await gql<Mine>(MY, { first: 2 }, await press())).myFeedback;
    expect(first.items.map((f) => f.id)).toEqual([mine[2], mine[1]]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = ok(
      await gql<Mine>(MY, { first: 2, after: first.pageInfo.endCursor }, await press()),
    ).myFeedback;
    expect(rest.items.map((f) => f.id)).toEqual([mine[0]]);
    // Their own sensitive data is theirs to see (the agency never sees it per person).
    expect(first.items[0]).toMatchObject({ demographics: { ethnicGroup: 'mong' }, flagCount: 0 });
    // Another signed-in person sees none of them.
    const other = ok(await gql<Mine>(MY, {}, await officer())).myFeedback.items.map((f) => f.id);
    expect(other).not.toContain(mine[0]);

    // A partner system lists its user's comments by its own reference, and only its own.
    const ref = 'portal-user-mine';
    const viaPartner = ok(
      await gql<Submitted>(
        SUBMIT,
        { input: { draftId, ...comment({ text: 'Qua cổng', submitter: { externalRef: ref } }) } },
        partner,
      ),
    ).submitFeedback.feedbackId;
    expect(ok(await gql<Mine>(MY, { ref }, partner)).myFeedback.items.map((f) => f.id)).toEqual([
      viaPartner,
    ]);
    expect(ok(await gql<Mine>(MY, { ref: 'someone-else' }, partner)).myFeedback.items).toEqual([]);
    // Refused plainly: anonymous callers, a partner without a reference, junk references, junk
    // cursors and credentials.
    expect(code(await gql(MY, {}))).toBe('UNAUTHENTICATED');
    const noRef = await gql(MY, {}, partner);
    expect(code(noRef)).toBe('BAD_USER_INPUT');
    expect(noRef.errors?.[0]?.extensions?.fields?.map((f) => f.path)).toEqual(['externalRef']);
    expect(code(await gql(MY, { ref: 'x'.repeat(129) }, partner))).toBe('BAD_USER_INPUT');
    expect(code(await gql(MY, { first: 0 }, await press()))).toBe('BAD_USER_INPUT');
    expect(code(await gql(MY, { first: 100_000 }, await press()))).toBe('QUERY_TOO_COMPLEX');
    const junkCursor = await gql(MY, { after: 'not-a-cursor' }, await press());
    expect(code(junkCursor)).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(junkCursor)).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(code(await gql(MY, {}, { authorization: 'Bearer junk.junk.junk' }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(code(await gql(MY, { ref }, { 'x-api-key': 'pcn_demo-cong-ttdt_junk' }))).toBe(
      'UNAUTHENTICATED',
    );
    // Many aliases of it in one request are refused before any runs, with no data.
    const aliased = await gql(
      `query { ${Array.from({ length: 300 }, (_, i) => `m${i}: myFeedback(first: 100) { items { id } }`).join('\n')} }`,
      {},
      await press(),
    );
    expect(code(aliased)).toBe('QUERY_TOO_COMPLEX');
    expect(aliased.data ?? null).toBeNull();
  });

  it('lets a signed-in user flag a comment once', async () => {
    const target = ok(
      await gql<Submitted>(SUBMIT, { input: { draftId, ...comment({ text: 'Cờ' }) } }),
    ).submitFeedback;
    // Only published comments can be flagged: nobody else sees the others.
    const FLAG_FIRST = `mutation($input: FlagFeedbackInput!) { flagFeedback(input: $input) { flagCount } }`;
    expect(
      code(
        await gql(
          FLAG_FIRST,
          { input: { feedbackId: target.feedbackId, reason: 'SPAM' } },
          await press(),
        ),
      ),
    ).toBe('NOT_FOUND');
    ok(
      await gql(
        'mutation($input: ModerateFeedbackInput!) { moderateFeedback(input: $input) { id } }',
        { input: { feedbackId: target.feedbackId, decision: 'PUBLISH' } },
        await editor(),
      ),
    );
    const FLAG = `mutation($input: FlagFeedbackInput!) { flagFeedback(input: $input) { flagCount alreadyFlagged } }`;
    const input = { feedbackId: target.feedbackId, reason: 'OFFENSIVE' };
    expect(code(await gql(FLAG, { input }))).toBe('UNAUTHENTICATED');
    expect(ok(await gql(FLAG, { input }, await press()))).toEqual({
      flagFeedback: { flagCount: 1, alreadyFlagged: false },
    });
    expect(ok(await gql(FLAG, { input }, await press()))).toEqual({
      flagFeedback: { flagCount: 1, alreadyFlagged: true },
    });
  });

  it('refuses many aliased submissions in one request before any runs', async () => {
    const before = await countOf(draftId);
    const aliases = Array.from(
      { length: 200 },
      (_, i) => `s${i}: submitFeedback(input: $input) { feedbackId }`,
    ).join('\n');
    const res = await gql(`mutation($input: SubmitFeedbackInput!) { ${aliases} }`, {
      input: { draftId, ...comment() },
    });
    expect(code(res)).toBe('QUERY_TOO_COMPLEX');
    expect(await countOf(draftId)).toBe(before);
  });

  it('streams comment events to partner systems, never their text or submitter', async () => {
    type Live = {
      type: string;
      draftId: string;
      feedbackId: string;
      stance: string;
      channel: string;
    };
    const stream = subscribeSse<Live>(
      url,
      `subscription { feedbackEvents(draftId: "${draftId}") { id type draftId feedbackId stance channel } }`,
      'feedbackEvents',
      partner,
    );
    try {
      await waitFor(
        async () =>
          ((
            await gql<{ network: { liveSubscriptions: number } }>(
              '{ network { liveSubscriptions } }',
            )
          ).data?.network.liveSubscriptions ?? 0) >= 1,
        { description: 'the SSE subscription registered' },
      );
      const sent = ok(
        await gql<Submitted>(SUBMIT, {
          input: { draftId, ...comment({ stance: 'OPPOSE', text: 'Phản đối' }) },
        }),
      ).submitFeedback;
      const event = await waitFor(
        () => stream.received.find((e) => e.feedbackId === sent.feedbackId),
        {
          description: 'the FeedbackReceived event on the live stream',
        },
      );
      expect(event).toMatchObject({
        type: 'FEEDBACK_RECEIVED',
        draftId,
        stance: 'OPPOSE',
        channel: 'WEB',
      });
      expect(JSON.stringify(stream.received)).not.toMatch(/Phản đối|0912|Nguyễn/);
    } finally {
      stream.close();
      await stream.done;
    }
    // Other callers are refused before the stream starts.
    const denied = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'text/event-stream',
        ...(await press()),
      },
      body: JSON.stringify({ query: 'subscription { feedbackEvents { id } }' }),
    });
    expect(await denied.text()).toMatch(/FORBIDDEN/);
  });
});

describe('authorization matrix: every feedback mutation × every caller', () => {
  it('allows exactly the callers the rules name, and a denied call writes nothing', async () => {
    const draftId = await consultation('M');
    const callers: Record<string, Record<string, string>> = {
      anonymous: {},
      network_admin: await admin(),
      agency_editor_own: await editor(),
      agency_editor_other: await otherEditor(),
      unit_officer: await officer(),
      press_partner: await press(),
      partner_system: partner,
    };
    /** A comment of the draft, published when `published`. */
    const target = async (published: boolean) => {
      const { feedbackId } = ok(
        await gql<Submitted>(SUBMIT, { input: { draftId, ...comment({ text: 'Mục tiêu' }) } }),
      ).submitFeedback;
      if (published)
        ok(
          await gql(
            'mutation($input: ModerateFeedbackInput!) { moderateFeedback(input: $input) { id } }',
            { input: { feedbackId, decision: 'PUBLISH' } },
            await editor(),
          ),
        );
      return feedbackId;
    };
    /** What a denied call must not have changed: the comments and their states and answers. */
    const snapshot = async () => {
      const items: Listed['feedback']['items'] = [];
      let after: string | null = null;
      do {
        const page: Listed['feedback'] = ok(
          await gql<Listed>(LIST, { filter: { draftId }, after }, await admin()),
        ).feedback;
        items.push(...page.items);
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      return JSON.stringify(items.map((f) => [f.id, f.state, f.answer]));
    };
    const signedInUsers = [
      'network_admin',
      'agency_editor_own',
      'agency_editor_other',
      'unit_officer',
      'press_partner',
    ];
    const mutations: Record<
      string,
      {
        allowed: string[];
        published: boolean;
        query: string;
        vars: (id: string, n: number) => Record<string, unknown>;
        /** The call's target when not one of the draft's comments. */
        target?: (n: number) => Promise<string>;
      }
    > = {
      submitFeedback: {
        allowed: Object.keys(callers),
        published: false,
        query: SUBMIT,
        vars: (_id, n) => ({
          input: {
            draftId,
            ...comment({
              text: `Ma trận ${n}`,
              submitter: {
                externalRef: `m-${n}`,
                name: 'Lò Thị B',
                contact: { channel: 'EMAIL', address: `b${n}@example.vn` },
              },
            }),
          },
        }),
      },
      importFeedback: {
        allowed: ['network_admin', 'agency_editor_own', 'unit_officer'],
        published: false,
        query: IMPORT,
        vars: (_id, n) => ({
          input: {
            draftId,
            items: [recorded({ idempotencyKey: `matrix-${n}`, unitId: 'lc-xa-y-ty' })],
          },
        }),
      },
      moderateFeedback: {
        allowed: ['network_admin', 'agency_editor_own'],
        published: false,
        query:
          'mutation($input: ModerateFeedbackInput!) { moderateFeedback(input: $input) { id } }',
        vars: (id) => ({ input: { feedbackId: id, decision: 'HIDE', reason: 'OFF_TOPIC' } }),
      },
      flagFeedback: {
        allowed: signedInUsers,
        published: true,
        query: 'mutation($input: FlagFeedbackInput!) { flagFeedback(input: $input) { flagCount } }',
        vars: (id) => ({ input: { feedbackId: id, reason: 'SPAM' } }),
      },
      answerFeedback: {
        allowed: ['network_admin', 'agency_editor_own'],
        published: false,
        query:
          'mutation($input: AnswerFeedbackInput!) { answerFeedback(input: $input) { feedbackIds } }',
        vars: (id) => ({
          input: { draftId, feedbackId: id, outcome: 'NOTED', reason: 'Đã ghi nhận.' },
        }),
      },
      publishFeedbackAnswers: {
        allowed: ['network_admin', 'agency_editor_own'],
        published: false,
        query:
          'mutation($input: PublishFeedbackAnswersInput!) { publishFeedbackAnswers(input: $input) { feedbackIds } }',
        vars: (id) => ({ input: { draftId, feedbackIds: [id] } }),
      },
      // Once per draft and after the close: each caller gets a closed consultation of its own.
      publishSynthesis: {
        allowed: ['network_admin', 'agency_editor_own'],
        published: false,
        query:
          'mutation($draftId: ID!) { publishSynthesis(draftId: $draftId) { report { status } } }',
        vars: (id) => ({ draftId: id }),
        target: async (n) => closedConsultation(`M${n}`),
      },
    };
    const problems: string[] = [];
    let n = 0;
    for (const [name, m] of Object.entries(mutations)) {
      for (const [role, headers] of Object.entries(callers)) {
        n += 1;
        const id = m.target ? await m.target(n) : await target(m.published);
        if (name === 'publishFeedbackAnswers')
          ok(
            await gql(
              'mutation($input: AnswerFeedbackInput!) { answerFeedback(input: $input) { feedbackIds } }',
              { input: { draftId, feedbackId: id, outcome: 'NOTED', reason: 'Đã ghi nhận.' } },
              await editor(),
            ),
          );
        const before = await snapshot();
        const res = await gql(m.query, m.vars(id, n), headers);
        const got = code(res) ?? 'OK';
        if (m.allowed.includes(role)) {
          if (got !== 'OK')
            problems.push(
              `${name} × ${role}: ${got} (${res.errors?.[0]?.message}), expected success`,
            );
          continue;
        }
        if (!['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'].includes(got))
          problems.push(`${name} × ${role}: ${got}, expected a refusal`);
        if ((await snapshot()) !== before) problems.push(`${name} × ${role}: a denied call wrote`);
        if (name === 'publishSynthesis') {
          // Nothing was published: the report is still the agency's, not anyone's.
          const report = await gql(
            'query($draftId: ID!) { synthesisReport(draftId: $draftId) { publishedAt } }',
            { draftId: id },
          );
          if (code(report) !== 'NOT_FOUND')
            problems.push(`${name} × ${role}: a denied call published the report`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);
});

describe('comments by SMS, Zalo and paper forms', () => {
  let draftId: string;
  const base = () => url.replace('/graphql', '');
  beforeAll(async () => {
    draftId = await consultation('SMS');
  }, 60_000);

  const sms = (body: Record<string, unknown>, secret = HOOK_SECRET) =>
    fetch(`${base()}/hooks/sms/inbound`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pcn-hook-secret': secret },
      body: JSON.stringify(body),
    });

  async function byId(id: string) {
    let after: string | null = null;
    do {
      const page: Listed['feedback'] = ok(
        await gql<Listed>(LIST, { filter: { draftId }, after }, await admin()),
      ).feedback;
      const found = page.items.find((f) => f.id === id);
      if (found) return found;
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    return undefined;
  }

  it('takes a GY text message once, citing the draft by code in any case and the article by number', async () => {
    const message = {
      from: '0912 000 111',
      text: 'gy qd-fb-sms D2 De nghi mien ve cho nguoi gia',
      messageId: 'prov-1',
    };
    const res = await sms(message);
    expect(res.status).toBe(200);
    const first = (await res.json()) as {
      accepted: boolean;
      feedbackId: string;
      receiptCode: string;
    };
    expect(first).toMatchObject({ accepted: true });
    // The provider sends it again: the same comment.
    const again = (await (await sms(message)).json()) as { feedbackId: string };
    expect(again.feedbackId).toBe(first.feedbackId);
    const stored = await byId(first.feedbackId);
    expect(stored).toMatchObject({ channel: 'SMS', submitterVia: 'ANONYMOUS' });
    expect(stored?.contact).toEqual({ channel: 'SMS', address: '+84912000111' });
    expect(stored?.text).toBe('De nghi mien ve cho nguoi gia');
  });

  it('answers a malformed or refused GY with a reply, and records nothing', async () => {
    const before = await countOf(draftId);
    const malformed = (await (
      await sms({ from: '0912000111', text: 'GY', messageId: 'prov-2' })
    ).json()) as {
      accepted: boolean;
      reply: { vi: string; en: string };
    };
    expect(malformed.accepted).toBe(false);
    expect(malformed.reply.vi).toMatch(/GY/);
    const unknownCode = (await (
      await sms({ from: '0912000111', text: 'GY QD-KHONG-CO ý kiến', messageId: 'prov-3' })
    ).json()) as { accepted: boolean; reply: { en: string } };
    expect(unknownCode).toMatchObject({ accepted: false });
    expect(unknownCode.reply.en).toMatch(/code/);
    const unknownArticle = (await (
      await sms({ from: '0912000111', text: 'GY QD-FB-SMS D9 ý kiến', messageId: 'prov-4' })
    ).json()) as { accepted: boolean; reply: { en: string } };
    expect(unknownArticle).toMatchObject({ accepted: false });
    expect(unknownArticle.reply.en).toMatch(/article/);
    expect(await countOf(draftId)).toBe(before);
    // Not a comment: it goes on to the notification service (not running in this test).
    const stop = await sms({ from: '0912000111', text: 'STOP', messageId: 'prov-5' });
    expect(stop.status).toBe(503);
    expect(JSON.stringify(await stop.json())).toMatch(/notification service/);
    // A wrong hook secret reaches nothing.
    expect(
      (
        await sms(
          { from: '0912000111', text: 'GY QD-FB-SMS x', messageId: 'p6' },
          'wrong-secret-wrong-secret-wrong-secret',
        )
      ).status,
    ).toBe(403);
    expect(await countOf(draftId)).toBe(before);
  });

  it("takes a GY message from Zalo only with Zalo's signature", async () => {
    const timestamp = String(Date.now());
    const event = JSON.stringify({
      app_id: ZALO_APP_ID,
      user_id_by_app: '552177279717587730',
      event_name: 'user_send_text',
      timestamp,
      sender: { id: '246845883529197922' },
      recipient: { id: '388613280878808645' },
      message: { text: 'GY QD-FB-SMS D1 Gia ve nen giu nguyen', msg_id: 'zalo-msg-1' },
    });
    const mac = (body: string) =>
      createHash('sha256')
        .update(ZALO_APP_ID + body + timestamp + ZALO_SECRET)
        .digest('hex');
    const post = (body: string, signature: string) =>
      fetch(`${base()}/hooks/zalo/inbound`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-zevent-signature': `mac=${signature}` },
        body,
      });
    const before = await countOf(draftId);
    expect((await post(event, mac(event.replace('giu', 'tang')))).status).toBe(401);
    expect((await post(event.replace('giu', 'tang'), mac(event))).status).toBe(401);
    expect(await countOf(draftId)).toBe(before);
    const res = await post(event, mac(event));
    expect(res.status).toBe(200);
    const taken = (await res.json()) as { accepted: boolean; feedbackId: string };
    expect(taken.accepted).toBe(true);
    // Zalo resends: the same comment.
    expect(
      ((await (await post(event, mac(event))).json()) as { feedbackId: string }).feedbackId,
    ).toBe(taken.feedbackId);
    expect(await byId(taken.feedbackId)).toMatchObject({ channel: 'ZALO' });
    expect((await byId(taken.feedbackId))?.contact).toEqual({
      channel: 'ZALO',
      address: '246845883529197922',
    });
    // Not a comment: it goes on to the notification service (not running in this test), and
    // Zalo is asked to send it again rather than told it was handled.
    const stop = event.replace('GY QD-FB-SMS D1 Gia ve nen giu nguyen', 'STOP');
    const refused = await post(stop, mac(stop));
    expect(refused.status).toBe(503);
    expect(JSON.stringify(await refused.json())).toMatch(/notification service/);
  });

  it('imports paper forms from CSV: a dry run first, then once, row problems named, legacy encodings refused', async () => {
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(
      new Date(),
    );
    const [y, m, d] = today.split('-');
    const csv =
      '\uFEFFSTT;Mã dự thảo;Điều;Loại ý kiến;Nội dung ý kiến;Họ tên;Ngày nhận;Đồng ý cung cấp;Dân tộc;Số phiếu;Mã đơn vị\r\n' +
      `1;qd-fb-sms;2;Ủng hộ;Đồng ý với mức miễn giá;Lò Văn A;${d}/${m}/${y};có;tay;XA-001;lc-xa-y-ty\r\n` +
      `2;QD-FB-SMS;;Câu hỏi;"=HYPERLINK(""http://x"")\nKhi nào áp dụng?";;${today};;;XA-002;lc-xa-y-ty\r\n` +
      `3;QD-FB-SMS;7;Ủng hộ;Điều không có;;${today};;;XA-003;lc-xa-y-ty\r\n` +
      `4;QD-FB-SMS;1;không rõ;Loại sai;;${today};;;XA-004;lc-xa-y-ty\r\n`;
    const upload = (body: string | Blob, headers: Record<string, string>, dryRun: boolean) =>
      fetch(`${base()}/imports/feedback?dryRun=${dryRun}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv; charset=utf-8', ...headers },
        body,
      });
    type Report = {
      accepted: number;
      rejected: number;
      results: { row: number; outcome: string; problems: { field: string }[] }[];
      problems: { field: string }[];
    };
    const before = await countOf(draftId);
    expect((await upload(csv, {}, true)).status).toBe(401);
    const dry = (await (await upload(csv, await officer(), true)).json()) as Report;
    expect(dry).toMatchObject({ accepted: 2, rejected: 2 });
    expect(dry.problems.map((p) => p.field)).toEqual(['rows[3].stance']);
    expect(dry.results.find((r) => r.row === 2)?.problems.map((p) => p.field)).toEqual([
      'rows[2].articleNumber',
    ]);
    expect(await countOf(draftId)).toBe(before);
    const real = (await (await upload(csv, await officer(), false)).json()) as Report;
    expect(real).toMatchObject({ accepted: 2, rejected: 2 });
    const again = (await (await upload(csv, await officer(), false)).json()) as Report & {
      alreadyKnown: number;
    };
    expect(again).toMatchObject({ accepted: 0, alreadyKnown: 2 });
    expect(await countOf(draftId)).toBe(before + 2);

    // TCVN3 text (Vietnamese typed in an ABC font) is refused whole, naming the encoding.
    const tcvn3 = new Uint8Array(
      Buffer.from(`Mã dự thảo;Loại ý kiến;Nội dung ý kiến;Ngày nhận\nQD-FB-SMS;support;`, 'utf8'),
    );
    const legacy = Buffer.concat([
      Buffer.from(tcvn3),
      Buffer.from([
        0xae, 0xb8, 0x20, 0x6e, 0x67, 0x68, 0xd6, 0x20, 0x67, 0x69, 0xb6, 0x6d, 0x20, 0x70, 0x68,
        0xcd,
      ]),
      Buffer.from(`;${today}\n`),
    ]);
    const refused = await upload(new Blob([legacy]), await officer(), false);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toMatch(/UTF-8/);
    expect(await countOf(draftId)).toBe(before + 2);
    // More than one gRPC call carries (GRPC_MAX_MESSAGE_BYTES, 4 MiB): a clear 413, nothing written.
    const long = 'Ý kiến dài về giá vé đò ngang cho người dân vùng cao. '.repeat(100);
    const big =
      'Mã dự thảo;Loại ý kiến;Nội dung ý kiến;Ngày nhận;Số phiếu;Mã đơn vị\n' +
      Array.from(
        { length: 1000 },
        (_, i) => `QD-FB-SMS;support;"${long}";${today};BIG-${i};lc-xa-y-ty`,
      ).join('\n');
    expect(Buffer.byteLength(big)).toBeGreaterThan(4 * 1024 * 1024);
    const tooBig = await upload(big, await officer(), false);
    expect(tooBig.status).toBe(413);
    expect(JSON.stringify(await tooBig.json())).toMatch(/GRPC_MAX_MESSAGE_BYTES/);
    expect(await countOf(draftId)).toBe(before + 2);
    // Not CSV: refused before reading.
    expect(
      (await upload('{}', { ...(await officer()), 'content-type': 'application/json' }, false))
        .status,
    ).toBe(415);
  });
});

describe('caps on anonymous comments', () => {
  it('caps one contact point whatever its spelling, and not the same person signed in or through a partner', async () => {
    const draftId = await consultation('CAP');
    const spellings = [
      '0912 444 555',
      '+84912444555',
      '+84 912 444 555',
      '0912.444.555',
      '84-912-444-555',
      '(+84) 912444555',
    ];
    const results = [];
    for (const [i, address] of spellings.entries())
      results.push(
        await gql<Submitted>(SUBMIT, {
          input: {
            draftId,
            ...comment({
              text: `Ý kiến ${i}`,
              submitter: { name: 'A', contact: { channel: 'SMS', address } },
            }),
          },
        }),
      );
    // The first error says why, should one of the first five ever be refused.
    expect(
      results.slice(0, 5).map(code),
      JSON.stringify(results.find((r) => r.errors)?.errors?.[0] ?? null),
    ).toEqual([undefined, undefined, undefined, undefined, undefined]);
    const refused = results[5]?.errors?.[0];
    expect(refused?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      reason: 'TOO_MANY_COMMENTS_FROM_CONTACT',
    });
    expect(Number(refused?.extensions?.retryAfterSeconds)).toBeGreaterThan(0);
    expect(refused?.message).not.toMatch(/912/);
    // An e-mail is one address in any case.
    for (let i = 0; i < 5; i++)
      ok(
        await gql(SUBMIT, {
          input: {
            draftId,
            ...comment({
              text: `Thư ${i}`,
              submitter: {
                name: 'B',
                contact: {
                  channel: 'EMAIL',
                  address: i % 2 ? 'Victim@Example.VN' : 'victim@example.vn',
                },
              },
            }),
          },
        }),
      );
    expect(
      code(
        await gql(SUBMIT, {
          input: {
            draftId,
            ...comment({
              text: 'Thư 6',
              submitter: { name: 'B', contact: { channel: 'EMAIL', address: 'VICTIM@EXAMPLE.VN' } },
            }),
          },
        }),
      ),
    ).toBe('RATE_LIMITED');
    // A partner system's user with that number is not anonymous: no cap here.
    ok(
      await gql(
        SUBMIT,
        {
          input: {
            draftId,
            ...comment({
              text: 'Qua cổng',
              submitter: { externalRef: 'u-9', contact: { channel: 'SMS', address: '0912444555' } },
            }),
          },
        },
        partner,
      ),
    );
  });

  it('caps one client address however many contact points it names', async () => {
    const draftId = await consultation('CAP2');
    let refused: GraphQLResponse<unknown> | undefined;
    for (let i = 0; i < 320 && !refused; i++) {
      const res = await gql(SUBMIT, { input: { draftId, ...comment({ text: `Lũ ${i}` }) } });
      if (res.errors) refused = res;
    }
    expect(refused?.errors?.[0]?.extensions).toMatchObject({
      code: 'RATE_LIMITED',
      reason: 'TOO_MANY_COMMENTS_FROM_CLIENT',
    });
    // Signed-in people from that address still comment.
    ok(
      await gql(
        SUBMIT,
        { input: { draftId, ...comment({ text: 'Đã đăng nhập', submitter: null }) } },
        await press(),
      ),
    );
  }, 120_000);
});

describe('duplicate groups and campaigns through the gateway', () => {
  it('groups near copies just after intake, shows the group size and campaign flag, and filters campaigns', async () => {
    const draftId = await consultation('GRP');
    const copies = [
      'Chúng tôi phản đối việc tăng giá vé đò ngang vì người dân vùng cao còn nhiều khó khăn.',
      'Tôi là Lò Văn C ở xã Y Tý. Chung toi phan doi viec tang gia ve do ngang vi nguoi dan vung cao con nhieu kho khan',
      'chúng tôi phản đối tăng giá vé đò ngang vì người dân vùng cao còn khó khăn',
    ];
    const ids: string[] = [];
    // Through the partner: the anonymous caps of this address were filled by the test before.
    const viaPartner = async (text: string, stance: string, ref: string) =>
      ok(
        await gql<Submitted>(
          SUBMIT,
          { input: { draftId, ...comment({ text, stance, submitter: { externalRef: ref } }) } },
          partner,
        ),
      ).submitFeedback.feedbackId;
    for (const [i, text] of copies.entries())
      ids.push(await viaPartner(text, 'OPPOSE', `grp-${i}`));
    const own = await viaPartner(
      'Đề nghị bổ sung quy định về áo phao cho hành khách trên đò.',
      'SUGGEST_CHANGE',
      'grp-own',
    );
    type Grouped = {
      feedback: {
        items: { id: string; group: { id: string; size: number; campaign: boolean } | null }[];
      };
    };
    const GROUPS = `query($filter: FeedbackFilter!) { feedback(filter: $filter, first: 100) { items { id group { id size campaign } } } }`;
    const items = await waitFor(
      async () => {
        const listed = ok(await gql<Grouped>(GROUPS, { filter: { draftId } }, await editor()))
          .feedback.items;
        return listed.length === 4 && listed.every((f) => f.group) ? listed : undefined;
      },
      { description: 'every comment grouped' },
    );
    const groupOf = (id: string) => items.find((f) => f.id === id)?.group;
    expect(new Set(ids.map((id) => groupOf(id)?.id)).size).toBe(1);
    expect(groupOf(ids[0] ?? '')).toMatchObject({ size: 3, campaign: true });
    expect(groupOf(own)).toMatchObject({ size: 1, campaign: false });
    const campaigns = ok(
      await gql<Grouped>(GROUPS, { filter: { draftId, campaign: true } }, await editor()),
    ).feedback.items.map((f) => f.id);
    expect(campaigns.sort()).toEqual([...ids].sort());
  });
});

describe('junk credentials and junk reads', () => {
  it('refuses junk tokens and API keys on every feedback door, and writes nothing', async () => {
    const draftId = await consultation('JUNK');
    const before = await countOf(draftId);
    const junk: Record<string, string>[] = [
      { authorization: 'Bearer not.a.jwt' },
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
      { 'x-api-key': 'pcn_demo-cong-ttdt_junk' },
      { 'x-api-key': `${DEMO_PARTNER_API_KEY}x` },
    ];
    for (const headers of junk) {
      const submitted = await gql(
        SUBMIT,
        { input: { draftId, ...comment({ submitter: { externalRef: 'u-1' } }) } },
        headers,
      );
      expect(code(submitted), JSON.stringify(headers)).toBe('UNAUTHENTICATED');
      const imported = await gql(IMPORT, { input: { draftId, items: [recorded()] } }, headers);
      expect(code(imported)).toBe('UNAUTHENTICATED');
      const csv = await fetch(`${url.replace('/graphql', '')}/imports/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv', ...headers },
        body: 'Mã dự thảo;Loại ý kiến;Nội dung ý kiến;Ngày nhận\nQD-FB-JUNK;support;x;2026-12-01\n',
      });
      expect(csv.status).toBe(401);
    }
    expect(await countOf(draftId)).toBe(before);
  });

  it('answers junk public reads with coded errors, not stack traces', async () => {
    const unknown = await gql(PUBLIC, { draftId: 'no-such-draft' });
    expect(code(unknown)).toBe('NOT_FOUND');
    const cursor = await gql(
      'query($d: ID!, $a: String) { publicFeedback(draftId: $d, after: $a) { items { id } } }',
      { d: 'no-such-draft', a: 'x'.repeat(600) },
    );
    expect(code(cursor)).toBe('BAD_USER_INPUT');
    const page = await gql('{ publicFeedback(draftId: "x", first: 100000) { items { id } } }');
    expect(['BAD_USER_INPUT', 'QUERY_TOO_COMPLEX']).toContain(code(page));
    for (const res of [unknown, cursor, page])
      expect(JSON.stringify(res.errors)).not.toMatch(/\.ts:\d+|at \w+ \(/);
  });
});

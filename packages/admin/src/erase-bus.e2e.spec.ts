import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ops } from '@pcn/contracts';
import { callUnary, createGrpcClient } from '@pcn/platform';
import {
  startNatsServer,
  tempDir,
  uniquePrefix,
  waitFor,
  type NatsServer,
  type TempDir,
} from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from './exit-codes.js';
import { bearer } from './infra/operator-client.js';
import { graphqlClient, ok, type GraphQLClient } from './testing/graphql.test-helper.js';
import {
  OPERATOR_SECRET,
  runAdmin,
  startBackends,
  type TestNetwork,
} from './testing/network.test-helper.js';

// pcn-admin erase reaches the bus (Law 91/2025): the person's comments put their reply address
// (email, phone, a partner's reference) on the FEEDBACK stream, which keeps events a year. After
// erasure not one byte of it is left in the nats-server's JetStream store directory (this test
// starts its own server to read it), nor in the SQLite files, while the comments still count in
// the synthesis. Also: a person known only to a partner system, erased by client id and reference.
const PERSON = 'Vang.Thi.Dua@Example.vn';
const PERSON_STORED = 'vang.thi.dua@example.vn';
const PHONE = '0987654321';
const PHONE_E164 = '+84987654321';
const NAME = 'Vàng Thị Dua Erasable';
const PARTNER_REF = 'portal-citizen-7f3a9c21';
const OTHER = 'ly.a.pao@example.vn';

let nats: NatsServer;
let dir: TempDir;
let network: TestNetwork;
let gql: GraphQLClient['gql'];
let as: GraphQLClient['as'];
let openConsultation: GraphQLClient['openConsultation'];
let env: Record<string, string>;
let draftId: string;
let partnerKey: string;
let partnerId: string;

/** Every byte of every file under `root`, as one Latin-1 string. */
function bytesUnder(root: string): string {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => readFileSync(join(e.parentPath, e.name)).toString('latin1'))
    .join('\n');
}
const jetStreamBytes = () => bytesUnder(nats.storeDir);
const sqliteBytes = () =>
  readdirSync(dir.path)
    .filter((f) => /\.db(-wal)?$/.test(f))
    .map((f) => readFileSync(join(dir.path, f)).toString('latin1'))
    .join('\n');
const utf8InLatin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

const SUBMIT = `mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { feedbackId } }`;
const REPORT = `query($draftId: ID!) { synthesisReport(draftId: $draftId) { all { received } } }`;
const MINE = `query($r: String) { myFeedback(externalRef: $r) { items { id } } }`;

type Erasure = {
  dryRun: boolean;
  services: {
    service: string;
    outcome: string;
    erased: { kind: string; count: number }[];
    streamMessages: { stream: string; seq: number; subject: string }[];
  }[];
};
const feedbackOf = (report: Erasure) => report.services.find((s) => s.service === 'feedback');
const countsOf = (report: Erasure) =>
  Object.fromEntries(
    report.services.map((s) => [
      s.service,
      Object.fromEntries(s.erased.map((e) => [e.kind, e.count])),
    ]),
  );

beforeAll(async () => {
  // A server of its own, to read its JetStream store directory.
  nats = await startNatsServer();
  dir = await tempDir('pcn-admin-erase-bus-');
  network = await startBackends({
    natsUrl: nats.url,
    busPrefix: uniquePrefix('erasebus'),
    dataDir: dir,
    gatewayDir: dir,
    gatewayEnv: { DEMO_DATA: 'true', RATE_LIMIT_PER_MINUTE: '100000' },
    operatorSecretOnBackends: true,
  });
  env = { ...network.env, OPERATOR_SECRET };
  ({ gql, as, openConsultation } = graphqlClient(network.graphqlUrl ?? ''));
}, 90_000);

afterAll(async () => {
  await network?.stop();
  await dir?.remove();
  await nats?.stop();
});

describe('pcn-admin erase on the bus', () => {
  it('sets up a person whose comments put their email, phone and partner reference on the bus', async () => {
    const editor = await as('editor.stp@demo.pcn.vn');
    draftId = await openConsultation(editor, 'QD-ERASE-BUS-01', 'Dự thảo quy định phí chợ');
    const comment = (text: string, name: string, channel: 'EMAIL' | 'SMS', address: string) => ({
      input: {
        draftId,
        articleId: 'a1',
        stance: 'OPPOSE',
        text,
        language: 'vi',
        submitter: { name, contact: { channel, address } },
      },
    });
    // The feedback service learns the consultation from the draft stream.
    await waitFor(
      async () =>
        (await gql(SUBMIT, comment('Phí chợ quá cao.', NAME, 'EMAIL', PERSON))).data
          ?.submitFeedback,
      { timeoutMs: 30_000, description: 'the feedback service knowing the consultation' },
    );
    ok(await gql(SUBMIT, comment('Nên miễn phí cho hộ nghèo.', NAME, 'SMS', PHONE)));
    ok(await gql(SUBMIT, comment('Đồng ý.', 'Lý A Páo', 'EMAIL', OTHER)));

    // A partner system (a real API client) comments for its user, known to it by its reference.
    const key = await runAdmin(
      [
        'keys',
        'create',
        '--name',
        'Ứng dụng công dân',
        '--organization',
        'org-cong-ttdt',
        '--role',
        'partner_system',
        '--json',
      ],
      env,
    );
    expect(key.code).toBe(ExitCode.Ok);
    ({
      key: partnerKey,
      client: { id: partnerId },
    } = key.json<{
      key: string;
      client: { id: string };
    }>());
    const partner = { 'x-api-key': partnerKey };
    ok(
      await gql(
        SUBMIT,
        {
          input: {
            draftId,
            articleId: 'a1',
            stance: 'SUPPORT',
            text: 'Ủng hộ.',
            language: 'vi',
            submitter: { externalRef: PARTNER_REF },
          },
        },
        partner,
      ),
    );
    expect(
      ok(await gql<{ myFeedback: { items: unknown[] } }>(MINE, { r: PARTNER_REF }, partner))
        .myFeedback.items,
    ).toHaveLength(1);

    // The reply addresses reach the JetStream store: the very bytes the erasure must remove.
    await waitFor(
      () => {
        const bytes = jetStreamBytes();
        return (
          bytes.includes(PERSON_STORED) &&
          bytes.includes(PHONE_E164) &&
          bytes.includes(PARTNER_REF) &&
          bytes.includes(OTHER)
        );
      },
      { timeoutMs: 30_000, description: 'FeedbackReceived events on the FEEDBACK stream' },
    );
  }, 90_000);

  it('refuses a hostile partner subject: the CLI with exit 2, the operator API with INVALID_ARGUMENT', async () => {
    for (const args of [
      ['--partner', partnerId],
      ['--external-ref', PARTNER_REF],
      ['--partner', 'Not A Client', '--external-ref', PARTNER_REF],
      ['--partner', partnerId, '--external-ref', '   '],
      ['--partner', partnerId, '--external-ref', 'r'.repeat(129)],
      ['--partner', partnerId, '--external-ref', 'ref\u0000x'],
      ['--partner', partnerId, '--external-ref', PARTNER_REF, '--email', PERSON],
    ]) {
      const run = await runAdmin(['erase', ...args], env);
      expect(run.code, args.join(' ')).toBe(ExitCode.Usage);
      expect(run.stderr, args.join(' ')).toMatch(/partner|external|exactly one/i);
    }

    // Straight to a backend's OpsService, past the CLI's own checks.
    const client = createGrpcClient(ops.OpsServiceClient, env['FEEDBACK_GRPC_ADDRESS']!, {
      audience: 'feedback',
      interceptors: [bearer(OPERATOR_SECRET)],
    });
    try {
      for (const [partnerUser, message] of [
        [{ clientId: '', externalRef: PARTNER_REF }, /client_id: is required/],
        [{ clientId: partnerId, externalRef: '' }, /external_ref: is required/],
        [{ clientId: 'x'.repeat(65), externalRef: PARTNER_REF }, /client_id: must be/],
        [{ clientId: partnerId, externalRef: 'r'.repeat(5000) }, /at most 128 characters/],
        [{ clientId: partnerId, externalRef: 'a\r\nb' }, /control characters/],
      ] as const) {
        const call = callUnary(client.erasePersonalData.bind(client), {
          subject: { $case: 'partnerUser', value: partnerUser },
          dryRun: true,
        });
        // callUnary gives back the service's INVALID_ARGUMENT status as the platform's error.
        await expect(call, JSON.stringify(partnerUser).slice(0, 80)).rejects.toMatchObject({
          code: 'INVALID_ARGUMENT',
          message: expect.stringMatching(message) as string,
        });
      }
    } finally {
      client.close();
    }
  });

  it('a dry run lists the stream messages it would erase and changes nothing', async () => {
    const run = await runAdmin(
      ['erase', '--partner', partnerId, '--external-ref', PARTNER_REF, '--dry-run', '--json'],
      env,
    );
    expect(run.code).toBe(ExitCode.Ok);
    const report = run.json<Erasure>();
    expect(countsOf(report)['feedback']).toEqual({ comments: 1, 'stream messages': 1 });
    expect(feedbackOf(report)?.streamMessages).toEqual([
      {
        stream: expect.stringMatching(/_FEEDBACK$/) as string,
        seq: expect.any(Number) as number,
        subject: 'pcn.feedback.v1.FeedbackReceived',
      },
    ]);
    expect(jetStreamBytes()).toContain(PARTNER_REF);
  });

  it('erases the email, the phone and the partner user from the bus; the comments still count', async () => {
    const byEmail = await runAdmin(['erase', '--email', PERSON], env);
    expect(byEmail.code).toBe(ExitCode.Ok);
    expect(byEmail.stdout).toMatch(/^feedback\s+done\s+stream messages\s+1\s*$/m);
    expect(byEmail.stdout).toMatch(/Stream messages erased \(bytes overwritten\):/);
    expect(byEmail.stdout).toMatch(
      /^feedback\s+\S+_FEEDBACK\s+\d+\s+pcn\.feedback\.v1\.FeedbackReceived/m,
    );

    const byPhone = await runAdmin(['erase', '--phone', PHONE, '--json'], env);
    expect(byPhone.code).toBe(ExitCode.Ok);
    expect(countsOf(byPhone.json<Erasure>())['feedback']).toEqual({
      comments: 1,
      'stream messages': 1,
    });

    const byPartner = await runAdmin(
      ['erase', '--partner', partnerId, '--external-ref', PARTNER_REF, '--json'],
      env,
    );
    expect(byPartner.code).toBe(ExitCode.Ok);
    const partnerReport = byPartner.json<Erasure>();
    expect(countsOf(partnerReport)).toMatchObject({
      feedback: { comments: 1, 'stream messages': 1 },
      notification: { subscribers: 0 },
      gateway: { accounts: 0 },
    });
    expect(feedbackOf(partnerReport)?.streamMessages).toHaveLength(1);

    // Not one byte left in the JetStream store, nor in the services' SQLite files.
    const bus = jetStreamBytes();
    expect(bus).toContain(OTHER); // the control: the grep sees what is still there
    expect(bus.toLowerCase()).not.toContain(PERSON_STORED);
    expect(bus).not.toContain(PHONE_E164);
    expect(bus).not.toContain(PHONE);
    expect(bus).not.toContain(utf8InLatin1(NAME));
    expect(bus).not.toContain(PARTNER_REF);
    const stores = sqliteBytes();
    expect(stores).toContain(OTHER);
    expect(stores.toLowerCase()).not.toContain(PERSON_STORED);
    expect(stores).not.toContain(PHONE_E164);
    expect(stores).not.toContain(PARTNER_REF);

    // The partner's user has no comments left to list; all four still count in the synthesis.
    const mine = ok(
      await gql<{ myFeedback: { items: unknown[] } }>(
        MINE,
        { r: PARTNER_REF },
        { 'x-api-key': partnerKey },
      ),
    );
    expect(mine.myFeedback.items).toHaveLength(0);
    const admin = await as('admin@demo.pcn.vn');
    const synthesis = ok(
      await gql<{ synthesisReport: { all: { received: number } } }>(REPORT, { draftId }, admin),
    ).synthesisReport;
    expect(synthesis.all.received).toBe(4);

    // The audit names the stream messages erased, never the person.
    const audit = await runAdmin(['audit', '--json'], env);
    expect(audit.stdout).not.toContain(PARTNER_REF);
    const records = audit
      .json<{
        records: { action: string; services?: { service: string; streamMessages: string[] }[] }[];
      }>()
      .records.filter((r) => r.action === 'personal-data-erased');
    expect(records).toHaveLength(3);
    for (const r of records)
      expect(r.services?.find((s) => s.service === 'feedback')?.streamMessages).toEqual([
        expect.stringMatching(/_FEEDBACK:\d+$/) as string,
      ]);

    // Again: nothing left anywhere, on the bus either.
    const again = await runAdmin(
      ['erase', '--partner', partnerId, '--external-ref', PARTNER_REF, '--json'],
      env,
    );
    expect(again.code).toBe(ExitCode.Ok);
    const counts = again.json<Erasure>().services.flatMap((s) => s.erased.map((e) => e.count));
    expect(counts.every((c) => c === 0)).toBe(true);
  }, 90_000);
});

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir, uniquePrefix, waitFor, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ExitCode } from './exit-codes.js';
import { graphqlClient, ok, type GraphQLClient } from './testing/graphql.test-helper.js';
import {
  OPERATOR_SECRET,
  runAdmin,
  startBackends,
  type TestNetwork,
} from './testing/network.test-helper.js';

// pcn-admin erase (Law 91/2025) against the whole network as processes (built dist/main.js), on
// one nats-server and SQLite files of their own: a person who subscribed (notification), commented
// (feedback) and has an account (gateway) is erased everywhere; their comment still counts.
const PERSON = 'Lo.Thi.Mai@Example.vn';
const PERSON_STORED = 'lo.thi.mai@example.vn';
const PHONE = '0912345678';
const PHONE_E164 = '+84912345678';
const NAME = 'Lò Thị Mai Erasable';
const OTHER = 'hang.a.chu@example.vn';
const PASSWORD = 'Ruộng-bậc-thang-Mù-Cang-Chải-2026';

let dir: TempDir;
let network: TestNetwork;
let env: Record<string, string>;
let draftId: string;
let gql: GraphQLClient['gql'];
let signIn: GraphQLClient['signIn'];
let as: GraphQLClient['as'];
let openConsultation: GraphQLClient['openConsultation'];

const SUBMIT = `mutation($input: SubmitFeedbackInput!) { submitFeedback(input: $input) { feedbackId } }`;
const COMMENTS = `query($draftId: ID!) { feedback(filter: { draftId: $draftId }, first: 100) {
  items { id text contact { channel address } } } }`;
type Comments = {
  feedback: { items: { id: string; text: string; contact: { address: string } | null }[] };
};
const REPORT = `query($draftId: ID!) { synthesisReport(draftId: $draftId) { all { received counted } } }`;
const SUBSCRIBERS = '{ subscribers(first: 200) { items { id contacts { channel address } } } }';
type Subscribers = { subscribers: { items: { id: string; contacts: { address: string }[] }[] } };

/** Every byte of every SQLite file (with its WAL) of the network, as one Latin-1 string. */
function storeBytes(): string {
  return readdirSync(dir.path)
    .filter((f) => /\.db(-wal)?$/.test(f))
    .map((f) => readFileSync(join(dir.path, f)).toString('latin1'))
    .join('\n');
}
const utf8InLatin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

beforeAll(async () => {
  dir = await tempDir('pcn-admin-erase-');
  // The gateway's store beside the backends': erasure is checked in every SQLite file.
  network = await startBackends({
    natsUrl: inject('natsUrl'),
    busPrefix: uniquePrefix('erase'),
    dataDir: dir,
    gatewayDir: dir,
    gatewayEnv: { DEMO_DATA: 'true', RATE_LIMIT_PER_MINUTE: '100000' },
    operatorSecretOnBackends: true,
  });
  env = { ...network.env, OPERATOR_SECRET };
  ({ gql, signIn, as, openConsultation } = graphqlClient(network.graphqlUrl ?? ''));
}, 90_000);

afterAll(async () => {
  await network?.stop();
  await dir?.remove();
});

describe('pcn-admin erase', () => {
  it('sets up a person who subscribed, commented and has an account', async () => {
    const editor = await as('editor.stp@demo.pcn.vn');
    draftId = await openConsultation(editor, 'QD-ERASE-01', 'Dự thảo quy định giá nước sạch');
    // The feedback service learns the consultation from the draft stream.
    const comment = (text: string, name: string, email: string) => ({
      input: {
        draftId,
        articleId: 'a1',
        stance: 'OPPOSE',
        text,
        language: 'vi',
        submitter: { name, contact: { channel: 'EMAIL', address: email } },
        demographics: {
          gender: 'FEMALE',
          consent: { given: true, method: 'ONLINE', textVersion: 'consent-2026-01' },
        },
      },
    });
    await waitFor(
      async () =>
        (await gql(SUBMIT, comment(`Giá nước quá cao. Gọi tôi: ${PHONE}`, NAME, PERSON))).data
          ?.submitFeedback,
      { timeoutMs: 30_000, description: 'the feedback service knowing the consultation' },
    );
    ok(await gql(SUBMIT, comment('Đồng ý một phần.', 'Hảng A Chư', OTHER)));

    // Subscribed by e-mail (the unit tree reaches notification from the gateway's events).
    const subscribe = (address: string) =>
      gql('mutation($input: SubscribeInput!) { subscribe(input: $input) { subscriberId } }', {
        input: {
          language: 'vi',
          contacts: [{ channel: 'EMAIL', address }],
          unitIds: ['lao-cai'],
          consent: { given: true, textVersion: 'consent-2026-01' },
        },
      });
    await waitFor(async () => (await subscribe(PERSON)).data?.subscribe, {
      timeoutMs: 30_000,
      description: 'notification knowing the unit tree',
    });
    ok(await subscribe(OTHER));

    // An account, through the operator API.
    const boot = await runAdmin(['bootstrap', '--email', PERSON, '--name', NAME, '--force'], env, {
      stdin: `${PASSWORD}\n`,
    });
    expect(boot.code).toBe(ExitCode.Ok);
    expect(await signIn(PERSON, PASSWORD)).toEqual(expect.any(String));
    expect(storeBytes()).toContain(PERSON_STORED);
  }, 90_000);

  it('refuses junk subjects (exit 2), a missing or wrong operator secret', async () => {
    for (const args of [
      [],
      ['--email', 'not-an-email'],
      ['--email', PERSON, '--phone', PHONE],
      ['--phone', 'call me maybe'],
      ['--zalo', '12ab'],
      ['--user', 'a b'],
      ['--email', `${'a'.repeat(300)}@example.vn`],
      ['--email', 'a@b.vn\r\nBcc: x@y.vn'],
    ]) {
      const run = await runAdmin(['erase', ...args], env);
      expect(run.code, args.join(' ')).toBe(ExitCode.Usage);
    }
    const { OPERATOR_SECRET: _unused, ...withoutSecret } = env;
    expect((await runAdmin(['erase', '--email', PERSON], withoutSecret)).code).toBe(ExitCode.Usage);

    const wrong = await runAdmin(['erase', '--email', PERSON, '--json'], {
      ...env,
      OPERATOR_SECRET: 'not-the-operator-secret-not-the-operator-secret',
    });
    expect(wrong.code).toBe(ExitCode.Failed);
    const report = wrong.json<{ services: { service: string; outcome: string; note: string }[] }>();
    expect(report.services).toHaveLength(5);
    for (const s of report.services) {
      expect(s.outcome, s.service).toBe('failed');
      expect(s.note).toMatch(/OPERATOR_SECRET/);
    }
    // Nothing changed.
    expect(await signIn(PERSON, PASSWORD)).toEqual(expect.any(String));
  });

  it('an unknown subject erases nothing and exits 0', async () => {
    const run = await runAdmin(['erase', '--email', 'nobody@example.vn', '--json'], env);
    expect(run.code).toBe(ExitCode.Ok);
    const report = run.json<{ services: { erased: { count: number }[] }[] }>();
    expect(report.services.flatMap((s) => s.erased).every((e) => e.count === 0)).toBe(true);
  });

  it('a dry run counts and changes nothing', async () => {
    const before = storeBytes().length;
    const run = await runAdmin(['erase', '--email', PERSON, '--dry-run', '--json'], env);
    expect(run.code).toBe(ExitCode.Ok);
    const report = run.json<{
      dryRun: boolean;
      services: { service: string; outcome: string; erased: { kind: string; count: number }[] }[];
    }>();
    expect(report.dryRun).toBe(true);
    const counts = Object.fromEntries(
      report.services.map((s) => [
        s.service,
        Object.fromEntries(s.erased.map((e) => [e.kind, e.count])),
      ]),
    );
    expect(counts).toMatchObject({
      draft: {},
      outreach: {},
      feedback: { comments: 1, 'stream messages': 1 },
      notification: { subscribers: 1 },
      gateway: { accounts: 1 },
    });
    // The receipt to the comment may still wait to be sent, holding the address, or be settled.
    expect(counts['notification']?.['reply addresses']).toBeLessThanOrEqual(1);
    expect(await signIn(PERSON, PASSWORD)).toEqual(expect.any(String));
    expect(storeBytes()).toContain(PERSON_STORED);
    expect(before).toBeGreaterThan(0);
  });

  it('erases the person everywhere; the comment still counts; the audit holds a hash only', async () => {
    const run = await runAdmin(['erase', '--email', PERSON], env);
    expect(run.stderr).not.toContain(PERSON_STORED);
    expect(run.code).toBe(ExitCode.Ok);
    expect(run.stdout).toMatch(/^Erased \(audit record \d+, subject hash [0-9a-f]{16}…\):\n/);
    expect(run.stdout).toMatch(/^feedback\s+done\s+comments\s+1\s/m);
    expect(run.stdout).toMatch(/^notification\s+done\s+subscribers\s+1\s/m);
    expect(run.stdout).toMatch(/^gateway\s+done\s+accounts\s+1\s/m);
    expect(run.stdout).toMatch(/^draft\s+done\s+-\s+0\s+holds no contact data/m);

    // Gone from every service, as admins see them.
    expect(await signIn(PERSON, PASSWORD)).toBeUndefined();
    const admin = await as('admin@demo.pcn.vn');
    const subs = ok(await gql<Subscribers>(SUBSCRIBERS, {}, admin)).subscribers.items;
    const addresses = subs.flatMap((s) => s.contacts.map((c) => c.address.toLowerCase()));
    expect(addresses).toContain(OTHER);
    expect(addresses).not.toContain(PERSON_STORED);
    const comments = ok(await gql<Comments>(COMMENTS, { draftId }, admin)).feedback.items;
    expect(comments).toHaveLength(2);
    const erased = comments.find((c) => c.text.startsWith('Giá nước'));
    expect(erased).toMatchObject({ contact: null, text: 'Giá nước quá cao. Gọi tôi: [phone]' });
    expect(comments.find((c) => c.contact?.address === OTHER)).toBeDefined();
    // Still counted in the consultation's synthesis.
    const report = ok(
      await gql<{ synthesisReport: { all: { received: number } } }>(REPORT, { draftId }, admin),
    ).synthesisReport;
    expect(report.all.received).toBe(2);

    // Nowhere in the stores' bytes: tables, indexes, outbox and inbox, WAL.
    const bytes = storeBytes();
    expect(bytes).toContain(OTHER); // the control: the grep does see stored addresses
    expect(bytes.toLowerCase()).not.toContain(PERSON_STORED);
    expect(bytes).not.toContain(utf8InLatin1(NAME));
    expect(bytes).not.toContain(PHONE_E164);
    expect(bytes).not.toContain(PHONE);

    // The audit record: who, what, a keyed hash; never the subject.
    const audit = await runAdmin(['audit', '--json'], env);
    expect(audit.code).toBe(ExitCode.Ok);
    expect(audit.stdout.toLowerCase()).not.toContain(PERSON_STORED);
    const record = audit
      .json<{ records: Record<string, unknown>[] }>()
      .records.find((r) => r['action'] === 'personal-data-erased');
    expect(record).toMatchObject({
      subjectKind: 'email',
      subjectHash: expect.stringMatching(/^[0-9a-f]{64}$/) as string,
    });
    // No service logged the address or the name.
    for (const p of network.processes) {
      const logs = p.lines.join('\n').toLowerCase();
      expect(logs).not.toContain(PERSON_STORED);
      expect(logs).not.toContain(NAME.toLowerCase());
    }

    // Again: nothing left to erase.
    const again = await runAdmin(['erase', '--email', PERSON.toUpperCase(), '--json'], env);
    expect(again.code).toBe(ExitCode.Ok);
    const counts = again
      .json<{ services: { erased: { count: number }[] }[] }>()
      .services.flatMap((s) => s.erased.map((e) => e.count));
    expect(counts.every((c) => c === 0)).toBe(true);
  }, 60_000);

  it('refuses the last network admin (the person, a second admin, is erased now) with exit 1; no service erases anything', async () => {
    for (const dryRun of [[], ['--dry-run']]) {
      const run = await runAdmin(['erase', '--email', 'admin@demo.pcn.vn', ...dryRun], env);
      expect(run.code, run.stderr).toBe(ExitCode.Failed);
      expect(run.stdout).toMatch(
        /^Refused by the gateway: nothing was erased in any service\..*last enabled network admin; erasing it would leave nobody.*Make another account a network admin first/,
      );
    }
    const json = await runAdmin(['erase', '--email', 'admin@demo.pcn.vn', '--json'], env);
    expect(json.code).toBe(ExitCode.Failed);
    const report = json.json<{
      refused: boolean;
      services: { service: string; outcome: string }[];
    }>();
    expect(report.refused).toBe(true);
    expect(report.services.map((s) => [s.service, s.outcome])).toEqual([
      ['draft', 'skipped'],
      ['outreach', 'skipped'],
      ['feedback', 'skipped'],
      ['notification', 'skipped'],
      ['gateway', 'refused'],
    ]);
    expect(await signIn('admin@demo.pcn.vn')).toEqual(expect.any(String));
  });
});

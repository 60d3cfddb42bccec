import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ServiceProcesses, tempDir, waitFor, uniquePrefix, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ExitCode } from './exit-codes.js';
import {
  closedPort,
  INTERNAL_SECRET,
  launchGateway,
  runAdmin,
  type RunningGateway,
} from './testing/network.test-helper.js';

// pcn-admin bootstrap and keys through the gateway's operator API: the gateway runs as its own
// process (built dist/main.js), on its own SQLite file, as operators run it.
const PASSWORD = 'Rừng-thông-Sa-Pa-mùa-sương-2026';
const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const hasScript = spawnSync('script', ['--version']).status === 0;
if (!hasScript)
  console.warn(
    'bootstrap-and-keys.e2e.spec: prompt test skipped, `script` (util-linux) is missing',
  );
let dir: TempDir;
let processes: ServiceProcesses;

/** A gateway without (`bare`) or with the demo data set, each on its own SQLite file. */
const startGateway = (name: string, demoData: boolean) =>
  launchGateway(processes, {
    sqliteFile: dir.file(`${name}.db`),
    env: { DEMO_DATA: String(demoData) },
  });

let bare: RunningGateway;
let demo: RunningGateway;

beforeAll(async () => {
  dir = await tempDir('pcn-admin-identity-');
  processes = new ServiceProcesses({
    servicesDir: new URL('../../../services/', import.meta.url),
    natsUrl: inject('natsUrl'),
    busPrefix: uniquePrefix('admid'),
    env: { INTERNAL_SECRET },
  });
  [bare, demo] = await Promise.all([startGateway('bare', false), startGateway('demo', true)]);
}, 60_000);

afterAll(async () => {
  await processes?.stopAll();
  await dir?.remove();
});

async function graphql(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as {
    data?: Record<string, unknown>;
    errors?: { extensions?: { code?: string } }[];
  };
}

const SIGN_IN =
  'mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { me { roles } } }';

describe('pcn-admin bootstrap', () => {
  it('creates the first network admin of a network without demo data; it can sign in', async () => {
    const email = 'quantri@laocai.gov.vn';
    // The email is stored in its normal form: the admin signs in with it in lower case.
    const run = await runAdmin(
      ['bootstrap', '--email', 'QuanTri@LaoCai.gov.vn', '--name', 'Quản trị mạng lưới'],
      bare.env,
      { stdin: `${PASSWORD}\n` },
    );
    expect(run.stderr).not.toContain(PASSWORD);
    expect(run.code).toBe(ExitCode.Ok);
    expect(run.stdout).toMatch(/^Network admin created: id \S+\. Sign in with its email\.\n$/);
    const signedIn = await graphql(bare.graphql, SIGN_IN, { e: email, p: PASSWORD });
    expect(signedIn.data).toEqual({ signIn: { me: { roles: ['NETWORK_ADMIN'] } } });
    // Nothing of the password or the email in the gateway's logs.
    expect(bare.proc.lines.join('\n')).not.toContain(PASSWORD);
    expect(bare.proc.lines.join('\n')).not.toContain(email);

    // Once: a second one is refused, unless --force.
    const again = await runAdmin(
      ['bootstrap', '--email', 'other@laocai.gov.vn', '--name', 'Người khác'],
      bare.env,
      { stdin: PASSWORD },
    );
    expect(again.code).toBe(ExitCode.Failed);
    expect(again.stderr).toContain('A network admin exists already');
    const refused = await graphql(bare.graphql, SIGN_IN, { e: 'other@laocai.gov.vn', p: PASSWORD });
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forced = await runAdmin(
      ['bootstrap', '--email', 'other@laocai.gov.vn', '--name', 'Người khác', '--force', '--json'],
      bare.env,
      { stdin: PASSWORD },
    );
    expect(forced.code).toBe(ExitCode.Ok);
    expect(forced.json()).toEqual({ userId: expect.any(String) as string });
  });

  it('never takes the password from the command line, and refuses weak or missing ones', async () => {
    for (const flag of [['--password', PASSWORD], [`--password=${PASSWORD}`], ['-p', PASSWORD]]) {
      const run = await runAdmin(
        ['bootstrap', '--email', 'a@laocai.gov.vn', '--name', 'A', ...flag],
        bare.env,
        { stdin: PASSWORD },
      );
      expect(run.code).toBe(ExitCode.Usage);
      expect(run.stderr).toContain('never taken from the command line');
    }
    // Too short, common, a keyboard walk, and one made of the admin's own email.
    for (const password of ['short pw', 'password1234', 'qwertyuiop123', 'weak@laocai.gov.vn1']) {
      const weak = await runAdmin(
        ['bootstrap', '--email', 'weak@laocai.gov.vn', '--name', 'B', '--force'],
        bare.env,
        { stdin: `${password}\n` },
      );
      expect(weak.code, password).toBe(ExitCode.Failed);
      expect(weak.stderr).toMatch(/^Refused: password /);
    }
    // A password in the environment is not read.
    const none = await runAdmin(
      ['bootstrap', '--email', 'c@laocai.gov.vn', '--name', 'C'],
      { ...bare.env, PASSWORD, PCN_PASSWORD: PASSWORD, ADMIN_PASSWORD: PASSWORD },
      {
        stdin: '',
      },
    );
    expect(none.code).toBe(ExitCode.Usage);
    expect(none.stderr).toContain('No password on standard input');
    const twoLines = await runAdmin(
      ['bootstrap', '--email', 'c@laocai.gov.vn', '--name', 'C'],
      bare.env,
      {
        stdin: `${PASSWORD}\nsecond line\n`,
      },
    );
    expect(twoLines.code).toBe(ExitCode.Usage);
    const noEmail = await runAdmin(['bootstrap', '--name', 'C'], bare.env, { stdin: PASSWORD });
    expect(noEmail.code).toBe(ExitCode.Usage);
  });

  it('refuses without the operator secret, and says when the gateway does not answer', async () => {
    const args = ['bootstrap', '--email', 'd@laocai.gov.vn', '--name', 'D', '--force'];
    const wrong = await runAdmin(
      args,
      { ...bare.env, OPERATOR_SECRET: 'x'.repeat(40) },
      { stdin: PASSWORD },
    );
    expect(wrong.code).toBe(ExitCode.Failed);
    expect(wrong.stderr).toContain('authorization: Bearer <OPERATOR_SECRET>');
    await bare.proc.waitForLine(/operator call without the operator secret refused/);
    const missing = await runAdmin(
      args,
      { GATEWAY_ADMIN_GRPC_ADDRESS: bare.env.GATEWAY_ADMIN_GRPC_ADDRESS! },
      {
        stdin: PASSWORD,
      },
    );
    expect(missing.code).toBe(ExitCode.Usage);
    expect(missing.stderr).toContain('OPERATOR_SECRET is not set');
    const down = await runAdmin(
      args,
      { ...bare.env, GATEWAY_ADMIN_GRPC_ADDRESS: `127.0.0.1:${await closedPort()}` },
      { stdin: PASSWORD },
    );
    expect(down.code).toBe(ExitCode.Unreachable);
    expect(down.stderr).toContain("Could not reach the gateway's operator API");
  });
});

describe('pcn-admin bootstrap on a terminal', () => {
  // Skipped only where `script` (util-linux) is missing: it gives the CLI a real terminal, and
  // the reason is printed when this file loads.
  it.skipIf(!hasScript)('prompts twice without echoing the password', async () => {
    // `script` gives the built CLI a terminal; what is typed goes through it.
    const command = [process.execPath, main, 'bootstrap', '--email', 'tty@laocai.gov.vn']
      .concat(['--name', 'Quản trị qua terminal', '--force'])
      .map((a) => `'${a}'`)
      .join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: { PATH: process.env['PATH'] ?? '', ...bare.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
    await waitFor(() => output.includes('Password for the new network admin:'));
    child.stdin.write(`${PASSWORD}\r`);
    await waitFor(() => output.includes('The same password again:'));
    child.stdin.write(`${PASSWORD}\r`);
    await waitFor(() => output.includes('Network admin created'));
    child.stdin.end();
    await exited;
    expect(output).not.toContain(PASSWORD);
    const signedIn = await graphql(bare.graphql, SIGN_IN, { e: 'tty@laocai.gov.vn', p: PASSWORD });
    expect(signedIn.data).toEqual({ signIn: { me: { roles: ['NETWORK_ADMIN'] } } });
  });
});

describe('pcn-admin keys', () => {
  const ME = '{ me { id kind roles } }';

  it('creates an API client whose key works, rotates it (the old key stops), and revokes it', async () => {
    const orgs = await graphql(demo.graphql, '{ organizations { id kind } }');
    // A partner_system key belongs to a partner system's organization (a role fits its kind).
    const org = (orgs.data?.organizations as { id: string; kind: string }[]).find(
      (o) => o.kind === 'PARTNER_SYSTEM',
    )!.id;
    const created = await runAdmin(
      [
        'keys',
        'create',
        '--name',
        'Cổng thông tin tỉnh',
        '--organization',
        org,
        '--role',
        'partner_system',
        '--json',
      ],
      demo.env,
    );
    expect(created.code).toBe(ExitCode.Ok);
    const { client, key } = created.json<{
      client: { id: string; roles: string[] };
      key: string;
    }>();
    expect(client.roles).toEqual(['partner_system']);
    expect(key).toMatch(new RegExp(`^pcn_${client.id}_[A-Za-z0-9_-]{43}$`));
    // The key is on stdout once, never in a log line.
    expect(created.stderr).not.toContain(key);
    expect(demo.proc.lines.join('\n')).not.toContain(key);
    const me = await graphql(demo.graphql, ME, {}, { 'x-api-key': key });
    expect(me.data).toEqual({
      me: { id: client.id, kind: 'api-client', roles: ['PARTNER_SYSTEM'] },
    });

    const human = await runAdmin(['keys', 'rotate', client.id], demo.env);
    expect(human.code).toBe(ExitCode.Ok);
    const rotated = /API key \(shown once; it cannot be read again\):\n(pcn_\S+)\n/.exec(
      human.stdout,
    )?.[1];
    expect(rotated).toBeDefined();
    expect(rotated).not.toBe(key);
    expect((await graphql(demo.graphql, ME, {}, { 'x-api-key': rotated! })).data).toBeDefined();
    await expect
      .poll(
        async () =>
          (await graphql(demo.graphql, ME, {}, { 'x-api-key': key })).errors?.[0]?.extensions?.code,
      )
      .toBe('UNAUTHENTICATED');

    const revoked = await runAdmin(['keys', 'revoke', client.id, '--json'], demo.env);
    expect(revoked.code).toBe(ExitCode.Ok);
    expect(revoked.json()).toMatchObject({ client: { id: client.id, revoked: true } });
    await expect
      .poll(
        async () =>
          (await graphql(demo.graphql, ME, {}, { 'x-api-key': rotated! })).errors?.[0]?.extensions
            ?.code,
      )
      .toBe('UNAUTHENTICATED');
    // A revoked client cannot get a new key.
    const afterRevoke = await runAdmin(['keys', 'rotate', client.id], demo.env);
    expect(afterRevoke.code).toBe(ExitCode.Failed);
    expect(afterRevoke.stderr).toContain('is revoked');
  });

  it('refuses unknown clients, unknown organizations and roles, and missing arguments', async () => {
    const unknown = await runAdmin(['keys', 'rotate', 'no-such-client'], demo.env);
    expect(unknown.code).toBe(ExitCode.Failed);
    expect(unknown.stderr).toMatch(/^Refused: .*no-such-client/);
    const noOrg = await runAdmin(
      [
        'keys',
        'create',
        '--name',
        'X',
        '--organization',
        'org-nowhere',
        '--role',
        'partner_system',
      ],
      bare.env,
    );
    expect(noOrg.code).toBe(ExitCode.Failed);
    expect(noOrg.stderr).toContain('org-nowhere');
    const badRole = await runAdmin(
      ['keys', 'create', '--name', 'X', '--organization', 'org-nowhere', '--role', 'network_admin'],
      demo.env,
    );
    expect(badRole.code).toBe(ExitCode.Failed);
    expect(badRole.stderr).toMatch(/^Refused: input\.roles/);
    for (const bad of [
      ['keys', 'create', '--name', 'X', '--organization', 'o'],
      ['keys', 'create', '--organization', 'o', '--role', 'partner_system'],
      ['keys', 'rotate'],
      ['keys', 'revoke'],
      ['keys', 'list-all'],
    ]) {
      const run = await runAdmin(bad, demo.env);
      expect(run.code, bad.join(' ')).toBe(ExitCode.Usage);
    }
  });
});

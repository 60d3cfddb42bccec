import { fileURLToPath } from 'node:url';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { BusNames } from '@pcn/events';
import {
  ServiceProcesses,
  tempDir,
  uniquePrefix,
  type FixtureProcess,
  type TempDir,
} from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ExitCode } from './exit-codes.js';
import { operatorApi } from './infra/operator-client.js';
import {
  INTERNAL_SECRET,
  launchGateway,
  OPERATOR_SECRET,
  runAdmin,
} from './testing/network.test-helper.js';

// Operators of a production network (no demo data) administer its accounts with pcn-admin: the
// gateway as its own process on its own SQLite file, a real nats-server for the audit stream.
// Accounts are created in the example directory, listed, disabled and enabled, given a new
// password and new roles, and the last network admin is kept; sign-in and tokens are checked
// through GraphQL, and every change is in the AUDIT stream by account id, never by email.
const ADMIN_PASSWORD = 'Rừng-thông-Sa-Pa-mùa-sương-2026';
const EDITOR_PASSWORD = 'Ruộng-bậc-thang-Y-Tý-mùa-lúa-chín';
const NEW_PASSWORD = 'Chợ-phiên-Bắc-Hà-sáng-chủ-nhật-đông-vui';
const OFFICER_PASSWORD = 'Mây-trắng-đỉnh-Fansipan-chiều-thu-muộn';
const PRESS_PASSWORD = 'Suối-Mường-Hoa-chảy-qua-bản-Tả-Van';
const EMAILS = {
  admin: 'quantri@laocai.gov.vn',
  editor: 'bientap@stp.laocai.gov.vn',
  officer: 'canbo@yty.laocai.gov.vn',
  press: 'phongvien@baolaocai.vn',
};
const EXAMPLE = fileURLToPath(
  new URL('../../../infra/deploy/directory.example.json', import.meta.url),
);

interface Account {
  id: string;
  email: string;
  displayName: string;
  roles: string[];
  organizationId: string | null;
  unitIds: string[];
  disabled: boolean;
}

let dir: TempDir;
let processes: ServiceProcesses;
let gateway: FixtureProcess;
let graphqlUrl: string;
let env: Record<string, string>;
let nc: NatsConnection;
let jsm: JetStreamManager;
let names: BusNames;
const ids: Record<keyof typeof EMAILS, string> = { admin: '', editor: '', officer: '', press: '' };

beforeAll(async () => {
  dir = await tempDir('pcn-admin-users-');
  const busPrefix = uniquePrefix('users');
  processes = new ServiceProcesses({
    servicesDir: new URL('../../../services/', import.meta.url),
    natsUrl: inject('natsUrl'),
    busPrefix,
    env: { INTERNAL_SECRET },
  });
  const running = await launchGateway(processes, { sqliteFile: dir.file('gateway.db') });
  gateway = running.proc;
  graphqlUrl = running.graphql;
  env = {
    ...running.env,
    NATS_URL: inject('natsUrl'),
    BUS_PREFIX: busPrefix,
    PCN_OPERATOR: 'e2e-operator',
  };
  nc = await connect({ servers: inject('natsUrl') });
  jsm = await jetstreamManager(nc);
  names = new BusNames(busPrefix);
}, 60_000);

afterAll(async () => {
  await nc?.close();
  await processes?.stopAll();
  await dir?.remove();
});

async function graphql(
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  const res = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: { code?: string; reason?: string } }[];
  };
}

/** A session token, or the error code of the refusal. */
async function signIn(email: string, password: string): Promise<{ token?: string; code?: string }> {
  const res = await graphql(
    'mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }',
    { e: email, p: password },
  );
  const token = (res.data?.['signIn'] as { token?: string } | null | undefined)?.token;
  return token ? { token } : { code: res.errors?.[0]?.extensions?.code ?? 'none' };
}

/** `me { id roles }` with a token, or the error code of the refusal. */
async function me(token: string) {
  const res = await graphql('{ me { id roles } }', {}, { authorization: `Bearer ${token}` });
  return res.errors ? { code: res.errors[0]?.extensions?.code } : res.data?.['me'];
}

async function list(...args: string[]) {
  const run = await runAdmin(['users', 'list', ...args, '--json'], env);
  expect(run.code, run.stderr).toBe(ExitCode.Ok);
  return run.json<{ users: Account[]; pages: number }>();
}

async function auditRecords() {
  const run = await runAdmin(['audit', '--json', '--limit', '100'], env);
  expect(run.code, run.stderr).toBe(ExitCode.Ok);
  return run.json<{ records: Record<string, unknown>[] }>().records;
}

describe('pcn-admin users on a network without demo data', () => {
  it('creates accounts whose roles fit their organizations, and lists them page by page without password hashes', async () => {
    const boot = await runAdmin(
      ['bootstrap', '--email', EMAILS.admin, '--name', 'Quản trị mạng lưới', '--json'],
      env,
      { stdin: `${ADMIN_PASSWORD}\n` },
    );
    expect(boot.code, boot.stderr).toBe(ExitCode.Ok);
    ids.admin = boot.json<{ userId: string }>().userId;
    const imported = await runAdmin(['directory', 'import', EXAMPLE], env);
    expect(imported.code, imported.stderr).toBe(ExitCode.Ok);

    const create = async (key: keyof typeof EMAILS, password: string, ...scope: string[]) => {
      const run = await runAdmin(
        [
          'users',
          'create',
          '--email',
          EMAILS[key],
          '--name',
          `Tài khoản ${key}`,
          ...scope,
          '--json',
        ],
        env,
        { stdin: `${password}\n` },
      );
      expect(run.code, run.stderr).toBe(ExitCode.Ok);
      ids[key] = run.json<{ userId: string }>().userId;
    };
    await create(
      'editor',
      EDITOR_PASSWORD,
      '--role',
      'agency_editor',
      '--organization',
      'lao-cai-so-tu-phap',
    );
    await create(
      'officer',
      OFFICER_PASSWORD,
      '--role',
      'unit_officer',
      '--organization',
      'lao-cai-ubnd-x-y-ty',
      '--unit',
      'lao-cai-x-y-ty',
    );
    await create(
      'press',
      PRESS_PASSWORD,
      '--role',
      'press_partner',
      '--organization',
      'lao-cai-bao',
    );

    // An agency editor attached to a press organization is refused, naming the field.
    const wrong = await runAdmin(
      [
        'users',
        'create',
        '--email',
        'sai@baolaocai.vn',
        '--name',
        'Sai',
        '--role',
        'agency_editor',
      ].concat(['--organization', 'lao-cai-bao']),
      env,
      { stdin: `${NEW_PASSWORD}\n` },
    );
    expect(wrong.code).toBe(ExitCode.Failed);
    expect(wrong.stderr).toContain(
      'organizationId lao-cai-bao is a press_agency organization; agency_editor needs a drafting_agency organization',
    );
    // A unit officer without units, and a network admin in an organization, likewise.
    const noUnits = await runAdmin(
      [
        'users',
        'create',
        '--email',
        'sai@yty.laocai.gov.vn',
        '--name',
        'Sai',
        '--role',
        'unit_officer',
      ],
      env,
      { stdin: `${NEW_PASSWORD}\n` },
    );
    expect(noUnits.code).toBe(ExitCode.Failed);
    expect(noUnits.stderr).toContain('unitIds a unit_officer needs at least one unit');

    const all = await list('--page-size', '1');
    expect(all.pages).toBe(4);
    expect(all.users.map((u) => u.id)).toEqual([ids.admin, ids.editor, ids.officer, ids.press]);
    expect(all.users.map((u) => u.email)).toEqual(Object.values(EMAILS));
    expect(all.users[2]).toMatchObject({
      roles: ['unit_officer'],
      organizationId: 'lao-cai-ubnd-x-y-ty',
      unitIds: ['lao-cai-x-y-ty'],
      disabled: false,
    });
    expect((await list('--role', 'press_partner')).users.map((u) => u.id)).toEqual([ids.press]);
    expect((await list('--organization', 'lao-cai-so-tu-phap')).users.map((u) => u.id)).toEqual([
      ids.editor,
    ]);
    const table = await runAdmin(['users', 'list'], env);
    expect(table.code).toBe(ExitCode.Ok);
    expect(table.stdout).toMatch(/^ID\s+EMAIL\s+NAME\s+ROLES\s+ORGANIZATION\s+UNITS\s+DISABLED\n/);
    expect(table.stdout).toContain('4 account(s)');
    for (const out of [table.stdout, JSON.stringify(all)])
      expect(out).not.toMatch(/argon2|passwordHash|credentialsVersion/);
    const badRole = await runAdmin(['users', 'list', '--role', 'god'], env);
    expect(badRole.code).toBe(ExitCode.Failed);
    expect(badRole.stderr).toMatch(/^Refused: role must be one of network_admin, agency_editor/);
  });

  it('disables an account: sign-in refused and its token stops at once; enabled, it signs in again and the old token stays dead', async () => {
    const { token } = await signIn(EMAILS.editor, EDITOR_PASSWORD);
    expect(await me(token!)).toEqual({ id: ids.editor, roles: ['AGENCY_EDITOR'] });

    const off = await runAdmin(['users', 'disable', EMAILS.editor], env);
    expect(off.code, off.stderr).toBe(ExitCode.Ok);
    expect(off.stdout).toMatch(
      new RegExp(
        `^User ${ids.editor} disabled: it cannot sign in, and its sessions have ended \\(audit record \\d+\\)`,
      ),
    );
    expect(await me(token!)).toEqual({ code: 'UNAUTHENTICATED' });
    expect(await signIn(EMAILS.editor, EDITOR_PASSWORD)).toEqual({ code: 'UNAUTHENTICATED' });
    const again = await runAdmin(['users', 'disable', ids.editor], env);
    expect(again.stdout).toBe(`User ${ids.editor} was disabled already; nothing changed.\n`);
    expect((await list('--organization', 'lao-cai-so-tu-phap')).users[0]?.disabled).toBe(true);

    const on = await runAdmin(['users', 'enable', ids.editor, '--json'], env);
    expect(on.code, on.stderr).toBe(ExitCode.Ok);
    expect(on.json<{ changed: boolean; user: Account }>()).toMatchObject({
      changed: true,
      user: { id: ids.editor, disabled: false },
    });
    const back = await signIn(EMAILS.editor, EDITOR_PASSWORD);
    expect(await me(back.token!)).toEqual({ id: ids.editor, roles: ['AGENCY_EDITOR'] });
    expect(await me(token!)).toEqual({ code: 'UNAUTHENTICATED' });
  });

  it('resets a password from standard input: the policy applies, the old password and sessions stop, the new one works', async () => {
    const { token } = await signIn(EMAILS.officer, OFFICER_PASSWORD);
    const weak = await runAdmin(['users', 'reset-password', EMAILS.officer], env, {
      stdin: 'password1234\n',
    });
    expect(weak.code).toBe(ExitCode.Failed);
    expect(weak.stderr).toMatch(/^Refused: password is too easy to guess/);
    // Never from an argument.
    const argued = await runAdmin(['users', 'reset-password', EMAILS.officer, '--password=x'], env);
    expect(argued.code).toBe(ExitCode.Usage);
    expect(argued.stderr).toContain('never taken from the command line');
    expect(await me(token!)).toMatchObject({ id: ids.officer });
    // The owner forgot the password and locked the account out with guesses.
    for (let i = 0; i < 5; i++)
      expect(await signIn(EMAILS.officer, `guess ${i}`)).toEqual({ code: 'UNAUTHENTICATED' });
    expect(await signIn(EMAILS.officer, OFFICER_PASSWORD)).toEqual({ code: 'RATE_LIMITED' });

    const reset = await runAdmin(['users', 'reset-password', ids.officer], env, {
      stdin: `${NEW_PASSWORD}\n`,
    });
    expect(reset.code, reset.stderr).toBe(ExitCode.Ok);
    expect(reset.stdout).toMatch(
      new RegExp(
        `^Password of user ${ids.officer} reset; its sessions have ended, and its sign-in lockout \\(failed attempts\\) is lifted`,
      ),
    );
    expect(await me(token!)).toEqual({ code: 'UNAUTHENTICATED' });
    // At once, without waiting out the lockout.
    const fresh = await signIn(EMAILS.officer, NEW_PASSWORD);
    expect(await me(fresh.token!)).toEqual({ id: ids.officer, roles: ['UNIT_OFFICER'] });
    expect(await signIn(EMAILS.officer, OFFICER_PASSWORD)).toEqual({ code: 'UNAUTHENTICATED' });
    expect([reset.stdout, reset.stderr, ...gateway.lines].join('\n')).not.toContain(NEW_PASSWORD);
  });

  it('sets roles: they must fit the organization, and apply to the next request of a live session', async () => {
    const { token } = await signIn(EMAILS.press, PRESS_PASSWORD);
    expect(await me(token!)).toEqual({ id: ids.press, roles: ['PRESS_PARTNER'] });
    const wrong = await runAdmin(
      [
        'users',
        'set-roles',
        EMAILS.press,
        '--role',
        'agency_editor',
        '--organization',
        'lao-cai-bao',
      ],
      env,
    );
    expect(wrong.code).toBe(ExitCode.Failed);
    expect(wrong.stderr).toContain('organizationId lao-cai-bao is a press_agency organization');
    const set = await runAdmin(
      [
        'users',
        'set-roles',
        EMAILS.press,
        '--role',
        'agency_editor',
        '--organization',
        'lao-cai-so-tu-phap',
      ],
      env,
    );
    expect(set.code, set.stderr).toBe(ExitCode.Ok);
    expect(set.stdout).toMatch(
      new RegExp(
        `^User ${ids.press}: press_partner in lao-cai-bao → agency_editor in lao-cai-so-tu-phap \\(audit record \\d+\\)`,
      ),
    );
    expect(await me(token!)).toEqual({ id: ids.press, roles: ['AGENCY_EDITOR'] });
    const same = await runAdmin(
      [
        'users',
        'set-roles',
        ids.press,
        '--role',
        'agency_editor',
        '--organization',
        'lao-cai-so-tu-phap',
      ],
      env,
    );
    expect(same.stdout).toContain('has these roles already');
  });

  it('never disables or demotes the last enabled network admin, and says so', async () => {
    const off = await runAdmin(['users', 'disable', EMAILS.admin], env);
    expect(off.code).toBe(ExitCode.Failed);
    expect(off.stderr).toMatch(
      new RegExp(
        `^Refused: User ${ids.admin} is the last enabled network admin; disabling it would leave nobody to administer the network\\. Make another account a network admin first`,
      ),
    );
    const demote = await runAdmin(
      [
        'users',
        'set-roles',
        ids.admin,
        '--role',
        'agency_editor',
        '--organization',
        'lao-cai-so-tu-phap',
      ],
      env,
    );
    expect(demote.code).toBe(ExitCode.Failed);
    expect(demote.stderr).toContain(
      'is the last enabled network admin; taking its network_admin role',
    );
    const admin = await signIn(EMAILS.admin, ADMIN_PASSWORD);
    expect(await me(admin.token!)).toEqual({ id: ids.admin, roles: ['NETWORK_ADMIN'] });

    // With a second admin, the first one can be disabled; then the second is the last.
    const promote = await runAdmin(
      ['users', 'set-roles', ids.officer, '--role', 'network_admin'],
      env,
    );
    expect(promote.code, promote.stderr).toBe(ExitCode.Ok);
    expect((await runAdmin(['users', 'disable', ids.admin], env)).code).toBe(ExitCode.Ok);
    const last = await runAdmin(['users', 'disable', ids.officer], env);
    expect(last.code).toBe(ExitCode.Failed);
    expect(last.stderr).toContain(`User ${ids.officer} is the last enabled network admin`);
    expect((await runAdmin(['users', 'enable', EMAILS.admin], env)).code).toBe(ExitCode.Ok);
  });

  it('records every change in the audit stream by account id, and the gateway logs no email', async () => {
    const records = await auditRecords();
    const users = records.filter((r) => String(r['action']).startsWith('user-'));
    expect(users.map((r) => [r['action'], r['userId']]).reverse()).toEqual([
      ['user-disabled', ids.editor],
      ['user-enabled', ids.editor],
      ['user-password-reset', ids.officer],
      ['user-roles-set', ids.press],
      ['user-roles-set', ids.officer],
      ['user-disabled', ids.admin],
      ['user-enabled', ids.admin],
    ]);
    expect(
      users.find((r) => r['action'] === 'user-roles-set' && r['userId'] === ids.press),
    ).toMatchObject({
      operator: 'e2e-operator',
      before: {
        roles: ['press_partner'],
        organizationId: 'lao-cai-bao',
        unitIds: [],
        disabled: false,
      },
      after: {
        roles: ['agency_editor'],
        organizationId: 'lao-cai-so-tu-phap',
        unitIds: [],
        disabled: false,
      },
    });
    const stored = JSON.stringify(records);
    const logs = gateway.lines.join('\n');
    for (const email of Object.values(EMAILS)) {
      expect(stored).not.toContain(email);
      expect(logs).not.toContain(email);
    }
    const table = await runAdmin(['audit'], env);
    expect(table.stdout).toMatch(
      new RegExp(
        `user-roles-set\\s+e2e-operator\\s+user ${ids.press}\\s+press_partner @lao-cai-bao → agency_editor @lao-cai-so-tu-phap`,
      ),
    );
    // A subject of the stream carries each kind of action.
    const last = await jsm.streams.getMessage(names.auditStream, {
      last_by_subj: names.auditSubject('user-password-reset'),
    });
    expect(last?.json<{ userId: string; signInUnblocked?: boolean }>()).toMatchObject({
      userId: ids.officer,
      signInUnblocked: true,
    });
    expect(table.stdout).toMatch(
      new RegExp(
        `user-password-reset\\s+e2e-operator\\s+user ${ids.officer}\\s+sign-in lockout lifted`,
      ),
    );
  });

  it('answers hostile requests with INVALID_ARGUMENT naming the field, and stays up', async () => {
    const api = operatorApi(env['GATEWAY_ADMIN_GRPC_ADDRESS']!, OPERATOR_SECRET);
    const refused = (p: Promise<unknown>) =>
      p.then(
        () => 'accepted',
        (e: unknown) => (e as Error).message,
      );
    try {
      const userId = (value: string) => ({ user: { $case: 'userId' as const, value } });
      expect(await refused(api.disableUser({ user: undefined }))).toMatch(
        /^Refused: user is required/,
      );
      expect(await refused(api.disableUser(userId('\u0000')))).toMatch(
        /^Refused: userId must be letters/,
      );
      expect(await refused(api.enableUser(userId('x'.repeat(100_000))))).toMatch(
        /^Refused: userId must be at most 128 characters/,
      );
      expect(await refused(api.disableUser(userId('constructor')))).toBe(
        'User constructor was not found',
      );
      expect(
        await refused(api.disableUser({ user: { $case: 'email', value: 'a@b\u202E.vn\n' } })),
      ).toMatch(/^Refused: email /);
      expect(
        await refused(
          api.listUsers({ role: '__proto__', organizationId: '', pageSize: 0, pageToken: '' }),
        ),
      ).toMatch(/^Refused: role must be one of/);
      expect(
        await refused(
          api.listUsers({
            role: '',
            organizationId: 'a\u0007',
            pageSize: 2_000_000,
            pageToken: '',
          }),
        ),
      ).toMatch(/^Refused: organizationId must be letters.*; pageSize must be at most 500/);
      expect(
        await refused(
          api.listUsers({
            role: '',
            organizationId: '',
            pageSize: -1,
            pageToken: 'x'.repeat(10_000),
          }),
        ),
      ).toMatch(
        /pageSize must be 0 \(the default\) or more; pageToken must be at most 4096 characters/,
      );
      expect(
        await refused(
          api.listUsers({ role: '', organizationId: '', pageSize: 1, pageToken: 'eyJ2IjpbXX0' }),
        ),
      ).toMatch(/^Refused: pageToken is not a next_page_token of this query/);
      expect(
        await refused(
          api.setUserRoles({
            ...userId(ids.editor),
            roles: Array.from({ length: 50 }, () => 'network_admin'),
            organizationId: '',
            unitIds: Array.from({ length: 5000 }, (_, i) => `u${i}`),
          }),
        ),
      ).toMatch(/roles at most 6 roles; unitIds must name at most 100 units/);
      expect(
        await refused(
          api.setUserRoles({
            ...userId(ids.editor),
            roles: ['public'],
            organizationId: '../x',
            unitIds: ['\u2028'],
          }),
        ),
      ).toMatch(/roles\[0\] "public" is implicit.*organizationId must be letters/);
      expect(
        await refused(api.resetUserPassword({ ...userId(ids.editor), password: 'x'.repeat(5000) })),
      ).toMatch(/^Refused: password must be at most 1024 characters/);
      // Nothing was changed by any of these, and the gateway answers.
      const editor = (await list('--organization', 'lao-cai-so-tu-phap')).users.find(
        (u) => u.id === ids.editor,
      );
      expect(editor).toMatchObject({ roles: ['agency_editor'], disabled: false });
      expect((await signIn(EMAILS.editor, EDITOR_PASSWORD)).token).toBeDefined();
    } finally {
      api.close();
    }
    // A wrong operator secret is refused before anything.
    const wrongSecret = await runAdmin(['users', 'list'], {
      ...env,
      OPERATOR_SECRET: 'not-the-operator-secret-not-the-operator-secret',
    });
    expect(wrongSecret.code).toBe(ExitCode.Failed);
    expect(wrongSecret.stdout).toBe('');
  });
});

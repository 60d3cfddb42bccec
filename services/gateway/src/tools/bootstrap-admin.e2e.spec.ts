import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { systemClock } from '@pcn/platform';
import { openSqliteStore } from '@pcn/storage';
import { tempDir, waitFor, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityCollections, signInCollections } from '../identity/identity.collections.js';
import { createIdentityService } from '../identity/identity.service.js';

// The first-admin command, built and run as an operator runs it, on a real SQLite file.
const tool = fileURLToPath(new URL('../../dist/tools/bootstrap-admin.js', import.meta.url));
const PASSWORD = 'Hồ Ba Bể mùa thu năm 2026 rất đẹp';
const hasScript = spawnSync('script', ['--version']).status === 0;
if (!hasScript)
  console.warn('bootstrap-admin.e2e.spec: prompt test skipped, `script` (util-linux) is missing');

let dir: TempDir;
beforeAll(async () => {
  dir = await tempDir('pcn-bootstrap-');
});
afterAll(async () => {
  await dir.remove();
});

interface Run {
  code: number | null;
  output: string;
}

/** Runs the command with `stdin` piped in (or nothing), against the store file `db`. */
function runTool(db: string, args: string[], stdin: string | null): Promise<Run> {
  const child = spawn(process.execPath, [tool, ...args], {
    env: { ...process.env, SQLITE_FILE: dir.file(db), STORE: 'sqlite' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output += b.toString()));
  child.stdin.end(stdin ?? undefined);
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, output })));
}

async function signIn(db: string, email: string, password: string) {
  const store = await openSqliteStore({ path: dir.file(db) });
  try {
    await store.migrate([...identityCollections, ...signInCollections]);
    const identity = createIdentityService({
      store,
      jwtSecret: new TextEncoder().encode('Np4Wq8Zt1Lx6Rc9Bv3Km7Hd0Gs5Jf2Ye-jwt'),
      tokenTtlSeconds: 900,
      clock: systemClock,
    });
    return await identity.signIn(email, password);
  } finally {
    await store.close();
  }
}

const NAME = ['--name', 'Quản trị mạng lưới tỉnh'];

describe('npm run admin:bootstrap', () => {
  it('creates a network admin from a piped password, who can then sign in', async () => {
    const run = await runTool(
      'piped.db',
      ['--email', 'Admin@Province.gov.vn', ...NAME],
      `${PASSWORD}\n`,
    );
    expect(run.code).toBe(0);
    expect(run.output).toMatch(/^Network admin created: id /);
    expect(run.output).not.toContain(PASSWORD);
    const session = await signIn('piped.db', 'admin@province.gov.vn', PASSWORD);
    expect(session.user).toMatchObject({ roles: ['network_admin'], demo: false });
    expect(run.output).toContain(session.user.id);
  });

  it('refuses a password on the command line, in any spelling, and creates nothing', async () => {
    for (const args of [['--password', PASSWORD], [`--password=${PASSWORD}`], ['-p', PASSWORD]]) {
      const run = await runTool('argv.db', ['--email', 'a@province.gov.vn', ...NAME, ...args], '');
      expect(run.code).toBe(2);
      expect(run.output).toContain('never taken from the command line');
    }
    // Nothing was created: a piped bootstrap on that store is the first one.
    const first = await runTool('argv.db', ['--email', 'a@province.gov.vn', ...NAME], PASSWORD);
    expect(first.code).toBe(0);
  });

  it('refuses a second bootstrap once a network admin exists, unless --force', async () => {
    const args = (email: string) => ['--email', email, ...NAME];
    expect((await runTool('twice.db', args('first@province.gov.vn'), PASSWORD)).code).toBe(0);
    const second = await runTool('twice.db', args('second@province.gov.vn'), PASSWORD);
    expect(second.code).toBe(1);
    expect(second.output).toContain('A network admin exists already');
    await expect(signIn('twice.db', 'second@province.gov.vn', PASSWORD)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const forced = await runTool(
      'twice.db',
      [...args('second@province.gov.vn'), '--force'],
      PASSWORD,
    );
    expect(forced.code).toBe(0);
    await expect(signIn('twice.db', 'second@province.gov.vn', PASSWORD)).resolves.toMatchObject({
      user: { roles: ['network_admin'] },
    });
  });

  it('enforces the password policy, and reads no password from the environment', async () => {
    const email = ['--email', 'weak@province.gov.vn', ...NAME];
    for (const weak of ['short pw', 'password1234', 'qwertyuiop123', 'weak@province.gov.vn1']) {
      const run = await runTool('weak.db', email, `${weak}\n`);
      expect(run.code, weak).toBe(1);
      expect(run.output).toMatch(/^Refused: password /);
    }
    const fromEnv = spawnSync(process.execPath, [tool, ...email], {
      env: { ...process.env, SQLITE_FILE: dir.file('weak.db'), PASSWORD, PCN_PASSWORD: PASSWORD },
      input: '',
    });
    expect(fromEnv.status).toBe(1);
    expect(fromEnv.stderr.toString()).toContain('password must be at least 12 characters');
  });

  it.skipIf(!hasScript)('prompts on a terminal without echoing the password', async () => {
    // `script` gives the command a terminal; what is typed goes through it.
    const command = [process.execPath, tool, '--email', 'tty@province.gov.vn', ...NAME]
      .map((a) => `'${a}'`)
      .join(' ');
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      env: { ...process.env, SQLITE_FILE: dir.file('tty.db') },
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
    await expect(signIn('tty.db', 'tty@province.gov.vn', PASSWORD)).resolves.toMatchObject({
      user: { roles: ['network_admin'] },
    });
  });
});

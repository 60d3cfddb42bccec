import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { BusNames } from '@pcn/events';
import { InvalidArgumentError } from '@pcn/platform';
import {
  readStream,
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

// A production-like network without demo data: the gateway as its own process on its own SQLite
// file and a real nats-server. The operator bootstraps an admin, loads the example directory of
// infra/deploy, and the directory is then usable: an agency editor of an imported organization
// signs in, an API client is created for another, and UnitsChanged is on the DIRECTORY stream.
const ADMIN_PASSWORD = 'Rừng-thông-Sa-Pa-mùa-sương-2026';
const EDITOR_PASSWORD = 'Ruộng-bậc-thang-Y-Tý-mùa-lúa-chín';
const EXAMPLE = fileURLToPath(
  new URL('../../../infra/deploy/directory.example.json', import.meta.url),
);

let dir: TempDir;
let processes: ServiceProcesses;
let gateway: FixtureProcess;
let graphqlUrl: string;
let env: Record<string, string>;
let nc: NatsConnection;
let jsm: JetStreamManager;
let directoryStream: string;
/** The admin's bearer header: signed-in reads bypass the public answer cache. */
let asAdmin: Record<string, string> = {};

beforeAll(async () => {
  dir = await tempDir('pcn-admin-directory-');
  const busPrefix = uniquePrefix('dirimp');
  processes = new ServiceProcesses({
    servicesDir: new URL('../../../services/', import.meta.url),
    natsUrl: inject('natsUrl'),
    busPrefix,
    env: { INTERNAL_SECRET },
  });
  const running = await launchGateway(processes, { sqliteFile: dir.file('gateway.db') });
  gateway = running.proc;
  graphqlUrl = running.graphql;
  env = running.env;
  nc = await connect({ servers: inject('natsUrl') });
  jsm = await jetstreamManager(nc);
  directoryStream = new BusNames(busPrefix).stream('directory');
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
    data?: Record<string, unknown>;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

const UNITS = '{ units(includeInactive: true) { id active parent { id } } organizations { id } }';
const unitsChanged = async () =>
  (await readStream(jsm, directoryStream))
    .map((m) => m.json<{ type: string; data: { units: { id: string; path: string[] }[] } }>())
    .filter((e) => e.type === 'pcn.directory.v1.UnitsChanged');

describe('pcn-admin directory import on a network without demo data', () => {
  it('bootstraps an admin, checks and imports the directory, then the directory is usable', async () => {
    const boot = await runAdmin(
      ['bootstrap', '--email', 'quantri@laocai.gov.vn', '--name', 'Quản trị mạng lưới'],
      env,
      { stdin: `${ADMIN_PASSWORD}\n` },
    );
    expect(boot.code).toBe(ExitCode.Ok);
    const admin = await graphql(
      'mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { token } }',
      { e: 'quantri@laocai.gov.vn', p: ADMIN_PASSWORD },
    );
    asAdmin = {
      authorization: `Bearer ${(admin.data?.['signIn'] as { token: string }).token}`,
    };
    // No directory at all, so no organization for an editor. (The public answer is cached.)
    expect((await graphql(UNITS)).data).toEqual({ units: [], organizations: [] });
    const early = await runAdmin(
      ['users', 'create', '--email', 'bientap@stp.laocai.gov.vn', '--name', 'Biên tập viên'].concat(
        ['--role', 'agency_editor', '--organization', 'lao-cai-so-tu-phap'],
      ),
      env,
      { stdin: EDITOR_PASSWORD },
    );
    expect(early.code).toBe(ExitCode.Failed);
    expect(early.stderr).toContain('lao-cai-so-tu-phap');

    // The dry run reports the changes and writes nothing.
    const dry = await runAdmin(['directory', 'import', EXAMPLE, '--dry-run'], env);
    expect(dry.code).toBe(ExitCode.Ok);
    expect(dry.stdout).toContain('Dry run: the file is valid; nothing was written');
    expect(dry.stdout).toContain('created unit lao-cai\n');
    expect(dry.stdout).toMatch(/units\s+5\s+0\s+0/);
    expect((await graphql(UNITS, {}, asAdmin)).data).toEqual({ units: [], organizations: [] });

    const imported = await runAdmin(['directory', 'import', EXAMPLE, '--json'], env);
    expect(imported.code).toBe(ExitCode.Ok);
    expect(imported.json()).toMatchObject({
      dryRun: false,
      changed: true,
      units: { created: 5, updated: 0, unchanged: 0 },
      organizations: { created: 4, updated: 0, unchanged: 0 },
      spokespersons: { created: 1, updated: 0, unchanged: 0 },
    });
    // The public sees the import at once: the import drops the gateway's cached public answers.
    const read = await graphql(UNITS);
    expect(read.data?.['units']).toHaveLength(5);
    expect(await graphql(UNITS, {}, asAdmin)).toEqual(read);
    expect(read.data?.['units']).toContainEqual({
      id: 'lao-cai-h-bat-xat-x-y-ty',
      active: false,
      parent: { id: 'lao-cai-h-bat-xat' },
    });
    expect(read.data?.['organizations']).toHaveLength(4);

    // The notification and feedback services learn the units from the DIRECTORY stream.
    await expect.poll(async () => (await unitsChanged()).length, { timeout: 15_000 }).toBe(1);
    const [event] = await unitsChanged();
    expect(event?.data.units.map((u) => u.id).sort()).toEqual(
      ['lao-cai', 'lao-cai-h-bat-xat', 'lao-cai-h-bat-xat-x-y-ty', 'lao-cai-p-lao-cai']
        .concat('lao-cai-x-y-ty')
        .sort(),
    );
    expect(event?.data.units.find((u) => u.id === 'lao-cai-h-bat-xat-x-y-ty')?.path).toEqual([
      'lao-cai',
      'lao-cai-h-bat-xat',
      'lao-cai-h-bat-xat-x-y-ty',
    ]);

    // The same file again (on standard input): nothing changes, and it says so; no new event.
    const again = await runAdmin(['directory', 'import', '-'], env, {
      stdin: await readFile(EXAMPLE, 'utf8'),
    });
    expect(again.code).toBe(ExitCode.Ok);
    expect(again.stdout).toContain('No changes: the directory already matches the file.');
    expect(again.stdout).toMatch(/units\s+0\s+0\s+5/);
    expect(await unitsChanged()).toHaveLength(1);

    // An agency editor of an imported organization, who signs in.
    const editor = await runAdmin(
      ['users', 'create', '--email', 'bientap@stp.laocai.gov.vn', '--name', 'Biên tập viên'].concat(
        ['--role', 'agency_editor', '--organization', 'lao-cai-so-tu-phap', '--json'],
      ),
      env,
      { stdin: `${EDITOR_PASSWORD}\n` },
    );
    expect(editor.code).toBe(ExitCode.Ok);
    const signIn = await graphql(
      'mutation ($e: String!, $p: String!) { signIn(email: $e, password: $p) { me { roles organization { id name } } } }',
      { e: 'bientap@stp.laocai.gov.vn', p: EDITOR_PASSWORD },
    );
    expect(signIn.data).toEqual({
      signIn: {
        me: {
          roles: ['AGENCY_EDITOR'],
          organization: { id: 'lao-cai-so-tu-phap', name: 'Sở Tư pháp tỉnh Lào Cai' },
        },
      },
    });

    // An API client of the imported portal, whose key works.
    const key = await runAdmin(
      ['keys', 'create', '--name', 'Cổng TTĐT', '--organization', 'lao-cai-cong-ttdt'].concat([
        '--role',
        'partner_system',
        '--json',
      ]),
      env,
    );
    expect(key.code).toBe(ExitCode.Ok);
    const issued = key.json<{ client: { id: string }; key: string }>();
    const me = await graphql('{ me { id roles } }', {}, { 'x-api-key': issued.key });
    expect(me.data).toEqual({ me: { id: issued.client.id, roles: ['PARTNER_SYSTEM'] } });

    // Nothing of the spokesperson's contact points in the gateway's logs.
    expect(gateway.lines.join('\n')).not.toContain('phatngon@example.org');
  });

  it('refuses a file with problems, naming each field, and writes nothing', async () => {
    const before = await graphql(UNITS, {}, asAdmin);
    expect(before.data?.['units']).toHaveLength(5);
    const example = JSON.parse(await readFile(EXAMPLE, 'utf8')) as {
      units: Record<string, unknown>[];
    };
    const bad = {
      units: [
        ...example.units,
        { id: 'lao-cai-x-moi', name: 'Xã Mới', level: 'commune', parentId: 'lao-cai' },
        { id: 'bad id', name: 'Xã\u0007', level: 'hamlet', parentId: 'nowhere' },
        { id: 'lao-cai-x-vong', name: 'Xã Vòng', level: 'commune', parentId: 'lao-cai-x-vong' },
      ],
      organizations: [{ id: 'org-x', name: 'X', kind: 'press_agency', unitId: 'no-unit' }],
    };
    const file = dir.file('bad.json');
    await writeFile(file, JSON.stringify(bad));
    for (const args of [['--dry-run'], []]) {
      const run = await runAdmin(['directory', 'import', file, ...args, '--json'], env);
      expect(run.code).toBe(ExitCode.Failed);
      const out = run.json<{ refused: boolean; problems: { field: string }[] }>();
      expect(out.refused).toBe(true);
      expect(out.problems.map((p) => p.field)).toEqual(
        expect.arrayContaining([
          'units[6].id',
          'units[6].name',
          'units[6].level',
          'units[7].parentId',
          'organizations[0].unitId',
        ]),
      );
    }
    // The good unit in the same file was not written either.
    expect(await graphql(UNITS, {}, asAdmin)).toEqual(before);

    // Shape problems are named by the CLI before the gateway is asked: unknown and prototype keys.
    const shape = dir.file('shape.json');
    await writeFile(
      shape,
      '{"units":[{"id":"a","name":"A","level":"commune","parent":"lao-cai"}],"__proto__":{"x":1}}',
    );
    const shaped = await runAdmin(['directory', 'import', shape], env);
    expect(shaped.code).toBe(ExitCode.Failed);
    expect(shaped.stdout).toContain('nothing was written');
    expect(shaped.stdout).toMatch(/units\[0\]: Unrecognized key: "parent"/);
    expect(shaped.stdout).toContain('__proto__');
    const notJson = dir.file('not.json');
    await writeFile(notJson, 'id,name\nlao-cai,Tỉnh Lào Cai\n');
    const junk = await runAdmin(['directory', 'import', notJson], env);
    expect(junk.code).toBe(ExitCode.Failed);
    expect(junk.stdout).toContain('file: is not JSON');
    const missing = await runAdmin(['directory', 'import', dir.file('none.json')], env);
    expect(missing.code).toBe(ExitCode.Usage);

    // Many bad rows: the gateway names the first ones and counts the rest, within gRPC's trailers.
    const many = dir.file('many.json');
    await writeFile(
      many,
      JSON.stringify({
        units: Array.from({ length: 300 }, (_, i) => ({
          id: `x-${i}`,
          name: 'Xã',
          level: 'commune',
          parentId: `no-such-parent-${i}`,
        })),
      }),
    );
    const manyRun = await runAdmin(['directory', 'import', many, '--json'], env);
    expect(manyRun.code).toBe(ExitCode.Failed);
    const listed = manyRun.json<{ problems: { field: string; description: string }[] }>().problems;
    expect(listed).toHaveLength(50);
    expect(listed[0]?.field).toBe('units[0].parentId');
    expect(listed.at(-1)?.description).toBe(
      '251 more problems not listed; fix these and check again',
    );
    expect(await graphql(UNITS, {}, asAdmin)).toEqual(before);
  });

  it('answers hostile requests to the operator API with INVALID_ARGUMENT, and stays up', async () => {
    const api = operatorApi(env['GATEWAY_ADMIN_GRPC_ADDRESS']!, OPERATOR_SECRET);
    try {
      const huge = Array.from({ length: 100_000 }, (_, i) => ({
        id: `u${i}`,
        name: 'x',
        level: 'commune',
        parentId: 'lao-cai',
        active: undefined,
      }));
      const tooMany = await api
        .importDirectory({ units: huge, organizations: [], spokespersons: [], dryRun: true })
        .catch((e: unknown) => e);
      expect(tooMany).toBeInstanceOf(InvalidArgumentError);
      expect((tooMany as InvalidArgumentError).violations).toEqual([
        {
          field: 'units',
          description: 'at most 20000 in one import (got 100000); split the file',
        },
      ]);
      const junk = await api
        .importDirectory({
          units: [
            { id: 'constructor', name: 'Xã\u202E', level: '__proto__', parentId: '', active: true },
            {
              id: '\u0000',
              name: 'x'.repeat(10_000),
              level: 'commune',
              parentId: 'lao-cai',
              active: true,
            },
          ],
          organizations: [],
          spokespersons: [],
          dryRun: false,
        })
        .catch((e: unknown) => e);
      expect(junk).toBeInstanceOf(InvalidArgumentError);
      expect((junk as InvalidArgumentError).violations.map((v) => v.field)).toEqual([
        'units[0].name',
        'units[0].level',
        'units[1].id',
        'units[1].name',
      ]);
      const empty = await api
        .importDirectory({ units: [], organizations: [], spokespersons: [], dryRun: false })
        .catch((e: unknown) => e);
      expect((empty as InvalidArgumentError).violations[0]?.field).toBe('input');
    } finally {
      api.close();
    }
    // Still serving, and nothing of it written.
    expect((await graphql('{ unit(id: "constructor") { id } }', {}, asAdmin)).data).toEqual({
      unit: null,
    });
  });

  it('refuses without the operator secret', async () => {
    const run = await runAdmin(['directory', 'import', EXAMPLE], {
      ...env,
      OPERATOR_SECRET: 'y'.repeat(40),
    });
    expect(run.code).toBe(ExitCode.Failed);
    expect(run.stderr).toContain('authorization: Bearer <OPERATOR_SECRET>');
  });
});

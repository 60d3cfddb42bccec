import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersCollection, type UserRecord } from './identity.collections.js';
import type { UserView } from './identity.contract.js';
import {
  identityFixture,
  SAMPLE_ORGANIZATIONS as ORGS,
  SAMPLE_PASSWORD as PASSWORD,
  SAMPLE_SPOKESPERSONS as SPOKESPERSONS,
  SAMPLE_UNITS as UNITS,
  sampleUnits,
  seedSample,
  type IdentityFixture,
} from './identity.test-helper.js';

// The directory: users, units with their subtrees, organizations and spokespersons.

const { oldCommune1 } = sampleUnits;

let f: IdentityFixture;
let admin: UserView;
let editor: UserView;

beforeAll(async () => {
  f = await identityFixture({ tokenTtlSeconds: 900 });
  ({ admin, editor } = await seedSample(f));
});

afterAll(async () => {
  await f.close();
});

describe('users', () => {
  it('are stored with a normalised email and an argon2id hash, never the password', async () => {
    const stored = await f.store.collection<UserRecord>(usersCollection).get(editor.id);
    expect(stored?.email).toBe('editor@example.org');
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
  });

  it('have unique emails', async () => {
    await expect(
      f.identity.createUser({
        email: 'ADMIN@example.org',
        password: PASSWORD,
        displayName: 'Twin',
        roles: ['agency_editor'],
        organizationId: 'org-a',
      }),
    ).rejects.toMatchObject({ code: 'ALREADY_EXISTS', reason: 'EMAIL_TAKEN' });
  });

  it('need a known organization and units, and a long enough password', async () => {
    const base = { email: 'new@example.org', password: PASSWORD, displayName: 'New' };
    await expect(
      f.identity.createUser({ ...base, roles: ['agency_editor'], organizationId: 'org-missing' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      f.identity.createUser({ ...base, roles: ['unit_officer'], unitIds: ['nowhere'] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      f.identity.createUser({ ...base, password: 'short', roles: ['agency_editor'] }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(f.identity.createUser({ ...base, roles: ['public'] })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('are read as views without credentials', async () => {
    const view = await f.identity.user(admin.id);
    expect(view).toEqual(admin);
    expect(Object.keys(view ?? {}).sort()).toEqual(
      ['demo', 'displayName', 'id', 'organizationId', 'roles', 'unitIds'].sort(),
    );
    expect(await f.identity.user('missing')).toBeNull();
  });
});

describe('directory', () => {
  it('lists active units by default, and inactive ones on request', async () => {
    expect((await f.identity.units()).map((u) => u.id)).toEqual(['p', 'p-w', 'p-c']);
    // Level first (province, district, ward, town, commune), then name in Vietnamese order.
    expect((await f.identity.units({ includeInactive: true })).map((u) => u.id)).toEqual([
      'p',
      'p-d',
      'p-w',
      'p-d-c2',
      'p-d-c1',
      'p-c',
    ]);
  });

  it('filters units by parent and level', async () => {
    expect((await f.identity.units({ parentId: null })).map((u) => u.id)).toEqual(['p']);
    expect((await f.identity.units({ parentId: 'p' })).map((u) => u.id)).toEqual(['p-w', 'p-c']);
    expect(
      (await f.identity.units({ parentId: 'p-d', includeInactive: true })).map((u) => u.id),
    ).toEqual(['p-d-c2', 'p-d-c1']);
    expect((await f.identity.units({ parentId: 'p-d' })).map((u) => u.id)).toEqual([]);
    expect(
      (await f.identity.units({ level: 'commune', includeInactive: true })).map((u) => u.id),
    ).toEqual(['p-d-c1', 'p-c']);
    await expect(f.identity.units({ level: 'hamlet' as 'commune' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
  });

  it('reads one unit', async () => {
    expect(await f.identity.unit('p-d-c1')).toEqual(oldCommune1);
    expect(await f.identity.unit('missing')).toBeNull();
  });

  it('gives the subtree of a legacy district and of the province', async () => {
    expect(await f.identity.subtree('p-d')).toEqual(['p-d', 'p-d-c1', 'p-d-c2']);
    expect(await f.identity.subtree('p-c')).toEqual(['p-c']);
    expect((await f.identity.subtree('p')).sort()).toEqual(UNITS.map((u) => u.id).sort());
    expect((await f.identity.subtree('p'))[0]).toBe('p');
    await expect(f.identity.subtree('missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists organizations, by kind', async () => {
    expect((await f.identity.organizations()).map((o) => o.id).sort()).toEqual([
      'org-a',
      'org-portal',
      'org-press',
    ]);
    expect((await f.identity.organizations({ kind: 'press_agency' })).map((o) => o.id)).toEqual([
      'org-press',
    ]);
    expect(await f.identity.organization('org-a')).toEqual(ORGS[0]);
    expect(await f.identity.organization('missing')).toBeNull();
  });

  it('lists spokespersons, by organization', async () => {
    expect(await f.identity.spokespersons()).toEqual(SPOKESPERSONS);
    expect(await f.identity.spokespersons({ organizationId: 'org-a' })).toEqual(SPOKESPERSONS);
    expect(await f.identity.spokespersons({ organizationId: 'org-press' })).toEqual([]);
  });
});

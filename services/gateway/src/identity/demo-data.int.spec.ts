import type { DocumentBase } from '@pcn/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEMO_ACCOUNTS,
  DEMO_ORGANIZATIONS,
  DEMO_PARTNER_API_CLIENT,
  DEMO_PARTNER_API_KEY,
  DEMO_PASSWORD,
  DEMO_SPOKESPERSONS,
  DEMO_UNITS,
  demoPasswordFrom,
  PROVINCE_ID,
} from './demo-data.js';
import { identityCollections } from './identity.collections.js';
import { identityFixture, type IdentityFixture } from './identity.test-helper.js';

let f: IdentityFixture;

/** Every document of every identity collection, by collection name. */
async function dump(
  fixture: IdentityFixture,
): Promise<Map<string, (DocumentBase & { demo?: unknown })[]>> {
  const out = new Map<string, (DocumentBase & { demo?: unknown })[]>();
  for (const spec of identityCollections) {
    const page = await fixture.store
      .collection<DocumentBase & { demo?: unknown }>(spec)
      .find({ limit: 1000 });
    expect(page.nextCursor).toBeNull();
    out.set(spec.name, page.items);
  }
  return out;
}

function counts(data: Map<string, unknown[]>): Record<string, number> {
  return Object.fromEntries([...data].map(([name, docs]) => [name, docs.length]));
}

beforeAll(async () => {
  // The default demo password, as documented (unless the environment overrides it).
  f = await identityFixture();
  expect(await f.identity.seedDemo()).toBe(true);
});

afterAll(async () => {
  await f.close();
});

describe('seedDemo', () => {
  it('writes the data set once: seeding again changes nothing', async () => {
    const before = await dump(f);
    expect(counts(before)).toEqual({
      units: DEMO_UNITS.length,
      organizations: DEMO_ORGANIZATIONS.length,
      users: DEMO_ACCOUNTS.length,
      api_clients: 1,
      spokespersons: DEMO_SPOKESPERSONS.length,
      identity_meta: 1,
    });
    expect(await f.identity.seedDemo()).toBe(false);
    expect(await dump(f)).toEqual(before);
  });

  it('marks every record as demo', async () => {
    for (const [name, docs] of await dump(f)) {
      for (const doc of docs) expect(doc.demo, `${name}/${doc.id}`).toBe(true);
    }
  });

  it('writes once when replicas seed at the same time', async () => {
    const other = await identityFixture({ demoPassword: 'another demo password' });
    try {
      const results = await Promise.all([other.identity.seedDemo(), other.identity.seedDemo()]);
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await dump(other)).get('users')).toHaveLength(DEMO_ACCOUNTS.length);
      // The password from the options (the environment in production) is the one that works.
      await expect(
        other.identity.signIn('admin@demo.pcn.vn', 'another demo password'),
      ).resolves.toMatchObject({ user: { id: 'user-demo-admin' } });
      await expect(other.identity.signIn('admin@demo.pcn.vn', DEMO_PASSWORD)).rejects.toMatchObject(
        { code: 'UNAUTHENTICATED' },
      );
    } finally {
      await other.close();
    }
  });
});

describe('demo accounts', () => {
  it.each(DEMO_ACCOUNTS.map((a) => [a.email, a] as const))(
    '%s signs in with the demo password',
    async (email, account) => {
      const { token, user } = await f.identity.signIn(email, demoPasswordFrom(process.env));
      expect(user).toEqual({
        id: account.id,
        displayName: account.displayName,
        roles: [account.role],
        organizationId: account.organizationId,
        unitIds: [...account.unitIds],
        demo: true,
      });
      const caller = await f.identity.authenticate({ authorization: `Bearer ${token}` });
      expect(caller).toMatchObject({ kind: 'user', id: account.id, roles: [account.role] });
      expect(caller.organizationId).toBe(account.organizationId ?? undefined);
    },
  );

  it('include a unit officer scoped to Xã Y Tý', async () => {
    const { token } = await f.identity.signIn(
      'officer.yty@demo.pcn.vn',
      demoPasswordFrom(process.env),
    );
    const caller = await f.identity.authenticate({ authorization: `Bearer ${token}` });
    expect(caller.unitIds).toEqual(['lc-xa-y-ty']);
  });

  it('include the partner system, whose documented demo key authenticates', async () => {
    expect(await f.identity.authenticate({ apiKey: DEMO_PARTNER_API_KEY })).toEqual({
      kind: 'api-client',
      id: DEMO_PARTNER_API_CLIENT.id,
      roles: ['partner_system'],
      organizationId: 'org-cong-ttdt',
    });
  });

  it('let a network admin rotate the public demo key away', async () => {
    const other = await identityFixture();
    try {
      await other.identity.seedDemo();
      const { token } = await other.identity.signIn(
        'admin@demo.pcn.vn',
        demoPasswordFrom(process.env),
      );
      const admin = await other.identity.authenticate({ authorization: `Bearer ${token}` });
      const rotated = await other.identity.rotateApiKey(admin, DEMO_PARTNER_API_CLIENT.id);
      await expect(
        other.identity.authenticate({ apiKey: DEMO_PARTNER_API_KEY }),
      ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await expect(other.identity.authenticate({ apiKey: rotated.key })).resolves.toMatchObject({
        id: DEMO_PARTNER_API_CLIENT.id,
      });
    } finally {
      await other.close();
    }
  });
});

describe('demo directory', () => {
  it('gives the subtree of a legacy district: itself and its old communes', async () => {
    expect(await f.identity.subtree('lc-h-bat-xat')).toEqual([
      'lc-h-bat-xat',
      'lc-h-bat-xat-tt-bat-xat',
      'lc-h-bat-xat-xa-a-mu-sung',
      'lc-h-bat-xat-xa-muong-hum',
      'lc-h-bat-xat-xa-y-ty',
    ]);
  });

  it('gives the subtree of the province: every unit', async () => {
    const subtree = await f.identity.subtree(PROVINCE_ID);
    expect(subtree[0]).toBe(PROVINCE_ID);
    expect([...subtree].sort()).toEqual(DEMO_UNITS.map((u) => u.id).sort());
  });

  it('lists the current two-tier units by default, and the legacy ones on request', async () => {
    const active = await f.identity.units({ parentId: PROVINCE_ID });
    expect(active.every((u) => u.active && (u.level === 'commune' || u.level === 'ward'))).toBe(
      true,
    );
    expect(active.map((u) => u.name)).toContain('Xã Y Tý');
    const districts = await f.identity.units({ level: 'district', includeInactive: true });
    expect(districts.map((u) => u.name)).toEqual(
      expect.arrayContaining(['Thành phố Lào Cai', 'Thị xã Sa Pa', 'Huyện Mường Khương']),
    );
    expect(await f.identity.units({ level: 'district' })).toEqual([]);
  });

  it('lists organizations and spokespersons', async () => {
    expect(
      (await f.identity.organizations({ kind: 'press_agency' })).map((o) => o.id).sort(),
    ).toEqual(['org-bao-lao-cai', 'org-dai-ptth']);
    expect(await f.identity.organization('org-ubnd-y-ty')).toMatchObject({
      kind: 'unit_office',
      unitId: 'lc-xa-y-ty',
      demo: true,
    });
    expect(await f.identity.spokespersons({ organizationId: 'org-so-tu-phap' })).toHaveLength(1);
  });
});

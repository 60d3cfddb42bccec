import { randomBytes } from 'node:crypto';
import type { Clock } from '@pcn/platform';
import { openSqliteStore, type Store } from '@pcn/storage';
import { tempDir, type TempDir } from '@pcn/testing';
import {
  identityCollections,
  organizationsCollection,
  signInCollections,
  spokespersonsCollection,
  unitsCollection,
  type OrganizationRecord,
  type SpokespersonRecord,
  type UnitRecord,
} from './identity.collections.js';
import type { UserView } from './identity.contract.js';
import { createIdentityService, type IdentityServiceImpl } from './identity.service.js';

/** A clock that tests move by hand. */
export interface TestClock extends Clock {
  advance(ms: number): void;
}

export function testClock(start = '2026-03-02T01:00:00.000Z'): TestClock {
  let now = new Date(start).getTime();
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
  };
}

export interface IdentityFixture {
  dir: TempDir;
  store: Store;
  clock: TestClock;
  jwtSecret: Uint8Array;
  identity: IdentityServiceImpl;
  close(): Promise<void>;
}

/** A fresh SQLite store with the identity collections migrated, and a service on it. */
export async function identityFixture(
  options: { tokenTtlSeconds?: number; demoPassword?: string; authCacheTtlMs?: number } = {},
): Promise<IdentityFixture> {
  const dir = await tempDir('pcn-identity-');
  const store = await openSqliteStore({ path: dir.file('gateway.db') });
  await store.migrate([...identityCollections, ...signInCollections]);
  const clock = testClock();
  const jwtSecret = randomBytes(32);
  const identity = createIdentityService({
    store,
    jwtSecret,
    tokenTtlSeconds: options.tokenTtlSeconds ?? 900,
    clock,
    ...(options.demoPassword !== undefined ? { demoPassword: options.demoPassword } : {}),
    ...(options.authCacheTtlMs !== undefined ? { authCacheTtlMs: options.authCacheTtlMs } : {}),
  });
  return {
    dir,
    store,
    clock,
    jwtSecret,
    identity,
    close: async () => {
      await store.close();
      await dir.remove();
    },
  };
}

/* ------------------------------------------------------------------------------------------------
 * A small directory to test against: a province with a legacy district (inactive since 2025) and
 * its communes, a ward and a commune of the two-tier structure, three organizations, one
 * spokesperson, and three accounts (network admin, agency editor, unit officer).
 * ---------------------------------------------------------------------------------------------- */

/** Password of the sample accounts. */
export const SAMPLE_PASSWORD = 'correct horse battery staple';

const unit = (
  id: string,
  name: string,
  level: UnitRecord['level'],
  parent: UnitRecord | null,
  active: boolean,
): UnitRecord => ({
  id,
  name,
  level,
  parentId: parent?.id ?? null,
  path: [...(parent?.path ?? []), id],
  active,
  demo: false,
});

const province = unit('p', 'Tỉnh Thử', 'province', null, true);
const district = unit('p-d', 'Huyện Cũ', 'district', province, false);
const oldCommune1 = unit('p-d-c1', 'Xã Cũ Một', 'commune', district, false);
const oldCommune2 = unit('p-d-c2', 'Thị trấn Cũ', 'town', district, false);
const ward = unit('p-w', 'Phường Mới', 'ward', province, true);
const commune = unit('p-c', 'Xã Mới', 'commune', province, true);
export const sampleUnits = { province, district, oldCommune1, oldCommune2, ward, commune };
export const SAMPLE_UNITS = [province, district, oldCommune1, oldCommune2, ward, commune];

export const SAMPLE_ORGANIZATIONS: OrganizationRecord[] = [
  { id: 'org-a', name: 'Sở A', kind: 'drafting_agency', unitId: 'p', demo: false },
  { id: 'org-press', name: 'Báo B', kind: 'press_agency', unitId: 'p', demo: false },
  { id: 'org-portal', name: 'Cổng C', kind: 'partner_system', unitId: 'p', demo: false },
];

export const SAMPLE_SPOKESPERSONS: SpokespersonRecord[] = [
  {
    id: 'sp-a',
    organizationId: 'org-a',
    name: 'Người Thử',
    position: 'Phó Giám đốc',
    phone: '+84 000 000 000',
    email: 'sp@example.org',
    demo: false,
  },
];

/** Writes the sample directory into the fixture's store and creates the sample accounts. */
export async function seedSample(
  f: IdentityFixture,
): Promise<{ admin: UserView; editor: UserView; officer: UserView }> {
  await f.store.collection<UnitRecord>(unitsCollection).insertMany(SAMPLE_UNITS);
  await f.store
    .collection<OrganizationRecord>(organizationsCollection)
    .insertMany(SAMPLE_ORGANIZATIONS);
  await f.store
    .collection<SpokespersonRecord>(spokespersonsCollection)
    .insertMany(SAMPLE_SPOKESPERSONS);
  const admin = await f.identity.createUser({
    email: 'admin@example.org',
    password: SAMPLE_PASSWORD,
    displayName: 'Admin',
    roles: ['network_admin'],
  });
  const editor = await f.identity.createUser({
    email: 'Editor@Example.org',
    password: SAMPLE_PASSWORD,
    displayName: 'Editor',
    roles: ['agency_editor'],
    organizationId: 'org-a',
  });
  const officer = await f.identity.createUser({
    email: 'officer@example.org',
    password: SAMPLE_PASSWORD,
    displayName: 'Officer',
    roles: ['unit_officer'],
    organizationId: null,
    unitIds: ['p-c'],
  });
  return { admin, editor, officer };
}

import { BusNames, createEventFactory } from '@pcn/events';
import { InvalidArgumentError, NotFoundError } from '@pcn/platform';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDirectoryEvents } from './directory-events.js';
import { createImportDirectory } from './import-directory.usecase.js';
import { identityFixture, type IdentityFixture } from './identity.test-helper.js';
import { createRegisterUser } from './register-user.usecase.js';

// The import against a real SQLite store: one transaction with its UnitsChanged events, nothing
// written when any record is bad, nothing changed the second time.
const FILE = {
  units: [
    { id: 'tinh', name: 'Tỉnh Thử', level: 'province', parentId: '' },
    { id: 'xa-a', name: 'Xã A', level: 'commune', parentId: 'tinh' },
    { id: 'huyen-cu', name: 'Huyện Cũ', level: 'district', parentId: 'tinh', active: false },
  ],
  organizations: [{ id: 'org-stp', name: 'Sở Tư pháp', kind: 'drafting_agency', unitId: 'tinh' }],
  spokespersons: [
    {
      id: 'sp-stp',
      organizationId: 'org-stp',
      name: 'Người Phát Ngôn',
      position: 'Phó Giám đốc',
      phone: '+84 214 000 0000',
      email: 'phatngon@stp.example.vn',
    },
  ],
};
const PASSWORD = 'Ruộng-bậc-thang-Mù-Cang-Chải-2026';

let f: IdentityFixture;
let importDirectory: ReturnType<typeof createImportDirectory>;

beforeEach(async () => {
  f = await identityFixture();
  importDirectory = createImportDirectory({
    store: f.store,
    directoryEvents: createDirectoryEvents({
      names: new BusNames('dirimp'),
      events: createEventFactory('gateway', f.clock),
      clock: f.clock,
    }),
  });
});
afterEach(async () => f.close());

async function unitsChangedEvents() {
  const pending = await f.store.outbox.pending(100, new Date('2100-01-01'));
  return pending.map((m) => ({
    subject: m.subject,
    event: JSON.parse(m.payload) as {
      type: string;
      data: { units: { id: string; path: string[] }[] };
    },
  }));
}

describe('importDirectory', () => {
  it('writes the directory and its UnitsChanged event together; the same file again changes nothing', async () => {
    const first = await importDirectory(FILE, { dryRun: false });
    expect(first.counts.units).toEqual({ created: 3, updated: 0, unchanged: 0 });
    expect(first.changes).toHaveLength(5);
    expect(await f.identity.units({ includeInactive: true })).toHaveLength(3);
    expect(await f.identity.unit('xa-a')).toMatchObject({ path: ['tinh', 'xa-a'], demo: false });
    expect(await f.identity.organization('org-stp')).toMatchObject({ unitId: 'tinh' });
    expect(await f.identity.spokespersons({ organizationId: 'org-stp' })).toHaveLength(1);
    const events = await unitsChangedEvents();
    expect(events).toHaveLength(1);
    expect(events[0]?.subject).toMatch(/directory/);
    expect(events[0]?.event.type).toBe('pcn.directory.v1.UnitsChanged');
    expect(events[0]?.event.data.units.map((u) => u.id)).toEqual(['tinh', 'xa-a', 'huyen-cu']);

    const again = await importDirectory(FILE, { dryRun: false });
    expect(again.changes).toEqual([]);
    expect(again.counts).toEqual({
      units: { created: 0, updated: 0, unchanged: 3 },
      organizations: { created: 0, updated: 0, unchanged: 1 },
      spokespersons: { created: 0, updated: 0, unchanged: 1 },
    });
    expect(await unitsChangedEvents()).toHaveLength(1);
  });

  it('a dry run reports the changes and writes nothing', async () => {
    const report = await importDirectory(FILE, { dryRun: true });
    expect(report.dryRun).toBe(true);
    expect(report.counts.units.created).toBe(3);
    expect(await f.identity.units({ includeInactive: true })).toEqual([]);
    expect(await f.identity.organizations()).toEqual([]);
    expect(await unitsChangedEvents()).toEqual([]);
  });

  it('writes nothing at all when one record is bad', async () => {
    await importDirectory(FILE, { dryRun: false });
    const bad = {
      units: [
        { id: 'xa-b', name: 'Xã B', level: 'commune', parentId: 'tinh' },
        { id: 'xa-a', name: 'Xã A đổi tên', level: 'commune', parentId: 'tinh' },
      ],
      organizations: [{ id: 'org-b', name: 'Báo B', kind: 'press_agency', unitId: 'xa-z' }],
    };
    const err = await importDirectory(bad, { dryRun: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).violations).toEqual([
      {
        field: 'organizations[0].unitId',
        description: 'no unit "xa-z" in the file or the directory',
      },
    ]);
    expect(await f.identity.unit('xa-b')).toBeNull();
    expect((await f.identity.unit('xa-a'))?.name).toBe('Xã A');
    expect(await f.identity.organization('org-b')).toBeNull();
    expect(await unitsChangedEvents()).toHaveLength(1);
  });

  it('a unit is never deleted: one left out stays, one marked inactive is kept inactive', async () => {
    await importDirectory(FILE, { dryRun: false });
    const report = await importDirectory(
      { units: [{ id: 'xa-a', name: 'Xã A', level: 'commune', parentId: 'tinh', active: false }] },
      { dryRun: false },
    );
    expect(report.changes).toEqual([{ kind: 'unit', id: 'xa-a', action: 'updated' }]);
    expect(await f.identity.unit('xa-a')).toMatchObject({ active: false });
    expect(await f.identity.unit('tinh')).toMatchObject({ active: true });
    const events = await unitsChangedEvents();
    expect(events).toHaveLength(2);
    expect(events[1]?.event.data.units.map((u) => u.id)).toEqual(['xa-a']);
  });

  it('lets an operator add an agency editor to an imported organization, not to an unknown one', async () => {
    await importDirectory(FILE, { dryRun: false });
    const registerUser = createRegisterUser({ identity: f.identity });
    const editor = await registerUser({
      email: 'bientap@stp.example.vn',
      displayName: 'Biên tập viên',
      password: PASSWORD,
      roles: ['agency_editor'],
      organizationId: 'org-stp',
      unitIds: [],
    });
    expect(editor).toMatchObject({ roles: ['agency_editor'], organizationId: 'org-stp' });
    await expect(
      registerUser({
        email: 'b@stp.example.vn',
        displayName: 'B',
        password: PASSWORD,
        roles: ['agency_editor'],
        organizationId: 'org-nowhere',
        unitIds: [],
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const noOrg = await registerUser({
      email: 'c@stp.example.vn',
      displayName: 'C',
      password: PASSWORD,
      roles: ['agency_editor', 'unit_officer'],
      organizationId: '',
      unitIds: [],
    }).catch((e: unknown) => e);
    expect((noOrg as InvalidArgumentError).violations.map((v) => v.field)).toEqual([
      'organizationId',
      'unitIds',
    ]);
  });

  it('refuses to change the kind of an organization whose accounts would no longer fit it', async () => {
    await importDirectory(FILE, { dryRun: false });
    const editor = await createRegisterUser({ identity: f.identity })({
      email: 'bientap@stp.example.vn',
      displayName: 'Biên tập viên',
      password: PASSWORD,
      roles: ['agency_editor'],
      organizationId: 'org-stp',
      unitIds: [],
    });
    const asPress = {
      organizations: [
        { id: 'org-khac', name: 'Sở Khác', kind: 'drafting_agency', unitId: 'tinh' },
        { id: 'org-stp', name: 'Sở Tư pháp', kind: 'press_agency', unitId: 'tinh' },
      ],
    };
    for (const dryRun of [true, false]) {
      const refused = await importDirectory(asPress, { dryRun }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(InvalidArgumentError);
      expect((refused as InvalidArgumentError).violations).toEqual([
        {
          field: 'organizations[1].kind',
          description: `cannot become press_agency: 1 account(s) act for org-stp as agency_editor (first: user ${editor.id}); change their roles first (pcn-admin users set-roles)`,
        },
      ]);
    }
    expect(await f.identity.organization('org-stp')).toMatchObject({ kind: 'drafting_agency' });
    expect(await f.identity.organization('org-khac')).toBeNull();
    // Once no account acts for it as an agency editor, the kind can change.
    await f.identity.updateUser(editor.id, { roles: ['network_admin'], organizationId: null });
    await importDirectory(asPress, { dryRun: false });
    expect(await f.identity.organization('org-stp')).toMatchObject({ kind: 'press_agency' });
  });
});

import { InvalidArgumentError, type FieldViolation } from '@pcn/platform';
import type { Stored } from '@pcn/storage';
import { describe, expect, it } from 'vitest';
import {
  MAX_IMPORT_UNITS,
  MAX_REPORTED_VIOLATIONS,
  planDirectoryImport,
  type DirectoryImportInput,
  type DirectoryState,
} from './directory-import.js';
import type { UnitRecord } from './identity.collections.js';

const EMPTY: DirectoryState = { units: [], organizations: [], spokespersons: [] };

const FILE = {
  units: [
    { id: 'tinh', name: 'Tỉnh Thử', level: 'province', parentId: null },
    { id: 'xa-a', name: 'Xã A', level: 'commune', parentId: 'tinh' },
    { id: 'huyen-cu', name: 'Huyện Cũ', level: 'district', parentId: 'tinh', active: false },
    { id: 'xa-cu', name: 'Xã Cũ', level: 'commune', parentId: 'huyen-cu', active: false },
  ],
  organizations: [
    { id: 'org-stp', name: 'Sở Tư pháp', kind: 'drafting_agency', unitId: 'tinh' },
    { id: 'org-xa-a', name: 'UBND xã A', kind: 'unit_office', unitId: 'xa-a' },
  ],
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

/** What the store holds after writing a plan, as `planDirectoryImport` reads it back. */
function stateAfter(input: DirectoryImportInput, before: DirectoryState = EMPTY): DirectoryState {
  const plan = planDirectoryImport(input, before);
  const apply = <T extends { id: string }>(
    old: readonly Stored<T>[],
    w: { insert: T[]; update: Stored<T>[] },
  ): Stored<T>[] => {
    const byId = new Map(old.map((r) => [r.id, r]));
    for (const r of w.insert) byId.set(r.id, { ...r, version: 1 });
    for (const r of w.update) byId.set(r.id, { ...r, version: r.version + 1 });
    return [...byId.values()];
  };
  return {
    units: apply(before.units, plan.units),
    organizations: apply(before.organizations, plan.organizations),
    spokespersons: apply(before.spokespersons, plan.spokespersons),
  };
}

function violationsOf(input: unknown, state: DirectoryState = EMPTY): FieldViolation[] {
  try {
    planDirectoryImport(input as DirectoryImportInput, state);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return [...(err as InvalidArgumentError).violations];
  }
  throw new Error('expected the import to be refused');
}

const unitOf = (state: DirectoryState, id: string) => state.units.find((u) => u.id === id);

describe('planDirectoryImport', () => {
  it('creates a new directory with paths computed from the parents, parents first', () => {
    const plan = planDirectoryImport(FILE, EMPTY);
    expect(plan.counts).toEqual({
      units: { created: 4, updated: 0, unchanged: 0 },
      organizations: { created: 2, updated: 0, unchanged: 0 },
      spokespersons: { created: 1, updated: 0, unchanged: 0 },
    });
    const paths = Object.fromEntries(plan.units.insert.map((u) => [u.id, u.path]));
    expect(paths).toEqual({
      tinh: ['tinh'],
      'xa-a': ['tinh', 'xa-a'],
      'huyen-cu': ['tinh', 'huyen-cu'],
      'xa-cu': ['tinh', 'huyen-cu', 'xa-cu'],
    });
    expect(plan.units.insert.find((u) => u.id === 'huyen-cu')).toMatchObject({
      active: false,
      demo: false,
    });
    expect(plan.changedUnits.map((u) => u.path.length)).toEqual([1, 2, 2, 3]);
    expect(plan.changes[0]).toEqual({ kind: 'unit', id: 'tinh', action: 'created' });
  });

  it('changes nothing when the same file comes again', () => {
    const plan = planDirectoryImport(FILE, stateAfter(FILE));
    expect(plan.changes).toEqual([]);
    expect(plan.changedUnits).toEqual([]);
    expect(plan.counts.units).toEqual({ created: 0, updated: 0, unchanged: 4 });
    expect(plan.counts.spokespersons).toEqual({ created: 0, updated: 0, unchanged: 1 });
  });

  it('upserts by id and leaves what the file does not name; a moved unit moves its subtree', () => {
    const before = stateAfter(FILE);
    const next = {
      units: [
        // xa-cu stays unnamed in this file: its path follows its parent's move.
        { id: 'huyen-moi', name: 'Huyện Mới', level: 'district', parentId: 'tinh', active: false },
        {
          id: 'huyen-cu',
          name: 'Huyện Cũ',
          level: 'district',
          parentId: 'huyen-moi',
          active: false,
        },
      ],
      organizations: [{ id: 'org-stp', name: 'Sở Tư pháp tỉnh', kind: 'drafting_agency' }],
    };
    // A district under a district breaks the tiers.
    expect(violationsOf(next, before)).toEqual([
      {
        field: 'units[1].parentId',
        description: 'a district ("huyen-cu") cannot be under a district ("huyen-moi")',
      },
    ]);
    const rename = {
      units: [
        { id: 'huyen-cu', name: 'Huyện  Cũ ', level: 'district', parentId: 'tinh', active: false },
      ],
      organizations: [
        { id: 'org-stp', name: 'Sở Tư pháp tỉnh', kind: 'drafting_agency', unitId: '' },
      ],
    };
    const plan = planDirectoryImport(rename, before);
    expect(plan.counts.units).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(plan.units.update[0]).toMatchObject({ name: 'Huyện  Cũ', version: 1 });
    expect(plan.organizations.update).toEqual([
      {
        id: 'org-stp',
        name: 'Sở Tư pháp tỉnh',
        kind: 'drafting_agency',
        unitId: null,
        demo: false,
        version: 1,
      },
    ]);
    expect(plan.spokespersons).toEqual({ insert: [], update: [] });
  });

  it('recomputes the paths of stored descendants when their ancestor moves', () => {
    const two = {
      units: [
        { id: 'tinh', name: 'Tỉnh Thử', level: 'province', parentId: null },
        { id: 'tinh-2', name: 'Tỉnh Hai', level: 'province', parentId: null },
        { id: 'huyen', name: 'Huyện', level: 'district', parentId: 'tinh' },
        { id: 'xa', name: 'Xã', level: 'commune', parentId: 'huyen' },
      ],
    };
    const before = stateAfter(two);
    const plan = planDirectoryImport(
      { units: [{ id: 'huyen', name: 'Huyện', level: 'district', parentId: 'tinh-2' }] },
      before,
    );
    expect(plan.changes).toEqual([
      { kind: 'unit', id: 'huyen', action: 'updated' },
      { kind: 'unit', id: 'xa', action: 'updated' },
    ]);
    expect(plan.changedUnits.map((u) => u.path)).toEqual([
      ['tinh-2', 'huyen'],
      ['tinh-2', 'huyen', 'xa'],
    ]);
  });

  it('normalises names to NFC', () => {
    const decomposed = 'Xã Y Tý'.normalize('NFD');
    const plan = planDirectoryImport(
      {
        units: [
          { id: 'tinh', name: 'Tỉnh', level: 'province' },
          { id: 'y-ty', name: decomposed, level: 'commune', parentId: 'tinh' },
        ],
      },
      EMPTY,
    );
    expect(plan.units.insert[1]?.name).toBe('Xã Y Tý'.normalize('NFC'));
    expect(plan.units.insert[1]?.name).not.toBe(decomposed);
  });

  it('refuses unknown parents, cycles, self parents and wrong tiers, naming each field', () => {
    const stored = stateAfter({ units: [{ id: 'tinh', name: 'Tỉnh', level: 'province' }] });
    expect(
      violationsOf(
        {
          units: [
            { id: 'a', name: 'A', level: 'commune', parentId: 'nowhere' },
            { id: 'b', name: 'B', level: 'commune', parentId: 'b' },
            { id: 'c', name: 'C', level: 'commune' },
            { id: 'd', name: 'D', level: 'province', parentId: 'tinh' },
            { id: 'e', name: 'E', level: 'commune', parentId: 'tinh', active: true },
          ],
          organizations: [{ id: 'o', name: 'O', kind: 'press_agency', unitId: 'missing' }],
          spokespersons: [
            {
              id: 's',
              organizationId: 'no-org',
              name: 'S',
              position: 'P',
              phone: '0214',
              email: 's@example.vn',
            },
          ],
        },
        stored,
      ),
    ).toEqual([
      { field: 'units[0].parentId', description: 'no unit "nowhere" in the file or the directory' },
      { field: 'units[1].parentId', description: 'a unit cannot be its own parent' },
      {
        field: 'units[2].parentId',
        description: 'a commune needs a parent (only a province is a root)',
      },
      {
        field: 'units[3].parentId',
        description: 'a province ("d") cannot be under a province ("tinh")',
      },
      {
        field: 'organizations[0].unitId',
        description: 'no unit "missing" in the file or the directory',
      },
      {
        field: 'spokespersons[0].organizationId',
        description: 'no organization "no-org" in the file or the directory',
      },
    ]);
  });

  it('refuses a cycle through several units, and an active unit under an inactive one', () => {
    const stored = stateAfter({ units: [{ id: 'tinh', name: 'Tỉnh', level: 'province' }] });
    const cycle = violationsOf(
      {
        units: [
          { id: 'x', name: 'X', level: 'district', parentId: 'y' },
          { id: 'y', name: 'Y', level: 'district', parentId: 'x' },
        ],
      },
      stored,
    );
    expect(cycle.map((v) => v.field)).toContain('units[0].parentId');
    expect(cycle.some((v) => /makes a cycle: x → y → x/.test(v.description))).toBe(true);
    expect(
      violationsOf(
        {
          units: [
            { id: 'h', name: 'H', level: 'district', parentId: 'tinh', active: false },
            { id: 'c', name: 'C', level: 'commune', parentId: 'h' },
          ],
        },
        stored,
      ),
    ).toEqual([
      {
        field: 'units[1].active',
        description:
          'active unit "c" cannot be under inactive "h"; mark both, or neither, inactive',
      },
    ]);
  });

  it('refuses junk ids, control characters, bad fields and duplicates, writing nothing', () => {
    const v = violationsOf({
      units: [
        { id: 'tinh', name: 'Tỉnh', level: 'province' },
        { id: 'bad id', name: 'X', level: 'commune', parentId: 'tinh' },
        { id: '__proto__', name: 'X', level: 'commune', parentId: 'tinh' },
        { id: 'ok-1', name: 'Xã\u0000 ẩn', level: 'commune', parentId: 'tinh' },
        { id: 'ok-2', name: 'Xã \u202Eđảo', level: 'hamlet', parentId: 'tinh' },
        { id: 'tinh', name: 'Tỉnh lần hai', level: 'province' },
        { id: 'x'.repeat(129), name: ' ', level: 'commune', parentId: 'tinh', active: 'yes' },
        'not an object',
      ],
      organizations: [{ id: 'o', name: 'O', kind: 'newspaper' }],
      spokespersons: [
        { id: 's', organizationId: 'o', name: 'S', position: 'P', phone: 'call me', email: 'no' },
      ],
    });
    const fields = v.map((x) => x.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'units[1].id',
        'units[2].id',
        'units[3].name',
        'units[4].name',
        'units[4].level',
        'units[5].id',
        'units[6].id',
        'units[6].name',
        'units[6].active',
        'units[7]',
        'organizations[0].kind',
        'spokespersons[0].phone',
        'spokespersons[0].email',
      ]),
    );
    expect(v.find((x) => x.field === 'units[5].id')?.description).toBe(
      '"tinh" appears twice (also units[0])',
    );
    expect(v.find((x) => x.field === 'units[3].name')?.description).toBe(
      'must not contain control or bidirectional characters',
    );
  });

  it('refuses too many rows before reading any, and bounds the violations it names', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => ({ id: `u${i}` }));
    expect(violationsOf({ units: many })).toEqual([
      {
        field: 'units',
        description: `at most ${MAX_IMPORT_UNITS} in one import (got 100000); split the file`,
      },
    ]);
    const bad = Array.from({ length: 500 }, (_, i) => ({
      id: `u${i}`,
      name: '',
      level: 'commune',
    }));
    const v = violationsOf({ units: bad });
    expect(v).toHaveLength(MAX_REPORTED_VIOLATIONS);
    expect(v.at(-1)).toEqual({
      field: 'input',
      description: expect.stringMatching(/^\d+ more problems not listed/) as string,
    });
  });

  it('refuses an empty file and lists that are not lists', () => {
    expect(violationsOf({})).toEqual([
      { field: 'input', description: 'holds no units, organizations or spokespersons' },
    ]);
    expect(violationsOf({ units: 'all' })).toEqual([
      { field: 'units', description: 'must be a list' },
    ]);
  });

  it('keeps a stored demo unit demo unless the file names it', () => {
    const demoUnit: Stored<UnitRecord> = {
      id: 'tinh',
      name: 'Tỉnh',
      level: 'province',
      parentId: null,
      path: ['tinh'],
      active: true,
      demo: true,
      version: 3,
    };
    const state = { ...EMPTY, units: [demoUnit] };
    const plan = planDirectoryImport(
      { units: [{ id: 'xa', name: 'Xã', level: 'commune', parentId: 'tinh' }] },
      state,
    );
    expect(plan.units.update).toEqual([]);
    expect(
      unitOf(
        stateAfter({ units: [{ id: 'tinh', name: 'Tỉnh', level: 'province' }] }, state),
        'tinh',
      ),
    ).toMatchObject({ demo: false, version: 4 });
  });
});

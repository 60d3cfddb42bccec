import { describe, expect, it } from 'vitest';
import { parseApiKey } from './api-key.js';
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
import { ORGANIZATION_KINDS, ROLES, UNIT_LEVELS } from './identity.contract.js';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const unitsById = new Map(DEMO_UNITS.map((u) => [u.id, u]));

describe('demo data set', () => {
  it('has unique, stable ascii kebab-case ids', () => {
    const ids = [
      ...DEMO_UNITS.map((u) => u.id),
      ...DEMO_ORGANIZATIONS.map((o) => o.id),
      ...DEMO_SPOKESPERSONS.map((s) => s.id),
      ...DEMO_ACCOUNTS.map((a) => a.id),
      DEMO_PARTNER_API_CLIENT.id,
    ];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(KEBAB);
  });

  it('forms one tree under the province, with paths that follow the parents', () => {
    for (const unit of DEMO_UNITS) {
      expect(UNIT_LEVELS).toContain(unit.level);
      expect(unit.path.at(-1)).toBe(unit.id);
      expect(unit.path[0]).toBe(PROVINCE_ID);
      if (unit.parentId === null) {
        expect(unit.id).toBe(PROVINCE_ID);
        expect(unit.path).toEqual([unit.id]);
      } else {
        const parent = unitsById.get(unit.parentId);
        expect(parent, unit.id).toBeDefined();
        expect(unit.path).toEqual([...(parent?.path ?? []), unit.id]);
      }
    }
  });

  it('keeps the nine legacy districts inactive, with 2 to 4 inactive communes each', () => {
    const districts = DEMO_UNITS.filter((u) => u.level === 'district');
    expect(districts).toHaveLength(9);
    for (const district of districts) {
      expect(district.active).toBe(false);
      expect(district.parentId).toBe(PROVINCE_ID);
      const communes = DEMO_UNITS.filter((u) => u.parentId === district.id);
      expect(communes.length).toBeGreaterThanOrEqual(2);
      expect(communes.length).toBeLessThanOrEqual(4);
      for (const commune of communes) expect(commune.active).toBe(false);
    }
  });

  it('has the active two-tier structure: communes and wards directly under the province', () => {
    const active = DEMO_UNITS.filter((u) => u.active && u.id !== PROVINCE_ID);
    expect(active.length).toBeGreaterThanOrEqual(12);
    for (const unit of active) {
      expect(unit.parentId).toBe(PROVINCE_ID);
      expect(['commune', 'ward']).toContain(unit.level);
    }
    expect(active.map((u) => u.name)).toEqual(
      expect.arrayContaining(['Phường Cam Đường', 'Phường Sa Pa', 'Xã Y Tý', 'Xã Bản Hồ']),
    );
  });

  it('references only organizations and units it defines', () => {
    for (const org of DEMO_ORGANIZATIONS) {
      expect(ORGANIZATION_KINDS).toContain(org.kind);
      if (org.unitId !== null) expect(unitsById.has(org.unitId), org.id).toBe(true);
    }
    const orgIds = new Set(DEMO_ORGANIZATIONS.map((o) => o.id));
    for (const s of DEMO_SPOKESPERSONS) expect(orgIds.has(s.organizationId)).toBe(true);
    for (const a of DEMO_ACCOUNTS) {
      expect(ROLES).toContain(a.role);
      if (a.organizationId !== null) expect(orgIds.has(a.organizationId)).toBe(true);
      for (const unitId of a.unitIds) expect(unitsById.get(unitId)?.active).toBe(true);
    }
    expect(orgIds.has(DEMO_PARTNER_API_CLIENT.organizationId)).toBe(true);
  });

  it('marks every record as demo and uses only demo contact details', () => {
    for (const r of [...DEMO_UNITS, ...DEMO_ORGANIZATIONS, ...DEMO_SPOKESPERSONS]) {
      expect(r.demo).toBe(true);
    }
    for (const s of DEMO_SPOKESPERSONS) {
      expect(s.email).toMatch(/@demo\.laocai\.gov\.vn$/);
      expect(s.name).toMatch(/Demo/);
    }
    for (const a of DEMO_ACCOUNTS) expect(a.email).toMatch(/@demo\.pcn\.vn$/);
  });

  it('has an account for every user role, and the API client for the partner system', () => {
    const roles = new Set(DEMO_ACCOUNTS.map((a) => a.role));
    for (const role of ROLES.filter((r) => r !== 'public' && r !== 'partner_system')) {
      expect(roles.has(role), role).toBe(true);
    }
    expect(DEMO_PARTNER_API_CLIENT.roles).toEqual(['partner_system']);
    expect(parseApiKey(DEMO_PARTNER_API_KEY)?.clientId).toBe(DEMO_PARTNER_API_CLIENT.id);
  });

  it('takes the demo password from the environment, else the documented one', () => {
    expect(demoPasswordFrom({})).toBe(DEMO_PASSWORD);
    expect(demoPasswordFrom({ PCN_DEMO_PASSWORD: '' })).toBe(DEMO_PASSWORD);
    expect(demoPasswordFrom({ PCN_DEMO_PASSWORD: 'a-longer-secret-1' })).toBe('a-longer-secret-1');
    expect(() => demoPasswordFrom({ PCN_DEMO_PASSWORD: 'short' })).toThrow(/PCN_DEMO_PASSWORD/);
  });
});

import { describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_ORGANIZATIONS } from './demo-data.js';
import { roleScopeViolations } from './role-scope.js';

const agency = { id: 'org-stp', kind: 'drafting_agency' } as const;
const press = { id: 'org-bao', kind: 'press_agency' } as const;
const office = { id: 'org-ubnd', kind: 'unit_office' } as const;
const portal = { id: 'org-portal', kind: 'partner_system' } as const;
const fields = (v: { field: string }[]) => v.map((x) => x.field);

describe('a role must fit its organization’s kind', () => {
  it('accepts each role in its kind of organization', () => {
    expect(roleScopeViolations(['agency_editor'], agency, [])).toEqual([]);
    expect(roleScopeViolations(['press_partner'], press, [])).toEqual([]);
    expect(roleScopeViolations(['partner_system'], portal, [])).toEqual([]);
    expect(roleScopeViolations(['unit_officer'], office, ['x-y-ty'])).toEqual([]);
    expect(roleScopeViolations(['unit_officer'], null, ['x-y-ty'])).toEqual([]);
    expect(roleScopeViolations(['network_admin'], null, [])).toEqual([]);
    expect(roleScopeViolations(['network_admin', 'agency_editor'], agency, [])).toEqual([]);
  });

  it('refuses an agency editor of a press organization, and every other mismatch, naming the field', () => {
    const [v] = roleScopeViolations(['agency_editor'], press, []);
    expect(v).toEqual({
      field: 'organizationId',
      description:
        'org-bao is a press_agency organization; agency_editor needs a drafting_agency organization',
    });
    expect(fields(roleScopeViolations(['press_partner'], agency, []))).toEqual(['organizationId']);
    expect(fields(roleScopeViolations(['partner_system'], office, []))).toEqual(['organizationId']);
    expect(fields(roleScopeViolations(['unit_officer'], agency, ['u']))).toEqual([
      'organizationId',
    ]);
    // Two roles that want two kinds of organization cannot share one.
    expect(fields(roleScopeViolations(['agency_editor', 'press_partner'], agency, []))).toEqual([
      'organizationId',
    ]);
  });

  it('wants the organization or units a role acts for, and no scope a role does not use', () => {
    expect(roleScopeViolations(['agency_editor'], null, [])[0]?.description).toMatch(
      /^is required for agency_editor: agency_editor acts for a drafting_agency organization/,
    );
    expect(fields(roleScopeViolations(['press_partner'], null, []))).toEqual(['organizationId']);
    expect(fields(roleScopeViolations(['unit_officer'], null, []))).toEqual(['unitIds']);
    expect(fields(roleScopeViolations(['network_admin'], agency, []))).toEqual(['organizationId']);
    expect(fields(roleScopeViolations(['agency_editor'], agency, ['u']))).toEqual(['unitIds']);
  });

  it('holds for every demo account, so demo seeding stays valid', () => {
    const orgs = new Map(DEMO_ORGANIZATIONS.map((o) => [o.id, o]));
    for (const a of DEMO_ACCOUNTS) {
      const org = a.organizationId === null ? null : (orgs.get(a.organizationId) ?? null);
      expect(roleScopeViolations([a.role], org, a.unitIds), a.id).toEqual([]);
    }
  });
});

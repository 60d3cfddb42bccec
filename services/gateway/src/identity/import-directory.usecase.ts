import { InvalidArgumentError, type FieldViolation } from '@pcn/platform';
import type { Store, Transaction } from '@pcn/storage';
import { findAll } from './collection-reads.js';
import type { DirectoryEvents } from './directory-events.js';
import {
  planDirectoryImport,
  type DirectoryChange,
  type DirectoryImportInput,
  type ImportCounts,
} from './directory-import.js';
import {
  organizationsCollection,
  spokespersonsCollection,
  unitsCollection,
  type OrganizationRecord,
  type SpokespersonRecord,
  type UnitRecord,
  type UserRecord,
  usersCollection,
} from './identity.collections.js';
import { roleScopeViolations } from './role-scope.js';

/**
 * An organization whose kind the file changes must still fit the roles of the accounts acting for
 * it (an agency's editors if it became a press organization): refused, naming the file's field,
 * until an operator has set those accounts' roles.
 */
async function kindChangeViolations(
  tx: Transaction,
  input: DirectoryImportInput,
  stored: readonly OrganizationRecord[],
  updated: readonly OrganizationRecord[],
): Promise<FieldViolation[]> {
  const before = new Map(stored.map((o) => [o.id, o.kind]));
  const users = tx.collection<UserRecord>(usersCollection);
  const violations: FieldViolation[] = [];
  for (const org of updated) {
    if (before.get(org.id) === org.kind) continue;
    const misfits = (await findAll(users, { organization_id: org.id })).filter(
      (u) => roleScopeViolations(u.roles, org, u.unitIds).length > 0,
    );
    if (misfits.length === 0) continue;
    const index = (input.organizations ?? []).findIndex(
      (o) => (o as { id?: unknown } | null)?.id === org.id,
    );
    const roles = [...new Set(misfits.flatMap((u) => u.roles))].join(', ');
    violations.push({
      field: `organizations[${index}].kind`,
      description: `cannot become ${org.kind}: ${misfits.length} account(s) act for ${org.id} as ${roles} (first: user ${misfits[0]?.id ?? ''}); change their roles first (pcn-admin users set-roles)`,
    });
  }
  return violations;
}

export interface DirectoryImportReport {
  dryRun: boolean;
  counts: Record<'units' | 'organizations' | 'spokespersons', ImportCounts>;
  changes: DirectoryChange[];
}

/** Serialises imports on MongoDB too: each plans against what the other wrote. */
const IMPORT_GUARD = 'directory:import';

/**
 * Loads or updates the directory from an operator's file (see `directory-import.ts` for the
 * rules). The plan is made and written in one transaction with the `UnitsChanged` events, so a
 * file with any problem writes nothing, and an import running twice changes nothing the second
 * time. `dryRun` plans and reports, writing nothing.
 */
export function createImportDirectory(deps: {
  store: Store;
  directoryEvents: Pick<DirectoryEvents, 'unitsChanged'>;
}) {
  return async function importDirectory(
    input: DirectoryImportInput,
    options: { dryRun: boolean },
  ): Promise<DirectoryImportReport> {
    return deps.store.transaction(async (tx: Transaction) => {
      await tx.guard(IMPORT_GUARD);
      const unitsOf = tx.collection<UnitRecord>(unitsCollection);
      const organizationsOf = tx.collection<OrganizationRecord>(organizationsCollection);
      const spokespersonsOf = tx.collection<SpokespersonRecord>(spokespersonsCollection);
      const storedOrganizations = await findAll(organizationsOf);
      const plan = planDirectoryImport(input, {
        units: await findAll(unitsOf),
        organizations: storedOrganizations,
        spokespersons: await findAll(spokespersonsOf),
      });
      const misfits = await kindChangeViolations(
        tx,
        input,
        storedOrganizations,
        plan.organizations.update,
      );
      if (misfits.length > 0) throw new InvalidArgumentError(misfits);
      const report = { dryRun: options.dryRun, counts: plan.counts, changes: plan.changes };
      if (options.dryRun) return report;
      // Units before the organizations that name them; each update is at the version planned on.
      await unitsOf.insertMany(plan.units.insert);
      for (const unit of plan.units.update) await unitsOf.update(unit);
      await deps.directoryEvents.unitsChanged(tx, plan.changedUnits);
      await organizationsOf.insertMany(plan.organizations.insert);
      for (const org of plan.organizations.update) await organizationsOf.update(org);
      await spokespersonsOf.insertMany(plan.spokespersons.insert);
      for (const sp of plan.spokespersons.update) await spokespersonsOf.update(sp);
      return report;
    });
  };
}

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
} from './identity.collections.js';

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
      const plan = planDirectoryImport(input, {
        units: await findAll(unitsOf),
        organizations: await findAll(organizationsOf),
        spokespersons: await findAll(spokespersonsOf),
      });
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

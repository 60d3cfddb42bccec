import { InvalidArgumentError, zodViolations, type FieldViolation } from '@pcn/platform';
import type { Stored } from '@pcn/storage';
import { z } from 'zod';
import type { OrganizationRecord, SpokespersonRecord, UnitRecord } from './identity.collections.js';
import { ORGANIZATION_KINDS, UNIT_LEVELS, type UnitLevel } from './identity.contract.js';
import {
  emailSchema,
  MAX_ID_LENGTH,
  MAX_NAME_LENGTH,
  RECORD_ID_PATTERN,
} from './identity-input.js';

/**
 * Loading the real directory (administrative units, organizations, spokespersons) from an
 * operator's file: the checks and the changes against what the store holds, without I/O. A file
 * is taken whole or not at all: every problem is a field violation (`units[3].parentId`), and the
 * plan exists only when there is none.
 */

/** A national tree with pre-2025 data is ~15,000 units; this leaves room and bounds the work. */
export const MAX_IMPORT_UNITS = 20_000;
export const MAX_IMPORT_ORGANIZATIONS = 10_000;
export const MAX_IMPORT_SPOKESPERSONS = 10_000;
/** Violations named in one refusal: they travel in gRPC trailers, which are small. */
export const MAX_REPORTED_VIOLATIONS = 50;
const MAX_PHONE_LENGTH = 32;

/** Ids as they appear in links and events: no spaces, no control or look-alike characters. */
export const DIRECTORY_ID_PATTERN = RECORD_ID_PATTERN;
// C0/C1 controls, lone surrogates, line and paragraph separators, bidirectional overrides: they
// hide or reorder text in lists and logs.
const FORBIDDEN_TEXT = /[\p{Cc}\p{Cs}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

const idField = z
  .string({ error: 'must be a string' })
  .min(1, 'is required')
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
  .regex(
    DIRECTORY_ID_PATTERN,
    'must be letters, digits, ".", "_", ":" or "-", starting with a letter or digit',
  );

/** An optional reference: empty, null or absent means none. */
const optionalRef = z
  .union([z.literal(''), z.null(), idField])
  .optional()
  .transform((v) => (v === '' || v === undefined ? null : v));

const textField = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .refine((s) => !FORBIDDEN_TEXT.test(s), 'must not contain control or bidirectional characters')
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().min(1, 'is required').max(max, `must be at most ${max} characters`));

const unitEntry = z.object({
  id: idField,
  name: textField(MAX_NAME_LENGTH),
  level: z.enum(UNIT_LEVELS, { error: `must be one of ${UNIT_LEVELS.join(', ')}` }),
  parentId: optionalRef,
  active: z
    .boolean({ error: 'must be true or false' })
    .nullish()
    .transform((v) => v ?? true),
});

const organizationEntry = z.object({
  id: idField,
  name: textField(MAX_NAME_LENGTH),
  kind: z.enum(ORGANIZATION_KINDS, { error: `must be one of ${ORGANIZATION_KINDS.join(', ')}` }),
  unitId: optionalRef,
});

const spokespersonEntry = z.object({
  id: idField,
  organizationId: idField,
  name: textField(MAX_NAME_LENGTH),
  position: textField(MAX_NAME_LENGTH),
  phone: textField(MAX_PHONE_LENGTH).pipe(
    z.string().regex(/^\+?[0-9][0-9 ().-]*$/, 'must be digits, spaces, "(", ")", "." or "-"'),
  ),
  email: z
    .string({ error: 'must be a string' })
    .transform((s) => s.trim())
    .pipe(emailSchema),
});

type UnitEntry = z.output<typeof unitEntry>;
type OrganizationEntry = z.output<typeof organizationEntry>;
type SpokespersonEntry = z.output<typeof spokespersonEntry>;

/** What an import carries; loosely typed, since it comes from an operator's file. */
export interface DirectoryImportInput {
  units?: readonly unknown[];
  organizations?: readonly unknown[];
  spokespersons?: readonly unknown[];
}

/** What the store holds now. */
export interface DirectoryState {
  units: readonly Stored<UnitRecord>[];
  organizations: readonly Stored<OrganizationRecord>[];
  spokespersons: readonly Stored<SpokespersonRecord>[];
}

export type DirectoryKind = 'unit' | 'organization' | 'spokesperson';

export interface DirectoryChange {
  kind: DirectoryKind;
  id: string;
  action: 'created' | 'updated';
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface Writes<T extends { id: string }> {
  insert: T[];
  /** Whole records at the version read, to replace. */
  update: Stored<T>[];
}

export interface DirectoryImportPlan {
  units: Writes<UnitRecord>;
  organizations: Writes<OrganizationRecord>;
  spokespersons: Writes<SpokespersonRecord>;
  counts: Record<'units' | 'organizations' | 'spokespersons', ImportCounts>;
  /** Every record created or changed, units first, parents before children. */
  changes: DirectoryChange[];
  /** The units created or changed, parents before children: what `UnitsChanged` carries. */
  changedUnits: UnitRecord[];
}

/** Administrative tiers: a unit's parent is always of a higher one. */
const TIER: Readonly<Record<UnitLevel, number>> = {
  province: 0,
  district: 1,
  commune: 2,
  ward: 2,
  town: 2,
};

/** Parses every entry of one list, naming the bad fields under `field[i]`. */
function parseList<S extends z.ZodType>(
  schema: S,
  list: readonly unknown[] | undefined,
  field: string,
  max: number,
  violations: FieldViolation[],
): { index: number; entry: z.output<S> }[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    violations.push({ field, description: 'must be a list' });
    return [];
  }
  // Refused before any entry is read: a hostile file must not cost a parse per row.
  if (list.length > max) {
    violations.push({
      field,
      description: `at most ${max} in one import (got ${list.length}); split the file`,
    });
    return [];
  }
  const out: { index: number; entry: z.output<S> }[] = [];
  const seen = new Map<string, number>();
  list.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      violations.push(...zodViolations(parsed.error, `${field}[${index}]`));
      return;
    }
    const entry = parsed.data as z.output<S> & { id: string };
    const first = seen.get(entry.id);
    if (first !== undefined) {
      violations.push({
        field: `${field}[${index}].id`,
        description: `"${entry.id}" appears twice (also ${field}[${first}])`,
      });
      return;
    }
    seen.set(entry.id, index);
    out.push({ index, entry });
  });
  return out;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** Keeps a refusal within what gRPC trailers carry; the rest are counted. */
export function boundedViolations(violations: readonly FieldViolation[]): FieldViolation[] {
  if (violations.length <= MAX_REPORTED_VIOLATIONS) return [...violations];
  const shown = violations.slice(0, MAX_REPORTED_VIOLATIONS - 1);
  return [
    ...shown,
    {
      field: 'input',
      description: `${violations.length - shown.length} more problems not listed; fix these and check again`,
    },
  ];
}

/**
 * Checks an import against the store's directory and works out its writes. Throws
 * `InvalidArgumentError` naming every problem (up to `MAX_REPORTED_VIOLATIONS`) when there is one.
 * Records absent from the import are left as they are: nothing is ever deleted.
 */
export function planDirectoryImport(
  input: DirectoryImportInput,
  state: DirectoryState,
): DirectoryImportPlan {
  const violations: FieldViolation[] = [];
  if (typeof input !== 'object' || input === null)
    throw new InvalidArgumentError([{ field: 'input', description: 'must be an object' }]);
  const units = parseList(unitEntry, input.units, 'units', MAX_IMPORT_UNITS, violations);
  const organizations = parseList(
    organizationEntry,
    input.organizations,
    'organizations',
    MAX_IMPORT_ORGANIZATIONS,
    violations,
  );
  const spokespersons = parseList(
    spokespersonEntry,
    input.spokespersons,
    'spokespersons',
    MAX_IMPORT_SPOKESPERSONS,
    violations,
  );
  const given = [input.units, input.organizations, input.spokespersons];
  if (given.every((l) => !Array.isArray(l) || l.length === 0) && violations.length === 0)
    violations.push({
      field: 'input',
      description: 'holds no units, organizations or spokespersons',
    });

  const unitPlan = planUnits(units, state.units, violations);
  const organizationIds = new Set(state.organizations.map((o) => o.id));
  for (const { entry } of organizations) organizationIds.add(entry.id);
  for (const { index, entry } of organizations)
    if (entry.unitId !== null && !unitPlan.known.has(entry.unitId))
      violations.push({
        field: `organizations[${index}].unitId`,
        description: `no unit "${entry.unitId}" in the file or the directory`,
      });
  for (const { index, entry } of spokespersons)
    if (!organizationIds.has(entry.organizationId))
      violations.push({
        field: `spokespersons[${index}].organizationId`,
        description: `no organization "${entry.organizationId}" in the file or the directory`,
      });

  // A short message: the violations travel beside it, and gRPC trailers are small.
  if (violations.length > 0)
    throw new InvalidArgumentError(
      boundedViolations(violations),
      `The directory import has ${violations.length} problem(s); nothing was written`,
    );

  const orgPlan = diff(
    'organization',
    organizations.map(({ entry }) => toOrganizationRecord(entry)),
    state.organizations,
    (a, b) => a.name === b.name && a.kind === b.kind && a.unitId === b.unitId && a.demo === b.demo,
  );
  const spokespersonPlan = diff(
    'spokesperson',
    spokespersons.map(({ entry }) => toSpokespersonRecord(entry)),
    state.spokespersons,
    (a, b) =>
      a.organizationId === b.organizationId &&
      a.name === b.name &&
      a.position === b.position &&
      a.phone === b.phone &&
      a.email === b.email &&
      a.demo === b.demo,
  );
  return {
    units: unitPlan.writes,
    organizations: orgPlan.writes,
    spokespersons: spokespersonPlan.writes,
    counts: {
      units: unitPlan.counts,
      organizations: orgPlan.counts,
      spokespersons: spokespersonPlan.counts,
    },
    changes: [...unitPlan.changes, ...orgPlan.changes, ...spokespersonPlan.changes],
    changedUnits: unitPlan.changed,
  };
}

function toOrganizationRecord(e: OrganizationEntry): OrganizationRecord {
  return { id: e.id, name: e.name, kind: e.kind, unitId: e.unitId, demo: false };
}

function toSpokespersonRecord(e: SpokespersonEntry): SpokespersonRecord {
  return {
    id: e.id,
    organizationId: e.organizationId,
    name: e.name,
    position: e.position,
    phone: e.phone,
    email: e.email,
    demo: false,
  };
}

function diff<T extends { id: string }>(
  kind: DirectoryKind,
  wanted: readonly T[],
  stored: readonly Stored<T>[],
  same: (a: T, b: T) => boolean,
): { writes: Writes<T>; counts: ImportCounts; changes: DirectoryChange[] } {
  const byId = new Map(stored.map((r) => [r.id, r]));
  const writes: Writes<T> = { insert: [], update: [] };
  const changes: DirectoryChange[] = [];
  let unchanged = 0;
  for (const record of wanted) {
    const current = byId.get(record.id);
    if (current === undefined) {
      writes.insert.push(record);
      changes.push({ kind, id: record.id, action: 'created' });
    } else if (same(record, current)) unchanged += 1;
    else {
      writes.update.push({ ...record, version: current.version });
      changes.push({ kind, id: record.id, action: 'updated' });
    }
  }
  return {
    writes,
    counts: { created: writes.insert.length, updated: writes.update.length, unchanged },
    changes,
  };
}

interface TreeNode {
  id: string;
  name: string;
  level: UnitLevel;
  parentId: string | null;
  active: boolean;
  /** Index in the import, when the import names this unit. */
  index?: number;
}

/**
 * The units after the import: the store's overlaid with the file's, every path computed from the
 * parents (a moved unit moves its subtree), and the rules of the tree checked wherever the import
 * touches it.
 */
function planUnits(
  entries: readonly { index: number; entry: UnitEntry }[],
  stored: readonly Stored<UnitRecord>[],
  violations: FieldViolation[],
) {
  const nodes = new Map<string, TreeNode>();
  for (const u of stored) nodes.set(u.id, u);
  for (const { index, entry } of entries) nodes.set(entry.id, { ...entry, index });
  const at = (node: TreeNode, field: string) => `units[${node.index ?? -1}].${field}`;

  // Rules on each edge the import touches (a child or a parent from the file).
  for (const node of nodes.values()) {
    if (node.parentId === null) {
      if (node.index !== undefined && node.level !== 'province')
        violations.push({
          field: at(node, 'parentId'),
          description: `a ${node.level} needs a parent (only a province is a root)`,
        });
      continue;
    }
    const parent = nodes.get(node.parentId);
    if (node.index === undefined && parent?.index === undefined) continue;
    if (parent === undefined) {
      violations.push({
        field: at(node, 'parentId'),
        description: `no unit "${node.parentId}" in the file or the directory`,
      });
      continue;
    }
    if (parent.id === node.id) {
      violations.push({
        field: at(node, 'parentId'),
        description: 'a unit cannot be its own parent',
      });
      continue;
    }
    const blame = node.index !== undefined ? node : parent;
    if (TIER[parent.level] >= TIER[node.level])
      violations.push({
        field: at(blame, node.index !== undefined ? 'parentId' : 'level'),
        description: `a ${node.level} ("${node.id}") cannot be under a ${parent.level} ("${parent.id}")`,
      });
    if (node.active && !parent.active)
      violations.push({
        field: at(blame, 'active'),
        description: `active unit "${node.id}" cannot be under inactive "${parent.id}"; mark both, or neither, inactive`,
      });
  }

  // Paths, root first; a chain that comes back to itself is a cycle.
  const paths = new Map<string, string[] | null>();
  const pathOf = (start: TreeNode): string[] | null => {
    const chain: TreeNode[] = [];
    const onChain = new Set<string>();
    let node: TreeNode | undefined = start;
    let base: string[] | null = [];
    while (node !== undefined) {
      const known = paths.get(node.id);
      if (known !== undefined) {
        base = known;
        break;
      }
      if (onChain.has(node.id)) {
        const cycle = [...chain.slice(chain.findIndex((n) => n.id === node!.id)), node];
        const first = cycle.find((n) => n.index !== undefined);
        // A unit that is its own parent is reported above.
        if (first && cycle.length > 2)
          violations.push({
            field: at(first, 'parentId'),
            description: `makes a cycle: ${cycle.map((n) => n.id).join(' → ')}`,
          });
        base = null;
        break;
      }
      chain.push(node);
      onChain.add(node.id);
      if (node.parentId === null) break;
      node = nodes.get(node.parentId);
      // A missing parent is reported above; the chain gets no path.
      if (node === undefined) base = null;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const n = chain[i]!;
      base = base === null ? null : [...base, n.id];
      paths.set(n.id, base);
    }
    return paths.get(start.id) ?? null;
  };
  for (const node of nodes.values()) pathOf(node);

  const storedById = new Map(stored.map((u) => [u.id, u]));
  const writes: Writes<UnitRecord> = { insert: [], update: [] };
  const changed: { record: UnitRecord; action: 'created' | 'updated' }[] = [];
  let unchanged = 0;
  for (const node of nodes.values()) {
    const path = paths.get(node.id);
    const current = storedById.get(node.id);
    // A stored unit whose chain is broken keeps its path (the store's own business).
    if (path === null || path === undefined) continue;
    const record: UnitRecord = {
      id: node.id,
      name: node.name,
      level: node.level,
      parentId: node.parentId,
      path,
      active: node.active,
      demo: node.index === undefined && current !== undefined ? current.demo : false,
    };
    if (current === undefined) {
      writes.insert.push(record);
      changed.push({ record, action: 'created' });
    } else if (
      current.name === record.name &&
      current.level === record.level &&
      current.parentId === record.parentId &&
      current.active === record.active &&
      current.demo === record.demo &&
      sameList(current.path, record.path)
    ) {
      if (node.index !== undefined) unchanged += 1;
    } else {
      writes.update.push({ ...record, version: current.version });
      changed.push({ record, action: 'updated' });
    }
  }
  // Parents before children, as the events must list them.
  changed.sort((a, b) => a.record.path.length - b.record.path.length);
  return {
    writes,
    known: nodes,
    changed: changed.map((c) => c.record),
    counts: { created: writes.insert.length, updated: writes.update.length, unchanged },
    changes: changed.map((c): DirectoryChange => ({
      kind: 'unit',
      id: c.record.id,
      action: c.action,
    })),
  };
}

import { InvalidArgumentError, type FieldViolation } from '@pcn/platform';
import { ID_FIELD, readIndexValue, type ResolvedSpec } from './collection-spec.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { compileFilter } from './filter.js';
import { keysetPredicate, type NormalizedSortKey } from './keyset.js';
import { and, type Predicate } from './predicate.js';
import type {
  DocumentBase,
  Filter,
  FindOptions,
  JsonScalar,
  Page,
  SortKey,
  Stored,
} from './store.contract.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

/** What an adapter needs to run `find`: a condition, an order and how many rows to fetch. */
export interface FindPlan {
  /** Filter and cursor conditions combined. */
  readonly where: Predicate;
  /** Normalised sort; always ends with `id`. */
  readonly sort: readonly NormalizedSortKey[];
  /** Page size; fetch `limit + 1` rows to learn whether another page follows. */
  readonly limit: number;
  /** Binds cursors to this collection, filter and sort. */
  readonly signature: string;
}

/** Validates `find` options and plans the query; throws `InvalidArgumentError` on bad input. */
export function planFind(spec: ResolvedSpec, options: FindOptions = {}): FindPlan {
  const limit = validateLimit(options.limit);
  const filter = compileFilter(spec, options.filter);
  const sort = normalizeSort(spec, options.sort);
  const signature = JSON.stringify([spec.name, filter, sort]);
  if (options.after === undefined || options.after === null) {
    return { where: filter, sort, limit, signature };
  }
  const values = decodeCursor(options.after, signature, sort.length);
  return { where: and([filter, keysetPredicate(sort, values)]), sort, limit, signature };
}

/** Page size: default 50, an integer from 1 to 1000. */
export function validateLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new InvalidArgumentError([
      { field: 'limit', description: `must be an integer from 1 to ${MAX_PAGE_SIZE}` },
    ]);
  }
  return limit;
}

/**
 * Checks sort keys against the declared indexes and appends the `id` tie-breaker (ascending)
 * unless the caller sorted on `id` already; keys after `id` could never matter and are dropped.
 */
export function normalizeSort(
  spec: ResolvedSpec,
  sort: readonly SortKey[] | undefined,
): NormalizedSortKey[] {
  const violations: FieldViolation[] = [];
  const out: NormalizedSortKey[] = [];
  const seen = new Set<string>();
  for (const [i, key] of (sort ?? []).entries()) {
    const at = `sort[${i}]`;
    if (typeof key !== 'object' || key === null) {
      violations.push({ field: at, description: 'must be { field, direction }' });
      continue;
    }
    if (key.field !== ID_FIELD && !spec.byName.has(key.field)) {
      violations.push({
        field: `${at}.field`,
        description: `is not a declared index of ${spec.name}`,
      });
    } else if (spec.byName.get(key.field)?.multi === true) {
      violations.push({
        field: `${at}.field`,
        description: `${key.field} is a multi-valued index and cannot be sorted on`,
      });
    } else if (seen.has(key.field)) {
      violations.push({ field: `${at}.field`, description: 'is sorted on twice' });
    }
    if (key.direction !== 'asc' && key.direction !== 'desc') {
      violations.push({ field: `${at}.direction`, description: 'must be asc or desc' });
    }
    seen.add(key.field);
    out.push({ field: key.field, direction: key.direction });
  }
  if (violations.length > 0) throw new InvalidArgumentError(violations);
  const idAt = out.findIndex((key) => key.field === ID_FIELD);
  if (idAt >= 0) return out.slice(0, idAt + 1);
  out.push({ field: ID_FIELD, direction: 'asc' });
  return out;
}

/** A document's values for the sort keys, as the store indexed them. */
export function sortValues(
  spec: ResolvedSpec,
  sort: readonly NormalizedSortKey[],
  doc: DocumentBase,
): JsonScalar[] {
  return sort.map((key) => {
    if (key.field === ID_FIELD) return doc.id;
    const index = spec.byName.get(key.field);
    if (!index) throw new Error(`Unknown sort field ${key.field}`);
    return readIndexValue(doc, index);
  });
}

/** Turns the `limit + 1` rows an adapter fetched into a page with its next cursor. */
export function toPage<T extends DocumentBase>(
  spec: ResolvedSpec,
  plan: FindPlan,
  rows: Stored<T>[],
): Page<T> {
  const items = rows.slice(0, plan.limit);
  const encode = (item: Stored<T>) =>
    encodeCursor(sortValues(spec, plan.sort, item), plan.signature);
  const last = items.at(-1);
  // Edge cursors are signed (a hash each), and most readers never look at them: made on demand.
  let cursors: string[] | undefined;
  return {
    items,
    nextCursor: rows.length > plan.limit && last ? encode(last) : null,
    get cursors() {
      return (cursors ??= items.map(encode));
    },
  };
}

/** Validates the index of `countBy` and the filter. */
export function planCountBy(
  spec: ResolvedSpec,
  index: string,
  filter: Filter | undefined,
): { where: Predicate; index: string } {
  if (!spec.byName.has(index)) {
    throw new InvalidArgumentError([
      { field: 'index', description: `is not a declared index of ${spec.name}` },
    ]);
  }
  if (spec.byName.get(index)?.multi === true) {
    throw new InvalidArgumentError([
      { field: 'index', description: `${index} is a multi-valued index and cannot be counted by` },
    ]);
  }
  return { where: compileFilter(spec, filter), index };
}

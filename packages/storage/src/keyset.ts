import { ALL, and, equals, NONE, or, type Predicate } from './predicate.js';
import type { JsonScalar } from './store.contract.js';

/** A sort key after normalisation; the last key of a normalised sort is always `id`. */
export interface NormalizedSortKey {
  readonly field: string;
  readonly direction: 'asc' | 'desc';
}

/**
 * The condition "comes strictly after the row with `values`" in the given sort order, where nulls
 * sort first in `asc` and last in `desc` (the natural order of both SQLite and MongoDB). Expanded as
 * `k1 > v1 OR (k1 = v1 AND k2 > v2) OR ...`; because the last key is the unique id, this is a strict
 * total order and pages never repeat or skip a row.
 */
export function keysetPredicate(
  sort: readonly NormalizedSortKey[],
  values: readonly JsonScalar[],
): Predicate {
  if (values.length !== sort.length) {
    throw new Error(`Keyset needs ${sort.length} values, got ${values.length}`);
  }
  const branches: Predicate[] = [];
  const equalPrefix: Predicate[] = [];
  sort.forEach((key, i) => {
    const value = values[i] as JsonScalar;
    branches.push(and([...equalPrefix, strictlyAfter(key, value)]));
    equalPrefix.push(equals(key.field, value));
  });
  // A redundant bound on the first key, AND-ed so that the planners can seek the index to the
  // cursor instead of scanning from the start (they do not derive it from the OR).
  return and([leadingBound(sort[0] as NormalizedSortKey, values[0] as JsonScalar), or(branches)]);
}

function leadingBound(key: NormalizedSortKey, value: JsonScalar): Predicate {
  const { field } = key;
  if (key.direction === 'asc') {
    return value === null ? ALL : { kind: 'after', field, op: 'gte', value };
  }
  // Descending, after a null only nulls remain; otherwise the bound would need an OR with null.
  return value === null ? { kind: 'null', field, negate: false } : ALL;
}

function strictlyAfter(key: NormalizedSortKey, value: JsonScalar): Predicate {
  const { field } = key;
  if (key.direction === 'asc') {
    // Nulls come first, so everything non-null is after a null.
    if (value === null) return { kind: 'null', field, negate: true };
    return { kind: 'after', field, op: 'gt', value };
  }
  // Descending: nulls come last, so nothing is after a null and nulls are after any value.
  if (value === null) return NONE;
  return or([
    { kind: 'after', field, op: 'lt', value },
    { kind: 'null', field, negate: false },
  ]);
}

/**
 * Compares two sort values the way the stores order them within one type: null first, then by
 * value. Used by tests and by code that merges pages; strings compare by code point (UTF-8 byte
 * order), like SQLite's binary collation and MongoDB's simple collation.
 */
export function compareSortValues(a: JsonScalar, b: JsonScalar): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const rank = (v: string | number | boolean) =>
    typeof v === 'number' || typeof v === 'boolean' ? 0 : 1;
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  return Number(a) - Number(b);
}

/** Code point order (which is UTF-8 byte order), unlike `<` on JS strings (UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done === true) return cb.done === true ? 0 : -1;
    if (cb.done === true) return 1;
    const diff = (ca.value.codePointAt(0) as number) - (cb.value.codePointAt(0) as number);
    if (diff !== 0) return diff;
  }
}

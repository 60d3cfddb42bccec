import type { JsonScalar } from './store.contract.js';

/** A scalar that is not null; null conditions have their own predicate kinds. */
export type NonNullScalar = string | number | boolean;

/**
 * A small condition tree that both adapters compile: filters and keyset (cursor) conditions are
 * built here once, so SQLite and MongoDB agree on what a query means. `field` is `id` or an index
 * name, never a path or column; the adapters map it.
 */
export type Predicate =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'and'; items: readonly Predicate[] }
  | { kind: 'or'; items: readonly Predicate[] }
  /** `negate: false` matches null or missing; `negate: true` matches any non-null value. */
  | { kind: 'null'; field: string; negate: boolean }
  | { kind: 'eq'; field: string; value: NonNullScalar }
  /** Not equal; null and missing values match, as in MongoDB. */
  | { kind: 'ne'; field: string; value: NonNullScalar }
  /** One of `values`, or null/missing when `orNull`. */
  | { kind: 'in'; field: string; values: readonly NonNullScalar[]; orNull: boolean }
  /**
   * A filter range: matches only values of the same type as `value` (strings with strings, numbers
   * with numbers), as MongoDB's comparison operators do.
   */
  | { kind: 'range'; field: string; op: RangeOp; value: string | number }
  /** A keyset comparison in sort order (nulls excluded, handled by the keyset builder). */
  | { kind: 'after'; field: string; op: 'gt' | 'gte' | 'lt'; value: NonNullScalar }
  /**
   * On a multi-valued index: the array has an element satisfying `element` (with `negate`, has
   * none). A document matches once however many elements do.
   */
  | { kind: 'has'; field: string; element: ElementCondition; negate: boolean };

export type RangeOp = 'gt' | 'gte' | 'lt' | 'lte';

/** What an element of a multi-valued index holds. */
export type ElementValue = string | number;

/** A condition on one element of a multi-valued index. */
export type ElementCondition =
  /** Any element: `has` means a non-empty array, negated an empty one. */
  | { kind: 'any' }
  | { kind: 'eq'; value: ElementValue }
  | { kind: 'in'; values: readonly ElementValue[] }
  /** Within one type, as for scalar ranges. */
  | { kind: 'range'; op: RangeOp; value: ElementValue }
  /** A string starting with `prefix`. */
  | { kind: 'prefix'; prefix: string };

export const ALL: Predicate = { kind: 'all' };
export const NONE: Predicate = { kind: 'none' };

/** Conjunction, flattened and simplified (`all` terms dropped, any `none` wins). */
export function and(items: readonly Predicate[]): Predicate {
  const out: Predicate[] = [];
  for (const item of items) {
    if (item.kind === 'all') continue;
    if (item.kind === 'none') return NONE;
    if (item.kind === 'and') out.push(...item.items);
    else out.push(item);
  }
  if (out.length === 0) return ALL;
  if (out.length === 1) return out[0] as Predicate;
  return { kind: 'and', items: out };
}

/** Disjunction, flattened and simplified (`none` terms dropped, any `all` wins). */
export function or(items: readonly Predicate[]): Predicate {
  const out: Predicate[] = [];
  for (const item of items) {
    if (item.kind === 'none') continue;
    if (item.kind === 'all') return ALL;
    if (item.kind === 'or') out.push(...item.items);
    else out.push(item);
  }
  if (out.length === 0) return NONE;
  if (out.length === 1) return out[0] as Predicate;
  return { kind: 'or', items: out };
}

/** Equality that treats null as "null or missing". */
export function equals(field: string, value: JsonScalar): Predicate {
  return value === null ? { kind: 'null', field, negate: false } : { kind: 'eq', field, value };
}

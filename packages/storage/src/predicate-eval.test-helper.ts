import type { Predicate } from './predicate.js';
import type { JsonScalar } from './store.contract.js';
import { compareCodePoints } from './keyset.js';

/**
 * Evaluates a predicate on a row of field values in memory, with the stores' semantics (null for
 * missing, ranges within one type, strings by code point). Tests use it as the reference model.
 */
export function evaluate(
  p: Predicate,
  row: Readonly<Record<string, JsonScalar | undefined>>,
): boolean {
  const get = (field: string): JsonScalar => row[field] ?? null;
  const cmp = (a: JsonScalar, b: JsonScalar): number | null => {
    if (a === null || b === null) return null;
    if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
    return null;
  };
  switch (p.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'and':
      return p.items.every((item) => evaluate(item, row));
    case 'or':
      return p.items.some((item) => evaluate(item, row));
    case 'null':
      return (get(p.field) === null) !== p.negate;
    case 'eq':
      return get(p.field) === p.value;
    case 'ne':
      return get(p.field) !== p.value;
    case 'in':
      return get(p.field) === null ? p.orNull : p.values.includes(get(p.field) as never);
    case 'range':
    case 'after': {
      const c = cmp(get(p.field), p.value);
      if (c === null) return false;
      switch (p.op) {
        case 'gt':
          return c > 0;
        case 'gte':
          return c >= 0;
        case 'lt':
          return c < 0;
        case 'lte':
          return c <= 0;
      }
    }
  }
}

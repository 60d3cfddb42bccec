import type { ElementCondition, ElementValue, Predicate } from './predicate.js';
import type { JsonScalar } from './store.contract.js';
import { compareCodePoints } from './keyset.js';

/** A row of field values: scalars, or arrays for multi-valued fields. */
export type EvalRow = Readonly<Record<string, JsonScalar | readonly ElementValue[] | undefined>>;

/**
 * Evaluates a predicate on a row of field values in memory, with the stores' semantics (null for
 * missing, ranges within one type, strings by code point, multi-valued fields by element). Tests
 * use it as the reference model.
 */
export function evaluate(p: Predicate, row: EvalRow): boolean {
  const get = (field: string): JsonScalar => {
    const value = row[field] ?? null;
    if (Array.isArray(value)) throw new Error(`${field} is multi-valued`);
    return value as JsonScalar;
  };
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
    case 'after':
      return inRange(cmp(get(p.field), p.value), p.op);
    case 'has': {
      const value = row[p.field] ?? [];
      if (!Array.isArray(value)) throw new Error(`${p.field} is not multi-valued`);
      const elements = value as readonly ElementValue[];
      const found = elements.some((e) => matchesElement(p.element, e, cmp));
      return found !== p.negate;
    }
  }
}

function matchesElement(
  condition: ElementCondition,
  element: ElementValue,
  cmp: (a: JsonScalar, b: JsonScalar) => number | null,
): boolean {
  switch (condition.kind) {
    case 'any':
      return true;
    case 'eq':
      return element === condition.value;
    case 'in':
      return condition.values.includes(element);
    case 'range':
      return inRange(cmp(element, condition.value), condition.op);
    case 'prefix':
      return typeof element === 'string' && element.startsWith(condition.prefix);
  }
}

function inRange(c: number | null, op: 'gt' | 'gte' | 'lt' | 'lte'): boolean {
  if (c === null) return false;
  switch (op) {
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

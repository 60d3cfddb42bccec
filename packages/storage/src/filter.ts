import { InvalidArgumentError, type FieldViolation } from '@pcn/platform';
import { ID_FIELD, type ResolvedSpec } from './collection-spec.js';
import { containsLoneSurrogate } from './document-rules.js';
import {
  and,
  equals,
  NONE,
  or,
  type ElementCondition,
  type ElementValue,
  type NonNullScalar,
  type Predicate,
  type RangeOp,
} from './predicate.js';
import type { Filter, JsonScalar } from './store.contract.js';

/** The most values one `$in` may list; keeps statements and cursors bounded. */
export const MAX_IN_VALUES = 1000;

const RANGE_OPS: Readonly<Record<string, RangeOp>> = {
  $gt: 'gt',
  $gte: 'gte',
  $lt: 'lt',
  $lte: 'lte',
};

/**
 * Validates a filter against the collection's declared indexes and turns it into a predicate.
 * Every problem is reported at once as an `InvalidArgumentError`. Conditions are taken in field
 * name order so that equal filters produce equal predicates (cursors depend on that).
 */
export function compileFilter(spec: ResolvedSpec, filter: Filter | undefined): Predicate {
  if (filter === undefined) return and([]);
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
    throw new InvalidArgumentError([{ field: 'filter', description: 'must be an object' }]);
  }
  const violations: FieldViolation[] = [];
  const parts: Predicate[] = [];
  for (const field of Object.keys(filter).sort()) {
    if (field !== ID_FIELD && !spec.byName.has(field)) {
      violations.push({
        field: `filter.${field}`,
        description: `is not a declared index of ${spec.name}`,
      });
      continue;
    }
    // Operands are text the stores encode as UTF-8, where a lone surrogate becomes U+FFFD.
    if (containsLoneSurrogate(filter[field])) {
      violations.push({
        field: `filter.${field}`,
        description: 'must be well-formed Unicode (it holds a lone surrogate)',
      });
      continue;
    }
    const part =
      spec.byName.get(field)?.multi === true
        ? compileMultiCondition(field, filter[field], violations)
        : compileCondition(field, filter[field], violations);
    if (part) parts.push(part);
  }
  if (violations.length > 0) throw new InvalidArgumentError(violations);
  return and(parts);
}

function compileCondition(
  field: string,
  condition: unknown,
  violations: FieldViolation[],
): Predicate | undefined {
  const where = `filter.${field}`;
  if (isScalar(condition)) {
    if (!isValidScalar(condition)) {
      violations.push({ field: where, description: 'numbers must be finite' });
      return undefined;
    }
    return equals(field, condition);
  }
  const operator = operatorOf(where, condition, violations);
  if (!operator) return undefined;
  const [op, operand] = operator;
  const at = `${where}.${op}`;
  switch (op) {
    case '$eq':
    case '$ne': {
      if (!isScalar(operand) || !isValidScalar(operand)) {
        violations.push({
          field: at,
          description: 'must be a string, finite number, boolean or null',
        });
        return undefined;
      }
      if (op === '$eq') return equals(field, operand);
      return operand === null
        ? { kind: 'null', field, negate: true }
        : { kind: 'ne', field, value: operand };
    }
    case '$in': {
      if (!Array.isArray(operand)) {
        violations.push({ field: at, description: 'must be an array' });
        return undefined;
      }
      if (operand.length > MAX_IN_VALUES) {
        violations.push({ field: at, description: `may list at most ${MAX_IN_VALUES} values` });
        return undefined;
      }
      const values: NonNullScalar[] = [];
      const seen = new Set<NonNullScalar>();
      let orNull = false;
      for (const value of operand as unknown[]) {
        if (!isScalar(value) || !isValidScalar(value)) {
          violations.push({
            field: at,
            description: 'values must be strings, finite numbers, booleans or null',
          });
          return undefined;
        }
        if (value === null) orNull = true;
        else if (!seen.has(value)) {
          seen.add(value);
          values.push(value);
        }
      }
      if (values.length === 0 && !orNull) return NONE;
      return { kind: 'in', field, values, orNull };
    }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      if (!(
        typeof operand === 'string' ||
        (typeof operand === 'number' && Number.isFinite(operand))
      )) {
        violations.push({ field: at, description: 'must be a string or a finite number' });
        return undefined;
      }
      return { kind: 'range', field, op: RANGE_OPS[op] as RangeOp, value: operand };
    }
    case '$prefix': {
      if (typeof operand !== 'string') {
        violations.push({ field: at, description: 'must be a string' });
        return undefined;
      }
      return prefixPredicate(field, operand);
    }
    default:
      violations.push({ field: at, description: 'is not a supported operator' });
      return undefined;
  }
}

/** The operator and operand of a condition object, or undefined after recording why not. */
function operatorOf(
  where: string,
  condition: unknown,
  violations: FieldViolation[],
): [string, unknown] | undefined {
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) {
    violations.push({ field: where, description: 'must be a scalar or an operator object' });
    return undefined;
  }
  const entries = Object.entries(condition as Record<string, unknown>);
  if (entries.length !== 1) {
    violations.push({ field: where, description: 'an operator object needs exactly one operator' });
    return undefined;
  }
  return entries[0];
}

const MULTI_VALUE =
  'must be a string, a finite number or null (a multi-valued index holds no booleans)';

/**
 * A condition on a multi-valued index: each operator asks whether the array has a matching element
 * (`$ne`: has none), and null stands for "no elements". See `IndexSpec.multi`.
 */
function compileMultiCondition(
  field: string,
  condition: unknown,
  violations: FieldViolation[],
): Predicate | undefined {
  const has = (element: ElementCondition, negate = false): Predicate => ({
    kind: 'has',
    field,
    element,
    negate,
  });
  const empty = has({ kind: 'any' }, true);
  const where = `filter.${field}`;
  if (isScalar(condition)) {
    if (!isElementOperand(condition)) {
      violations.push({ field: where, description: MULTI_VALUE });
      return undefined;
    }
    return condition === null ? empty : has({ kind: 'eq', value: condition });
  }
  const operator = operatorOf(where, condition, violations);
  if (!operator) return undefined;
  const [op, operand] = operator;
  const at = `${where}.${op}`;
  switch (op) {
    case '$eq':
    case '$ne': {
      if (!isElementOperand(operand)) {
        violations.push({ field: at, description: MULTI_VALUE });
        return undefined;
      }
      if (operand === null) return op === '$eq' ? empty : has({ kind: 'any' });
      return has({ kind: 'eq', value: operand }, op === '$ne');
    }
    case '$in': {
      if (!Array.isArray(operand)) {
        violations.push({ field: at, description: 'must be an array' });
        return undefined;
      }
      if (operand.length > MAX_IN_VALUES) {
        violations.push({ field: at, description: `may list at most ${MAX_IN_VALUES} values` });
        return undefined;
      }
      const values: ElementValue[] = [];
      const seen = new Set<ElementValue>();
      let orNull = false;
      for (const value of operand as unknown[]) {
        if (!isElementOperand(value)) {
          violations.push({
            field: at,
            description:
              'values must be strings, finite numbers or null (a multi-valued index holds no booleans)',
          });
          return undefined;
        }
        if (value === null) orNull = true;
        else {
          const v = value === 0 ? 0 : value;
          if (!seen.has(v)) {
            seen.add(v);
            values.push(v);
          }
        }
      }
      const parts: Predicate[] = [];
      if (values.length === 1) parts.push(has({ kind: 'eq', value: values[0] as ElementValue }));
      else if (values.length > 1) parts.push(has({ kind: 'in', values }));
      if (orNull) parts.push(empty);
      return or(parts);
    }
    case '$gt':
    case '$gte':
    case '$lt':
    case '$lte': {
      if (!isRangeOperand(operand)) {
        violations.push({ field: at, description: 'must be a string or a finite number' });
        return undefined;
      }
      return has({ kind: 'range', op: RANGE_OPS[op] as RangeOp, value: operand });
    }
    case '$prefix': {
      if (typeof operand !== 'string') {
        violations.push({ field: at, description: 'must be a string' });
        return undefined;
      }
      return has({ kind: 'prefix', prefix: operand });
    }
    default:
      violations.push({ field: at, description: 'is not a supported operator' });
      return undefined;
  }
}

function isElementOperand(value: unknown): value is ElementValue | null {
  return value === null || typeof value === 'string' || isFiniteNumber(value);
}

function isRangeOperand(value: unknown): value is ElementValue {
  return typeof value === 'string' || isFiniteNumber(value);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * A string prefix as a range `[prefix, successor)`, which both SQLite (binary collation) and
 * MongoDB (simple collation) can answer from an index: both compare UTF-8 bytes, whose order is
 * code point order.
 */
export function prefixPredicate(field: string, prefix: string): Predicate {
  const lower: Predicate = { kind: 'range', field, op: 'gte', value: prefix };
  const upper = prefixSuccessor(prefix);
  if (upper === null) return lower;
  return and([lower, { kind: 'range', field, op: 'lt', value: upper }]);
}

/**
 * The smallest string greater than every string that starts with `prefix`, or null when there is
 * none (the empty prefix, or one made only of U+10FFFF).
 */
export function prefixSuccessor(prefix: string): string | null {
  const codePoints = Array.from(prefix, (char) => char.codePointAt(0) as number);
  while (codePoints.length > 0) {
    const last = codePoints.pop() as number;
    if (last < 0x10ffff) {
      // Skip the surrogate block: it has no characters of its own.
      const next = last === 0xd7ff ? 0xe000 : last + 1;
      codePoints.push(next);
      return String.fromCodePoint(...codePoints);
    }
  }
  return null;
}

function isScalar(value: unknown): value is JsonScalar {
  return (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  );
}

function isValidScalar(value: JsonScalar): boolean {
  return typeof value !== 'number' || Number.isFinite(value);
}

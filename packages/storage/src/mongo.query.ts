import type { Document } from 'mongodb';
import { ID_FIELD } from './collection-spec.js';
import type { NormalizedSortKey } from './keyset.js';
import type { ElementCondition, NonNullScalar, Predicate } from './predicate.js';

/**
 * Layout of a collection document in MongoDB:
 * `{ _id: id, version, doc: <the document>, ix: { <index name>: <scalar> } }`.
 * Index values are extracted into `ix` by the same code as SQLite's columns (so both agree on what
 * is indexed), and null values are left out of `ix` so that a unique index, which is partial on
 * `$exists`, admits any number of nulls as SQLite's UNIQUE does. Queries for null match missing.
 * A multi-valued index holds the array of its distinct elements (left out when empty), under a
 * multikey index; see `compileHas` for how its conditions read.
 */
export const INDEX_FIELD = 'ix';

/** The MongoDB path of a query field (`id` or an index name). */
export function fieldPath(field: string): string {
  return field === ID_FIELD ? '_id' : `${INDEX_FIELD}.${field}`;
}

const RANGE_OPERATOR = { gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte' } as const;

/** Compiles a predicate to a MongoDB query document. */
export function compileQuery(p: Predicate): Document {
  switch (p.kind) {
    case 'all':
      return {};
    case 'none':
      return { _id: { $in: [] } };
    case 'and':
      return { $and: p.items.map(compileQuery) };
    case 'or':
      return { $or: p.items.map(compileQuery) };
    case 'null':
      return { [fieldPath(p.field)]: p.negate ? { $ne: null } : null };
    case 'eq':
      return { [fieldPath(p.field)]: { $eq: p.value } };
    case 'ne':
      return { [fieldPath(p.field)]: { $ne: p.value } };
    case 'in':
      return { [fieldPath(p.field)]: { $in: p.orNull ? [...p.values, null] : [...p.values] } };
    case 'range':
      return { [fieldPath(p.field)]: { [RANGE_OPERATOR[p.op]]: p.value } };
    case 'after':
      return compileAfter(p.field, p.op, p.value);
    case 'has':
      return compileHas(fieldPath(p.field), p.element, p.negate);
  }
}

/**
 * BSON sort order of the types an index value can have (null is handled by the keyset builder):
 * numbers < strings < booleans (MongoDB's "Comparison/Sort Order"). `$type` names them.
 */
const TYPE_ORDER = ['number', 'string', 'bool'] as const;

function bsonType(value: NonNullScalar): (typeof TYPE_ORDER)[number] {
  if (typeof value === 'number') return 'number';
  return typeof value === 'string' ? 'string' : 'bool';
}

/**
 * A keyset comparison in MongoDB's sort order. `$gt`/`$lt` only match values of the operand's
 * type (type bracketing), so "after 5" must also match every value of a type that sorts after
 * numbers; otherwise a page walk over an index holding numbers and strings would stop at the last
 * number and silently drop the strings (SQLite's comparison crosses types). Ids are always strings.
 */
export function compileAfter(
  field: string,
  op: 'gt' | 'gte' | 'lt',
  value: NonNullScalar,
): Document {
  const path = fieldPath(field);
  const comparison = { [path]: { [RANGE_OPERATOR[op]]: value } };
  if (field === ID_FIELD) return comparison;
  const at = TYPE_ORDER.indexOf(bsonType(value));
  const others = op === 'lt' ? TYPE_ORDER.slice(0, at) : TYPE_ORDER.slice(at + 1);
  if (others.length === 0) return comparison;
  return { $or: [comparison, { [path]: { $type: [...others] } }] };
}

/**
 * A condition on the elements of a multi-valued index (an array, missing when empty). Query
 * operators on an array field already ask whether some element matches; a range goes through
 * `$elemMatch` so that a single element satisfies all its bounds; "has none" is `$nin`, `$nor` or
 * a missing field, never `$ne`/`$not` on a partial condition. Values are data, never operators.
 */
export function compileHas(path: string, element: ElementCondition, negate: boolean): Document {
  switch (element.kind) {
    case 'any':
      return { [path]: { $exists: !negate } };
    case 'eq':
      return { [path]: negate ? { $nin: [element.value] } : { $eq: element.value } };
    case 'in':
      return { [path]: { [negate ? '$nin' : '$in']: [...element.values] } };
    case 'range': {
      const positive = {
        [path]: { $elemMatch: { [RANGE_OPERATOR[element.op]]: element.value } },
      };
      return negate ? { $nor: [positive] } : positive;
    }
    case 'prefix': {
      // An anchored regex on literal text only matches strings and is answered from the index.
      const positive = { [path]: { $regex: prefixRegex(element.prefix) } };
      return negate ? { $nor: [positive] } : positive;
    }
  }
}

/**
 * A regex source matching strings that start with `prefix`, literally: ASCII punctuation and
 * spaces are backslash-escaped (always literal in PCRE), control characters written as `\x{..}`
 * (BSON cannot carry NUL in a pattern), other characters kept as they are.
 */
export function prefixRegex(prefix: string): string {
  let out = '^';
  for (const char of prefix) {
    const code = char.codePointAt(0) as number;
    if (code < 0x20 || code === 0x7f) out += `\\x{${code.toString(16)}}`;
    else if (code < 0x80 && !/[A-Za-z0-9]/.test(char)) out += `\\${char}`;
    else out += char;
  }
  return out;
}

/** Sort document for a normalised sort; MongoDB sorts null (and missing) first ascending. */
export function compileSort(sort: readonly NormalizedSortKey[]): Document {
  const out: Document = {};
  for (const key of sort) out[fieldPath(key.field)] = key.direction === 'asc' ? 1 : -1;
  return out;
}

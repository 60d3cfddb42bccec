import type { Document } from 'mongodb';
import { ID_FIELD } from './collection-spec.js';
import type { NormalizedSortKey } from './keyset.js';
import type { Predicate } from './predicate.js';

/**
 * Layout of a collection document in MongoDB:
 * `{ _id: id, version, doc: <the document>, ix: { <index name>: <scalar> } }`.
 * Index values are extracted into `ix` by the same code as SQLite's columns (so both agree on what
 * is indexed), and null values are left out of `ix` so that a unique index, which is partial on
 * `$exists`, admits any number of nulls as SQLite's UNIQUE does. Queries for null match missing.
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
      return { [fieldPath(p.field)]: { [RANGE_OPERATOR[p.op]]: p.value } };
  }
}

/** Sort document for a normalised sort; MongoDB sorts null (and missing) first ascending. */
export function compileSort(sort: readonly NormalizedSortKey[]): Document {
  const out: Document = {};
  for (const key of sort) out[fieldPath(key.field)] = key.direction === 'asc' ? 1 : -1;
  return out;
}

import { ID_FIELD } from './collection-spec.js';
import type { NormalizedSortKey } from './keyset.js';
import { prefixSuccessor } from './filter.js';
import type { ElementCondition, Predicate } from './predicate.js';
import type { JsonScalar } from './store.contract.js';

/** What better-sqlite3 can bind for our values. */
export type SqlValue = string | number | null;

export interface SqlFragment {
  readonly sql: string;
  readonly params: SqlValue[];
}

/** Quotes an identifier; persisted names are validated already, this is defence in depth. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** The column an index's values live in. The `ix_` prefix keeps index names off our own columns. */
export function indexColumn(indexName: string): string {
  return `ix_${indexName}`;
}

/** The SQL index over an index column. */
export function sqlIndexName(collection: string, indexName: string): string {
  return `${collection}__${indexName}`;
}

/**
 * The side table holding a multi-valued index: one `(doc_id, value)` row per distinct element,
 * keyed by `(doc_id, value)`. `resolveSpec` keeps index names from clashing with it.
 */
export function multiTable(collection: string, indexName: string): string {
  return `${collection}__m_${indexName}`;
}

/** The SQL index over a side table's `(value, doc_id)`, for lookups by element. */
export function multiValueIndexName(collection: string, indexName: string): string {
  return `${multiTable(collection, indexName)}__by_value`;
}

/** The quoted column of a query field (`id` or an index name). */
export function fieldColumn(field: string): string {
  return field === ID_FIELD ? 'id' : quoteIdent(indexColumn(field));
}

/** SQLite has no boolean type: booleans are stored and compared as 1 and 0. */
export function toSqlValue(value: JsonScalar): SqlValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

const RANGE_SQL = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * Compiles a predicate on rows of `collection`'s table to a WHERE expression with `?` parameters.
 * Filter ranges are restricted to the operand's type, matching MongoDB (in SQLite every string is
 * greater than every number). Conditions on multi-valued indexes become `EXISTS` subqueries on
 * the side table, so a row matches once however many of its elements do.
 */
export function compileWhere(predicate: Predicate, collection: string): SqlFragment {
  const params: SqlValue[] = [];
  const sql = compile(predicate, params, collection);
  return { sql, params };
}

function compile(p: Predicate, params: SqlValue[], collection: string): string {
  switch (p.kind) {
    case 'all':
      return '1';
    case 'none':
      return '0';
    case 'and':
      return `(${p.items.map((item) => compile(item, params, collection)).join(' AND ')})`;
    case 'or':
      return `(${p.items.map((item) => compile(item, params, collection)).join(' OR ')})`;
    case 'null':
      return `${fieldColumn(p.field)} ${p.negate ? 'IS NOT NULL' : 'IS NULL'}`;
    case 'eq':
      params.push(toSqlValue(p.value));
      return `${fieldColumn(p.field)} = ?`;
    case 'ne':
      // IS NOT treats NULL as a value, so null and missing values match, as in MongoDB.
      params.push(toSqlValue(p.value));
      return `${fieldColumn(p.field)} IS NOT ?`;
    case 'in': {
      const column = fieldColumn(p.field);
      const terms: string[] = [];
      if (p.values.length > 0) {
        params.push(...p.values.map(toSqlValue));
        terms.push(`${column} IN (${p.values.map(() => '?').join(', ')})`);
      }
      if (p.orNull) terms.push(`${column} IS NULL`);
      return terms.length === 1 ? (terms[0] as string) : `(${terms.join(' OR ')})`;
    }
    case 'range': {
      const column = fieldColumn(p.field);
      const typeCheck =
        typeof p.value === 'string'
          ? `typeof(${column}) = 'text'`
          : `typeof(${column}) IN ('integer', 'real')`;
      params.push(p.value);
      return `(${typeCheck} AND ${column} ${RANGE_SQL[p.op]} ?)`;
    }
    case 'after':
      params.push(toSqlValue(p.value));
      return `${fieldColumn(p.field)} ${RANGE_SQL[p.op]} ?`;
    case 'has': {
      const side = quoteIdent(multiTable(collection, p.field));
      const element = compileElement(p.element, params);
      return (
        `${p.negate ? 'NOT EXISTS' : 'EXISTS'} (SELECT 1 FROM ${side} AS m ` +
        `WHERE m.doc_id = ${quoteIdent(collection)}.id${element === null ? '' : ` AND ${element}`})`
      );
    }
  }
}

/** The condition on a side table's `m.value`, or null for any element. */
function compileElement(element: ElementCondition, params: SqlValue[]): string | null {
  switch (element.kind) {
    case 'any':
      return null;
    case 'eq':
      params.push(element.value);
      return 'm.value = ?';
    case 'in':
      params.push(...element.values);
      return `m.value IN (${element.values.map(() => '?').join(', ')})`;
    case 'range': {
      const typeCheck =
        typeof element.value === 'string'
          ? "typeof(m.value) = 'text'"
          : "typeof(m.value) IN ('integer', 'real')";
      params.push(element.value);
      return `${typeCheck} AND m.value ${RANGE_SQL[element.op]} ?`;
    }
    case 'prefix': {
      // As for scalar prefixes: the range [prefix, successor) in binary (code point) order.
      params.push(element.prefix);
      const upper = prefixSuccessor(element.prefix);
      if (upper === null) return "typeof(m.value) = 'text' AND m.value >= ?";
      params.push(upper);
      return "typeof(m.value) = 'text' AND m.value >= ? AND m.value < ?";
    }
  }
}

/** ORDER BY for a normalised sort; SQLite puts nulls first in ASC and last in DESC by default. */
export function compileOrderBy(sort: readonly NormalizedSortKey[]): string {
  return sort
    .map((key) => `${fieldColumn(key.field)} ${key.direction === 'asc' ? 'ASC' : 'DESC'}`)
    .join(', ');
}

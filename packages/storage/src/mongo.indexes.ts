import type { CreateIndexesOptions, Document } from 'mongodb';
import type { ResolvedIndex } from './collection-spec.js';
import { fieldPath } from './mongo.query.js';

/** One MongoDB index the store keeps for a declared index. */
export interface MongoIndexDefinition {
  readonly name: string;
  readonly key: Document;
  readonly options: CreateIndexesOptions;
}

/**
 * Names of the sort companions of index `x`: `x-desc` and `x-sort`. A hyphen cannot occur in a
 * declared index name (`collection-spec.ts`), so they never clash with one, and migrations can
 * tell them from indexes an operator added by hand.
 */
const COMPANION = /^[a-z][a-z0-9_]*-(desc|sort)$/;

export function isCompanionName(name: string): boolean {
  return COMPANION.test(name);
}

/**
 * The MongoDB indexes behind a declared index. A sort is `{ <index>: ±1, _id: 1 }` (the contract's
 * tie-breaker is `id` ascending in both directions), and MongoDB serves a sort from an index only
 * when the key pattern matches it or its exact reverse. So:
 *
 * - non-unique: `{ ix.x: 1, _id: 1 }` serves the filter and the ascending sort, and its companion
 *   `x-desc` `{ ix.x: -1, _id: 1 }` the descending one (without it, `desc` sorts every match in
 *   memory, and fails past the 100 MB sort limit);
 * - unique: `{ ix.x: 1 }` (partial on `$exists`, so any number of nulls), plus both sort
 *   companions, since a unique key cannot carry the id;
 * - multi: a multikey `{ ix.x: 1, _id: 1 }` for filters only; multi indexes are never sorted on.
 */
export function indexDefinitions(index: ResolvedIndex): MongoIndexDefinition[] {
  const path = fieldPath(index.name);
  if (index.multi) return [{ name: index.name, key: { [path]: 1, _id: 1 }, options: {} }];
  const desc = { name: `${index.name}-desc`, key: { [path]: -1, _id: 1 }, options: {} };
  if (!index.unique) {
    return [{ name: index.name, key: { [path]: 1, _id: 1 }, options: {} }, desc];
  }
  return [
    {
      name: index.name,
      key: { [path]: 1 },
      // Partial, so that any number of documents may lack a value (as SQLite's UNIQUE).
      options: { unique: true, partialFilterExpression: { [path]: { $exists: true } } },
    },
    { name: `${index.name}-sort`, key: { [path]: 1, _id: 1 }, options: {} },
    desc,
  ];
}

/** Whether an index with `key` can return documents in `sort` order without sorting them. */
export function servesSort(key: Document, sort: Document): boolean {
  const keyEntries = Object.entries(key);
  const sortEntries = Object.entries(sort);
  if (sortEntries.length > keyEntries.length) return false;
  const same = sortEntries.every(([f, d], i) => keyEntries[i]?.[0] === f && keyEntries[i][1] === d);
  const reversed = sortEntries.every(
    ([f, d], i) => keyEntries[i]?.[0] === f && keyEntries[i][1] === -(d as number),
  );
  return same || reversed;
}

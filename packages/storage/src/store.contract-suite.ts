import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlreadyExistsError, ConflictError, InvalidArgumentError } from '@pcn/platform';
import { compareCodePoints } from './keyset.js';
import type {
  CollectionSpec,
  DocumentBase,
  Filter,
  JsonScalar,
  SortKey,
  Store,
  Stored,
  Transaction,
} from './store.contract.js';
import { TransactionUsageError } from './transaction-usage.js';

interface Item extends DocumentBase {
  status: string | null;
  rank?: number | null;
  title: string;
  slug?: string | null;
  unit?: { path: string };
  flag?: boolean;
  body?: string;
  extra?: Record<string, unknown>;
}

const ITEMS: CollectionSpec = {
  name: 'items',
  indexes: [
    { name: 'status', path: 'status' },
    { name: 'rank', path: 'rank' },
    { name: 'slug', path: 'slug', unique: true },
    { name: 'unit_path', path: 'unit.path' },
    { name: 'flag', path: 'flag' },
  ],
};

interface Counter extends DocumentBase {
  value: number;
}

const COUNTERS: CollectionSpec = { name: 'counters', indexes: [] };

const ITEMS_V1: CollectionSpec = {
  name: 'evolving',
  indexes: [{ name: 'status', path: 'status' }],
};
const ITEMS_V2: CollectionSpec = {
  name: 'evolving',
  indexes: [
    { name: 'status', path: 'status' },
    { name: 'category', path: 'meta.category' },
  ],
};

interface Draft extends DocumentBase {
  status: string | null;
  rank?: number | null;
  target?: { unitIds?: (string | number)[] | null };
  codes?: (string | number)[] | null;
}

/** Multi-valued indexes next to scalar ones. */
const DRAFTS: CollectionSpec = {
  name: 'drafts',
  indexes: [
    { name: 'status', path: 'status' },
    { name: 'rank', path: 'rank' },
    { name: 'units', path: 'target.unitIds', multi: true },
    { name: 'codes', path: 'codes', multi: true },
  ],
};

const TAGGED_V1: CollectionSpec = {
  name: 'tagged',
  indexes: [{ name: 'status', path: 'status' }],
};
const TAGGED_V2: CollectionSpec = {
  name: 'tagged',
  indexes: [
    { name: 'status', path: 'status' },
    { name: 'tags', path: 'meta.tags', multi: true },
  ],
};

function draft(id: string, unitIds?: (string | number)[] | null, fields: Partial<Draft> = {}) {
  const doc: Draft = { id, status: 'draft', ...fields };
  if (unitIds !== undefined) doc.target = { unitIds };
  return doc;
}

function unitsOf(doc: Draft): readonly (string | number)[] {
  return doc.target?.unitIds ?? [];
}

function item(id: string, fields: Partial<Item> = {}): Item {
  return { id, status: 'draft', title: `Title ${id}`, ...fields };
}

/** Ids sorted the way the stores sort strings (code points, i.e. UTF-8 bytes). */
function sortedIds(ids: Iterable<string>): string[] {
  return [...ids].sort(compareCodePoints);
}

function idsOf(items: readonly DocumentBase[]): string[] {
  return items.map((i) => i.id);
}

/** A JS model of the stores' ordering, to check sorts against. Values are of one type plus null. */
function compareBy(sort: readonly SortKey[]) {
  type Sortable = Pick<Item, 'id' | 'status' | 'rank'>;
  const value = (doc: Sortable, field: string): JsonScalar => {
    if (field === 'id') return doc.id;
    if (field === 'rank') return doc.rank ?? null;
    if (field === 'status') return doc.status;
    throw new Error(`no model for ${field}`);
  };
  return (a: Sortable, b: Sortable): number => {
    for (const key of sort) {
      const va = value(a, key.field);
      const vb = value(b, key.field);
      let diff: number;
      if (va === vb) diff = 0;
      else if (va === null) diff = -1;
      else if (vb === null) diff = 1;
      else if (typeof va === 'string' && typeof vb === 'string') diff = compareCodePoints(va, vb);
      else diff = Number(va) - Number(vb);
      if (diff !== 0) return key.direction === 'asc' ? diff : -diff;
    }
    return compareCodePoints(a.id, b.id);
  };
}

async function expectError(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => Error,
) {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(type);
  return error;
}

function outboxMessage(id: string, subject = 'pcn.test.happened') {
  return { id, subject, payload: JSON.stringify({ id, note: 'payload' }) };
}

/**
 * The behaviour every `Store` promises. Each test gets a fresh store from `open()` (a new file or
 * database) with the test collections migrated, and closes it afterwards. Tests avoid anything
 * one adapter cannot promise: in particular, transactions may be retried, so their work is
 * idempotent, and concurrent transactions are checked by their outcome, not their timing.
 */
export function storeContractSuite(name: string, open: () => Promise<Store>): void {
  describe(`${name} store contract`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await open();
      await store.migrate([ITEMS, COUNTERS, ITEMS_V1, DRAFTS]);
    });

    afterEach(async () => {
      await store.close();
    });

    const items = () => store.collection<Item>(ITEMS);

    describe('basics', () => {
      it('reports its kind and answers ping', async () => {
        expect(typeof store.kind).toBe('string');
        await store.ping();
      });

      it('refuses collections that were not migrated, or migrated differently', () => {
        expect(() => store.collection({ name: 'never_migrated', indexes: [] })).toThrow(
          /not migrated/,
        );
        expect(() => store.collection({ name: 'items', indexes: [] })).toThrow(/different indexes/);
      });
    });

    describe('get, insert, update, delete', () => {
      it('returns null for a missing document', async () => {
        expect(await items().get('missing')).toBeNull();
      });

      it('inserts at version 1 and reads back the same document', async () => {
        const doc = item('a', { rank: 3, unit: { path: '/1/2/' }, flag: true, slug: 's-a' });
        const stored = await items().insert(doc);
        expect(stored).toEqual({ ...doc, version: 1 });
        expect(await items().get('a')).toEqual({ ...doc, version: 1 });
      });

      it('ignores a version on the inserted document', async () => {
        const stored = await items().insert({ ...item('v'), version: 7 } as Item);
        expect(stored.version).toBe(1);
        expect((await items().get('v'))?.version).toBe(1);
      });

      it('rejects a second insert with the same id and keeps the first', async () => {
        await items().insert(item('a', { title: 'first' }));
        await expectError(items().insert(item('a', { title: 'second' })), AlreadyExistsError);
        expect((await items().get('a'))?.title).toBe('first');
      });

      it('rejects a unique index clash and writes nothing', async () => {
        await items().insert(item('a', { slug: 'same' }));
        await expectError(items().insert(item('b', { slug: 'same' })), AlreadyExistsError);
        expect(await items().get('b')).toBeNull();
        expect(await items().count()).toBe(1);
      });

      it('lets any number of documents lack a unique value', async () => {
        await items().insert(item('a'));
        await items().insert(item('b', { slug: null }));
        await items().insert(item('c'));
        expect(await items().count({ slug: null })).toBe(3);
      });

      it('rejects documents without a usable id', async () => {
        await expectError(items().insert(item('')), InvalidArgumentError);
        await expectError(
          items().insert({ status: 'x', title: 't' } as unknown as Item),
          InvalidArgumentError,
        );
      });

      it('rejects an object or array at an indexed path', async () => {
        await expectError(
          items().insert({ ...item('a'), status: { nested: true } } as unknown as Item),
          InvalidArgumentError,
        );
        expect(await items().count()).toBe(0);
      });

      it('updates at the next version and re-indexes the document', async () => {
        const v1 = await items().insert(item('a', { status: 'draft' }));
        const v2 = await items().update({ ...v1, status: 'published', title: 'New' });
        expect(v2.version).toBe(2);
        expect(v2.title).toBe('New');
        expect(await items().get('a')).toEqual(v2);
        expect(await items().count({ status: 'draft' })).toBe(0);
        expect(await items().count({ status: 'published' })).toBe(1);
        const v3 = await items().update(v2);
        expect(v3.version).toBe(3);
      });

      it('raises ConflictError for a stale version and changes nothing', async () => {
        const v1 = await items().insert(item('a'));
        await items().update({ ...v1, title: 'winner' });
        const error = (await expectError(
          items().update({ ...v1, title: 'loser' }),
          ConflictError,
        )) as ConflictError;
        expect(error.resourceType).toBe('items');
        expect(error.resourceId).toBe('a');
        expect(error.expectedVersion).toBe(1);
        expect(error.actualVersion).toBe(2);
        expect((await items().get('a'))?.title).toBe('winner');
      });

      it('raises ConflictError when updating a missing document', async () => {
        const error = (await expectError(
          items().update({ ...item('ghost'), version: 1 }),
          ConflictError,
        )) as ConflictError;
        expect(error.actualVersion).toBeNull();
        expect(await items().get('ghost')).toBeNull();
      });

      it('rejects an update into a unique clash and keeps the document', async () => {
        await items().insert(item('a', { slug: 'taken' }));
        const b = await items().insert(item('b', { slug: 'free' }));
        await expectError(items().update({ ...b, slug: 'taken' }), AlreadyExistsError);
        expect((await items().get('b'))?.slug).toBe('free');
      });

      it('deletes without a version, reporting whether it did', async () => {
        await items().insert(item('a'));
        expect(await items().delete('a')).toBe(true);
        expect(await items().get('a')).toBeNull();
        expect(await items().delete('a')).toBe(false);
      });

      it('deletes at the expected version only', async () => {
        const v1 = await items().insert(item('a'));
        const v2 = await items().update(v1);
        const error = (await expectError(items().delete('a', 1), ConflictError)) as ConflictError;
        expect(error.actualVersion).toBe(2);
        expect(await items().get('a')).not.toBeNull();
        expect(await items().delete('a', v2.version)).toBe(true);
        const gone = (await expectError(items().delete('a', 2), ConflictError)) as ConflictError;
        expect(gone.actualVersion).toBeNull();
      });
    });

    describe('insertMany', () => {
      it('inserts every document', async () => {
        const docs = Array.from({ length: 120 }, (_, i) => item(`m${String(i).padStart(3, '0')}`));
        await items().insertMany(docs);
        expect(await items().count()).toBe(120);
        expect(await items().get('m077')).toEqual({ ...docs[77], version: 1 });
      });

      it('accepts an empty batch', async () => {
        await items().insertMany([]);
        expect(await items().count()).toBe(0);
      });

      it('writes none when one document clashes with a stored one', async () => {
        await items().insert(item('b'));
        await expectError(
          items().insertMany([item('a'), item('b'), item('c')]),
          AlreadyExistsError,
        );
        expect(sortedIds(idsOf((await items().find()).items))).toEqual(['b']);
      });

      it('writes none of a large batch when its last part clashes', async () => {
        await items().insert(item('b230', { slug: 'late' }));
        const batch = Array.from({ length: 250 }, (_, i) => item(`b${String(i).padStart(3, '0')}`));
        await expectError(items().insertMany(batch), AlreadyExistsError);
        expect(await items().count()).toBe(1);
        batch[230] = item('b230x');
        await items().insertMany(batch);
        expect(await items().count()).toBe(251);
      });

      it('writes none of a clashing batch inside a transaction, which stays usable', async () => {
        await items().insert(item('b', { slug: 'taken' }));
        await store.transaction(async (tx) => {
          const coll = tx.collection<Item>(ITEMS);
          await coll.insert(item('first'));
          await expectError(
            coll.insertMany([item('a'), item('c', { slug: 'taken' })]),
            AlreadyExistsError,
          );
          await coll.insertMany([item('a'), item('c')]);
        });
        expect(sortedIds(idsOf((await items().find()).items))).toEqual(['a', 'b', 'c', 'first']);
      });

      it('writes none when the batch repeats an id or a unique value', async () => {
        await expectError(items().insertMany([item('a'), item('a')]), AlreadyExistsError);
        await expectError(
          items().insertMany([item('x', { slug: 'dup' }), item('y', { slug: 'dup' })]),
          AlreadyExistsError,
        );
        expect(await items().count()).toBe(0);
      });
    });

    describe('find', () => {
      // ranks: null for every fifth, else i % 7; statuses cycle; unit paths nest.
      const fixture = Array.from({ length: 40 }, (_, i) =>
        item(`f${String(i).padStart(2, '0')}`, {
          status: i % 9 === 0 ? null : (['draft', 'open', 'closed'] as const)[i % 3],
          rank: i % 5 === 0 ? null : i % 7,
          unit: { path: i % 2 === 0 ? `/hn/${i % 4}/` : `/hcm/${i % 3}/` },
          flag: i % 2 === 0,
        }),
      );
      const idsWhere = (predicate: (doc: Item) => boolean) =>
        sortedIds(fixture.filter(predicate).map((d) => d.id));

      beforeEach(async () => {
        await items().insertMany(fixture);
      });

      const findIds = async (filter: Record<string, unknown>) =>
        sortedIds(idsOf((await items().find({ filter: filter as never, limit: 1000 })).items));

      it('matches bare equality and $eq, with null matching missing', async () => {
        expect(await findIds({ status: 'open' })).toEqual(idsWhere((d) => d.status === 'open'));
        expect(await findIds({ status: { $eq: 'open' } })).toEqual(
          idsWhere((d) => d.status === 'open'),
        );
        expect(await findIds({ status: null })).toEqual(idsWhere((d) => d.status === null));
        expect(await findIds({ rank: { $eq: null } })).toEqual(idsWhere((d) => d.rank === null));
        expect(await findIds({ slug: null })).toEqual(idsWhere(() => true));
      });

      it('matches $ne including nulls, and $ne null', async () => {
        expect(await findIds({ status: { $ne: 'open' } })).toEqual(
          idsWhere((d) => d.status !== 'open'),
        );
        expect(await findIds({ rank: { $ne: null } })).toEqual(idsWhere((d) => d.rank !== null));
      });

      it('matches $in, with null matching missing, and empty $in matching nothing', async () => {
        expect(await findIds({ status: { $in: ['open', 'closed'] } })).toEqual(
          idsWhere((d) => d.status === 'open' || d.status === 'closed'),
        );
        expect(await findIds({ rank: { $in: [1, null] } })).toEqual(
          idsWhere((d) => d.rank === 1 || d.rank === null),
        );
        expect(await findIds({ status: { $in: [] } })).toEqual([]);
      });

      it('matches $gt, $gte, $lt, $lte on numbers without matching nulls', async () => {
        const rank = (d: Item) => d.rank ?? null;
        expect(await findIds({ rank: { $gt: 3 } })).toEqual(
          idsWhere((d) => rank(d) !== null && (rank(d) as number) > 3),
        );
        expect(await findIds({ rank: { $gte: 3 } })).toEqual(
          idsWhere((d) => rank(d) !== null && (rank(d) as number) >= 3),
        );
        expect(await findIds({ rank: { $lt: 3 } })).toEqual(
          idsWhere((d) => rank(d) !== null && (rank(d) as number) < 3),
        );
        expect(await findIds({ rank: { $lte: 3 } })).toEqual(
          idsWhere((d) => rank(d) !== null && (rank(d) as number) <= 3),
        );
      });

      it('compares strings only with strings', async () => {
        expect(await findIds({ status: { $gte: 'd' } })).toEqual(
          idsWhere((d) => d.status !== null && d.status >= 'd'),
        );
        expect(await findIds({ status: { $gt: 0 } })).toEqual([]);
        expect(await findIds({ id: { $lt: 'f05' } })).toEqual(idsWhere((d) => d.id < 'f05'));
      });

      it('matches $prefix for materialised paths', async () => {
        expect(await findIds({ unit_path: { $prefix: '/hn/' } })).toEqual(
          idsWhere((d) => d.unit?.path.startsWith('/hn/') === true),
        );
        expect(await findIds({ unit_path: { $prefix: '/hcm/1' } })).toEqual(
          idsWhere((d) => d.unit?.path.startsWith('/hcm/1') === true),
        );
        expect(await findIds({ unit_path: { $prefix: '' } })).toEqual(idsWhere(() => true));
      });

      it('matches booleans and combines conditions with AND', async () => {
        expect(await findIds({ flag: true })).toEqual(idsWhere((d) => d.flag === true));
        expect(await findIds({ flag: false, status: 'open' })).toEqual(
          idsWhere((d) => d.flag === false && d.status === 'open'),
        );
      });

      it('filters on id', async () => {
        expect(await findIds({ id: 'f07' })).toEqual(['f07']);
        expect(await findIds({ id: { $in: ['f01', 'f02', 'nope'] } })).toEqual(['f01', 'f02']);
      });

      it('rejects undeclared indexes, unknown operators and bad operands', async () => {
        await expectError(items().find({ filter: { title: 'x' } }), InvalidArgumentError);
        await expectError(items().count({ title: 'x' }), InvalidArgumentError);
        await expectError(
          items().find({ filter: { status: { $regex: 'x' } } as never }),
          InvalidArgumentError,
        );
        await expectError(
          items().find({ filter: { rank: { $gt: 1, $lt: 5 } } }),
          InvalidArgumentError,
        );
        await expectError(items().find({ filter: { rank: { $gt: null } } }), InvalidArgumentError);
        await expectError(
          items().find({ filter: { unit_path: { $prefix: 3 } } as never }),
          InvalidArgumentError,
        );
        await expectError(
          items().find({ sort: [{ field: 'title', direction: 'asc' }] }),
          InvalidArgumentError,
        );
        await expectError(items().countBy('title'), InvalidArgumentError);
      });

      it('validates the page size', async () => {
        expect((await items().find()).items).toHaveLength(40);
        expect((await items().find({ limit: 1 })).items).toHaveLength(1);
        for (const limit of [0, -1, 1.5, 1001, Number.NaN]) {
          await expectError(items().find({ limit }), InvalidArgumentError);
        }
      });

      it('sorts by id by default and pages 50 at a time', async () => {
        await items().insertMany(
          Array.from({ length: 30 }, (_, i) => item(`g${String(i).padStart(2, '0')}`)),
        );
        const page = await items().find();
        expect(page.items).toHaveLength(50);
        expect(idsOf(page.items)).toEqual(sortedIds(idsOf(page.items)));
        expect(page.nextCursor).not.toBeNull();
      });

      it('sorts on several keys with nulls first ascending, last descending, ties by id', async () => {
        const sorts: SortKey[][] = [
          [{ field: 'rank', direction: 'asc' }],
          [{ field: 'rank', direction: 'desc' }],
          [
            { field: 'status', direction: 'asc' },
            { field: 'rank', direction: 'desc' },
          ],
          [
            { field: 'status', direction: 'desc' },
            { field: 'rank', direction: 'asc' },
          ],
          [{ field: 'id', direction: 'desc' }],
        ];
        for (const sort of sorts) {
          const page = await items().find({ sort, limit: 1000 });
          expect(idsOf(page.items), JSON.stringify(sort)).toEqual(
            idsOf([...fixture].sort(compareBy(sort))),
          );
        }
      });

      it('counts, and counts by index value', async () => {
        expect(await items().count()).toBe(40);
        expect(await items().count({ status: 'open' })).toBe(
          fixture.filter((d) => d.status === 'open').length,
        );
        const byStatus = await items().countBy('status');
        const expected = new Map<JsonScalar, number>();
        for (const d of fixture) expected.set(d.status, (expected.get(d.status) ?? 0) + 1);
        expect(byStatus).toHaveLength(expected.size);
        for (const group of byStatus) expect(group.count).toBe(expected.get(group.key));
        // Ordered by key, null first.
        expect(byStatus[0]?.key).toBeNull();
        const byFlag = await items().countBy('flag', { status: 'open' });
        const open = fixture.filter((d) => d.status === 'open');
        expect(byFlag).toEqual(
          [
            { key: false, count: open.filter((d) => d.flag === false).length },
            { key: true, count: open.filter((d) => d.flag === true).length },
          ].filter((g) => g.count > 0),
        );
        expect(await items().countBy('slug')).toEqual([{ key: null, count: 40 }]);
      });
    });

    describe('cursor pagination', () => {
      const many = Array.from({ length: 250 }, (_, i) =>
        item(`p${String((i * 7919) % 1000).padStart(3, '0')}`, {
          status: i % 11 === 0 ? null : `s${i % 4}`,
          rank: i % 6 === 0 ? null : i % 5,
        }),
      );

      beforeEach(async () => {
        await items().insertMany(many);
      });

      async function walk(
        sort: SortKey[] | undefined,
        limit: number,
        filter?: Record<string, unknown>,
      ) {
        const seen: Stored<Item>[] = [];
        let after: string | null = null;
        let pages = 0;
        do {
          const page = await items().find({ sort, limit, after, filter: filter as never });
          seen.push(...page.items);
          after = page.nextCursor;
          pages += 1;
          expect(pages).toBeLessThan(100);
        } while (after !== null);
        return { seen, pages };
      }

      it('walks every page without duplicates or misses', async () => {
        const sort: SortKey[] = [
          { field: 'status', direction: 'asc' },
          { field: 'rank', direction: 'desc' },
        ];
        const { seen, pages } = await walk(sort, 37);
        expect(pages).toBe(Math.ceil(250 / 37));
        expect(new Set(idsOf(seen)).size).toBe(250);
        expect(idsOf(seen)).toEqual(idsOf([...many].sort(compareBy(sort))));
      });

      it('walks descending sorts and filtered queries', async () => {
        const sort: SortKey[] = [{ field: 'rank', direction: 'desc' }];
        const { seen } = await walk(sort, 13, { status: { $ne: 's1' } });
        const expected = many.filter((d) => d.status !== 's1').sort(compareBy(sort));
        expect(idsOf(seen)).toEqual(idsOf(expected));
      });

      it('gives each item a cursor that resumes right after it', async () => {
        const sort: SortKey[] = [{ field: 'rank', direction: 'desc' }];
        const first = await items().find({ sort, limit: 10 });
        expect(first.cursors).toHaveLength(10);
        expect(first.cursors.at(-1)).toBe(first.nextCursor);
        const fromFourth = await items().find({ sort, limit: 5, after: first.cursors[3] });
        expect(idsOf(fromFourth.items)).toEqual(idsOf(first.items.slice(4, 9)));
      });

      it('ends with a null cursor when the last page is exactly full', async () => {
        const { seen, pages } = await walk(undefined, 50);
        expect(pages).toBe(5);
        expect(idsOf(seen)).toEqual(sortedIds(idsOf(many)));
      });

      it('rejects tampered, malformed and foreign cursors', async () => {
        const sort: SortKey[] = [{ field: 'rank', direction: 'asc' }];
        const first = await items().find({ sort, limit: 10 });
        const cursor = first.nextCursor as string;
        expect(cursor).toEqual(expect.any(String));
        const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
          v: JsonScalar[];
        };
        decoded.v[decoded.v.length - 1] = 'p999';
        const edited = Buffer.from(JSON.stringify(decoded)).toString('base64url');
        const flipped = (cursor[5] === 'A' ? 'B' : 'A') + cursor.slice(1);
        for (const bad of [
          edited,
          flipped,
          cursor.slice(0, -3),
          'not a cursor!',
          '',
          Buffer.from('[1,2]').toString('base64url'),
        ]) {
          await expectError(items().find({ sort, limit: 10, after: bad }), InvalidArgumentError);
        }
        // A cursor belongs to its filter and sort.
        await expectError(
          items().find({ sort: [{ field: 'rank', direction: 'desc' }], limit: 10, after: cursor }),
          InvalidArgumentError,
        );
        await expectError(
          items().find({ sort, filter: { status: 's1' }, limit: 10, after: cursor }),
          InvalidArgumentError,
        );
        // And stays valid for the same query.
        expect((await items().find({ sort, limit: 10, after: cursor })).items).toHaveLength(10);
      });
    });

    describe('cursor pagination over an index holding several types', () => {
      // Numbers, strings, booleans and nulls in one index: MongoDB's $gt/$lt compare within one
      // type only, so a naive cursor stops at a type boundary and drops the rest.
      const mixed: JsonScalar[] = [3, -1, 0, 1, 2.5, 10, '10', '2', 'a', 'b', true, false, null];
      const docs = Array.from({ length: 39 }, (_, i) =>
        item(`m${String((i * 17) % 39).padStart(2, '0')}`, {
          rank: mixed[i % mixed.length] as never,
        }),
      );
      const rankOf = (id: string) => docs.find((d) => d.id === id)?.rank ?? null;

      beforeEach(async () => {
        await items().insertMany(docs);
      });

      it.each(['asc', 'desc'] as const)(
        'walks every document once, in the order of a single page (%s)',
        async (direction) => {
          const sort: SortKey[] = [{ field: 'rank', direction }];
          const whole = idsOf((await items().find({ sort, limit: 1000 })).items);
          const seen: string[] = [];
          let after: string | null = null;
          do {
            const page = await items().find({ sort, limit: 4, after });
            seen.push(...idsOf(page.items));
            after = page.nextCursor;
            expect(seen.length).toBeLessThanOrEqual(docs.length);
          } while (after !== null);
          expect(seen).toEqual(whole);
          expect(sortedIds(seen)).toEqual(sortedIds(idsOf(docs)));
          // Nulls first ascending, last descending; within each type, by value then id.
          const ranks = seen.map(rankOf);
          expect(direction === 'asc' ? ranks[0] : ranks.at(-1)).toBeNull();
          for (const type of ['number', 'string', 'boolean']) {
            const ofType = seen.filter((id) => typeof rankOf(id) === type);
            const model = docs
              .filter((d) => typeof (d.rank ?? null) === type)
              .sort(compareBy(sort));
            expect(ofType, type).toEqual(idsOf(model));
          }
        },
      );
    });

    describe('transactions', () => {
      const counters = () => store.collection<Counter>(COUNTERS);

      it('commits all writes together and returns the work result', async () => {
        const result = await store.transaction(async (tx) => {
          await tx.collection<Item>(ITEMS).insert(item('t1'));
          await tx.collection<Counter>(COUNTERS).insert({ id: 'c', value: 1 });
          await tx.enqueue([outboxMessage('evt-1')]);
          expect(await tx.markProcessed('consumer-a', 'evt-0')).toBe(true);
          // A transaction sees its own writes.
          expect(await tx.collection<Item>(ITEMS).count()).toBe(1);
          return 'done';
        });
        expect(result).toBe('done');
        expect(await items().get('t1')).not.toBeNull();
        expect(await counters().get('c')).not.toBeNull();
        expect(idsOf(await store.outbox.pending(10, new Date()))).toEqual(['evt-1']);
        expect(await store.isProcessed('consumer-a', 'evt-0')).toBe(true);
      });

      it('rolls back everything when the work throws, and rethrows the error', async () => {
        await items().insert(item('kept', { title: 'before' }));
        const failure = new Error('boom');
        const thrown = await store
          .transaction(async (tx) => {
            const kept = (await tx.collection<Item>(ITEMS).get('kept')) as Stored<Item>;
            await tx.collection<Item>(ITEMS).update({ ...kept, title: 'during' });
            await tx.collection<Item>(ITEMS).insert(item('t1'));
            await tx.collection<Counter>(COUNTERS).insert({ id: 'c', value: 1 });
            await tx.enqueue([outboxMessage('evt-1')]);
            await tx.markProcessed('consumer-a', 'evt-0');
            throw failure;
          })
          .catch((err: unknown) => err);
        expect(thrown).toBe(failure);
        expect((await items().get('kept'))?.title).toBe('before');
        expect(await items().get('t1')).toBeNull();
        expect(await counters().get('c')).toBeNull();
        expect(await store.outbox.pending(10, new Date())).toEqual([]);
        expect(await store.outbox.stats()).toEqual({
          pending: 0,
          published: 0,
          oldestPendingAt: null,
        });
        expect(await store.isProcessed('consumer-a', 'evt-0')).toBe(false);
      });

      it('keeps a transaction usable after an insert clash inside it', async () => {
        await items().insert(item('a'));
        await store.transaction(async (tx) => {
          const coll = tx.collection<Item>(ITEMS);
          await expectError(coll.insert(item('a')), AlreadyExistsError);
          await coll.insert(item('b'));
        });
        expect(await items().count()).toBe(2);
      });

      it('rolls back on a version conflict inside the transaction', async () => {
        const v1 = await items().insert(item('a'));
        await items().update(v1);
        await expectError(
          store.transaction(async (tx) => {
            await tx.collection<Item>(ITEMS).insert(item('b'));
            await tx.collection<Item>(ITEMS).update(v1);
          }),
          ConflictError,
        );
        expect(await items().get('b')).toBeNull();
      });

      it('does not let outside writes into a transaction, nor lose them on its rollback', async () => {
        let signalWritten: () => void = () => undefined;
        const written = new Promise<void>((resolve) => (signalWritten = resolve));
        let letGo: () => void = () => undefined;
        const proceed = new Promise<void>((resolve) => (letGo = resolve));
        const transaction = store
          .transaction(async (tx) => {
            await tx.collection<Item>(ITEMS).insert(item('inside'));
            signalWritten();
            await proceed;
            expect(await tx.collection<Item>(ITEMS).get('outside')).toBeNull();
            throw new Error('roll back');
          })
          .catch((err: unknown) => err);
        await written;
        // Written from outside while the transaction is open: on SQLite it waits for the
        // transaction, on MongoDB it commits on its own; either way the transaction cannot see it.
        const outside = items().insert(item('outside'));
        await new Promise((resolve) => setTimeout(resolve, 20));
        letGo();
        expect(await transaction).toEqual(new Error('roll back'));
        await outside;
        expect(await items().get('outside')).not.toBeNull();
        expect(await items().get('inside')).toBeNull();
      });

      it('makes a transaction all-or-nothing to outside readers', async () => {
        const counts: number[] = [];
        const tx = store.transaction(async (t) => {
          await t.collection<Item>(ITEMS).insert(item('x1'));
          await new Promise((resolve) => setTimeout(resolve, 10));
          await t.collection<Item>(ITEMS).insert(item('x2'));
        });
        const reader = (async () => {
          for (let i = 0; i < 5; i += 1) {
            counts.push(await items().count());
            await new Promise((resolve) => setTimeout(resolve, 3));
          }
        })();
        await Promise.all([tx, reader]);
        for (const n of counts) expect([0, 2]).toContain(n);
        expect(await items().count()).toBe(2);
      });

      it('does not interleave concurrent read-modify-write transactions', async () => {
        await counters().insert({ id: 'c', value: 0 });
        await Promise.all(
          Array.from({ length: 8 }, () =>
            store.transaction(async (tx) => {
              const coll = tx.collection<Counter>(COUNTERS);
              const current = (await coll.get('c')) as Stored<Counter>;
              await new Promise((resolve) => setTimeout(resolve, 2));
              await coll.update({ ...current, value: current.value + 1 });
            }),
          ),
        );
        const final = await counters().get('c');
        expect(final?.value).toBe(8);
        expect(final?.version).toBe(9);
      });

      it('runs operations started in parallel inside one transaction, committing them all', async () => {
        const ids = Array.from({ length: 12 }, (_, i) => `par${String(i).padStart(2, '0')}`);
        const result = await store.transaction(async (tx) => {
          const coll = tx.collection<Item>(ITEMS);
          await Promise.all([
            ...ids.map((id) => coll.insert(item(id))),
            tx.enqueue([outboxMessage('par-evt')]),
            tx.markProcessed('consumer-par', 'evt-par'),
          ]);
          const [page, one, n] = await Promise.all([
            coll.find({ filter: { id: { $prefix: 'par' } }, limit: 100 }),
            coll.get('par03'),
            coll.count(),
          ]);
          return { found: page.items.length, one: one?.id, n };
        });
        expect(result).toEqual({ found: 12, one: 'par03', n: 12 });
        expect(await items().count()).toBe(12);
        expect((await store.outbox.pending(10, new Date())).map((m) => m.id)).toEqual(['par-evt']);
        expect(await store.isProcessed('consumer-par', 'evt-par')).toBe(true);
      });

      it('refuses nesting and store calls inside a transaction with TransactionUsageError', async () => {
        const misuses: ((tx: Transaction) => Promise<unknown>)[] = [
          () => store.transaction(() => Promise.resolve(1)),
          () => items().get('x'),
          () => items().insert(item('from-outside')),
          () => store.isProcessed('c', 'e'),
          () => store.acquireLease('lease', 'me', 1000, new Date()),
          () => store.outbox.pending(10, new Date()),
        ];
        for (const [i, misuse] of misuses.entries()) {
          const error = await expectError(
            store.transaction(async (tx) => {
              await tx.collection<Item>(ITEMS).insert(item(`inside-${i}`));
              await misuse(tx);
            }),
            TransactionUsageError,
          );
          expect((error as Error).message, String(i)).toMatch(/do not nest|tx\.collection/);
        }
        // Each transaction rolled back, and the store is usable afterwards.
        expect(await items().count()).toBe(0);
        await items().insert(item('after'));
        expect(await items().get('after')).not.toBeNull();
      });

      it('guards a rule spanning documents, so concurrent transactions cannot all pass it', async () => {
        // At most three "capped" items: each transaction counts them, then inserts another.
        // Without the guard, snapshot isolation lets every one count the same two and insert.
        await items().insertMany([item('cap0', { status: 'capped' }), item('cap1')]);
        const outcomes = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            store.transaction(async (tx) => {
              await tx.guard('items:capped');
              const coll = tx.collection<Item>(ITEMS);
              if ((await coll.count({ status: 'capped' })) >= 3) return 'refused';
              await coll.insert(item(`capped-${i}`, { status: 'capped' }));
              return 'taken';
            }),
          ),
        );
        expect(outcomes.filter((o) => o === 'taken')).toHaveLength(2);
        expect(await items().count({ status: 'capped' })).toBe(3);
      });

      it('validates guard keys, and refuses a guard after the transaction ended', async () => {
        for (const key of ['', 'k'.repeat(513), 'lone \uD800', 42 as unknown as string]) {
          await expectError(
            store.transaction((tx) => tx.guard(key)),
            InvalidArgumentError,
          );
        }
        await store.transaction((tx) => tx.guard('k'.repeat(512)));
        let leaked: Transaction | undefined;
        await store.transaction((tx) => {
          leaked = tx;
          return tx.guard('x');
        });
        await expect(leaked?.guard('x')).rejects.toBeInstanceOf(TransactionUsageError);
      });

      it('refuses a transaction handle used after the transaction ended', async () => {
        let leaked: Parameters<Parameters<Store['transaction']>[0]>[0] | undefined;
        await store.transaction((tx) => {
          leaked = tx;
          return Promise.resolve();
        });
        await expect(leaked?.collection<Item>(ITEMS).insert(item('late'))).rejects.toThrow();
        await expect(leaked?.collection<Item>(ITEMS).get('late')).rejects.toBeInstanceOf(
          TransactionUsageError,
        );
        await expect(leaked?.enqueue([outboxMessage('late')])).rejects.toBeInstanceOf(
          TransactionUsageError,
        );
        expect(await items().get('late')).toBeNull();
      });
    });

    describe('outbox', () => {
      const now = new Date('2030-01-01T00:00:00.000Z');
      const later = (ms: number) => new Date(now.getTime() + ms);

      it('returns pending messages oldest first, in commit order', async () => {
        await store.transaction((tx) => tx.enqueue([outboxMessage('e1'), outboxMessage('e2')]));
        await store.transaction((tx) => tx.enqueue([outboxMessage('e3', 'pcn.other.subject')]));
        await store.transaction((tx) => tx.enqueue([]));
        const pending = await store.outbox.pending(10, now);
        expect(idsOf(pending)).toEqual(['e1', 'e2', 'e3']);
        const seqs = pending.map((m) => m.seq);
        expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
        expect(new Set(seqs).size).toBe(3);
        expect(pending[2]).toMatchObject({
          id: 'e3',
          subject: 'pcn.other.subject',
          payload: outboxMessage('e3').payload,
          attempts: 0,
        });
        expect(new Date(pending[0]?.createdAt ?? '').toISOString()).toBe(pending[0]?.createdAt);
        expect(idsOf(await store.outbox.pending(2, now))).toEqual(['e1', 'e2']);
        // A pipelining relay reads past what it has in flight.
        expect(idsOf(await store.outbox.pending(10, now, pending[0]?.seq))).toEqual(['e2', 'e3']);
        expect(await store.outbox.pending(10, now, pending[2]?.seq)).toEqual([]);
      });

      it('keeps commit order across many concurrent transactions', async () => {
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.transaction((tx) =>
              tx.enqueue([outboxMessage(`c${i}a`), outboxMessage(`c${i}b`)]),
            ),
          ),
        );
        const pending = await store.outbox.pending(100, now);
        expect(pending).toHaveLength(20);
        // Messages of one transaction are adjacent and in order.
        for (let i = 0; i < 20; i += 2) {
          expect(pending[i]?.id.endsWith('a')).toBe(true);
          expect(pending[i + 1]?.id).toBe(`${pending[i]?.id.slice(0, -1)}b`);
          expect((pending[i + 1]?.seq ?? 0) > (pending[i]?.seq ?? 0)).toBe(true);
        }
      });

      it('rejects a duplicate event id and rolls back', async () => {
        await store.transaction((tx) => tx.enqueue([outboxMessage('e1')]));
        await expectError(
          store.transaction(async (tx) => {
            await tx.collection<Item>(ITEMS).insert(item('side-effect'));
            await tx.enqueue([outboxMessage('e2'), outboxMessage('e1')]);
          }),
          AlreadyExistsError,
        );
        expect(idsOf(await store.outbox.pending(10, now))).toEqual(['e1']);
        expect(await items().get('side-effect')).toBeNull();
      });

      it("keeps a message's traceparent for the relay, and refuses a malformed one", async () => {
        const traceparent = `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01`;
        await store.transaction((tx) =>
          tx.enqueue([{ ...outboxMessage('t1'), traceparent }, outboxMessage('t2')]),
        );
        const [traced, plain] = await store.outbox.pending(10, now);
        expect(traced?.traceparent).toBe(traceparent);
        expect(plain).not.toHaveProperty('traceparent');
        for (const bad of [
          'not-a-traceparent',
          `00-${'AB'.repeat(16)}-${'cd'.repeat(8)}-01`,
          `${traceparent}\r\nx-injected: 1`,
          `${traceparent}${'0'.repeat(100_000)}`,
          42 as unknown as string,
        ]) {
          const error = await expectError(
            store.transaction((tx) => tx.enqueue([{ ...outboxMessage('t3'), traceparent: bad }])),
            InvalidArgumentError,
          );
          expect((error as InvalidArgumentError).violations[0]?.field).toBe(
            'messages[0].traceparent',
          );
        }
        expect(idsOf(await store.outbox.pending(10, now))).toEqual(['t1', 't2']);
      });

      it('marks messages published and reports stats', async () => {
        expect(await store.outbox.stats()).toEqual({
          pending: 0,
          published: 0,
          oldestPendingAt: null,
        });
        await store.transaction((tx) =>
          tx.enqueue([outboxMessage('e1'), outboxMessage('e2'), outboxMessage('e3')]),
        );
        const [first] = await store.outbox.pending(1, now);
        await store.outbox.markPublished(['e1', 'e2', 'unknown'], now);
        await store.outbox.markPublished([], now);
        expect(idsOf(await store.outbox.pending(10, now))).toEqual(['e3']);
        const stats = await store.outbox.stats();
        expect(stats.pending).toBe(1);
        expect(stats.published).toBe(2);
        expect(stats.oldestPendingAt).toEqual(expect.any(String));
        expect(Date.parse(stats.oldestPendingAt ?? '')).toBeGreaterThanOrEqual(
          Date.parse(first?.createdAt ?? ''),
        );
      });

      it('holds back a failed message until its retry time, without later ones overtaking', async () => {
        await store.transaction((tx) =>
          tx.enqueue([outboxMessage('e1'), outboxMessage('e2'), outboxMessage('e3')]),
        );
        await store.outbox.markPublished(['e1'], now);
        await store.outbox.markFailed('e2', 'nats unavailable: '.repeat(200), later(60_000));
        expect(await store.outbox.pending(10, now)).toEqual([]);
        expect(await store.outbox.pending(10, later(59_999))).toEqual([]);
        const due = await store.outbox.pending(10, later(60_000));
        expect(idsOf(due)).toEqual(['e2', 'e3']);
        expect(due[0]?.attempts).toBe(1);
        expect(due[1]?.attempts).toBe(0);
        await store.outbox.markFailed('e2', 'again', later(120_000));
        const again = await store.outbox.pending(10, later(120_000));
        expect(again[0]?.attempts).toBe(2);
      });

      it('returns messages before a held-back one', async () => {
        await store.transaction((tx) =>
          tx.enqueue([outboxMessage('e1'), outboxMessage('e2'), outboxMessage('e3')]),
        );
        await store.outbox.markFailed('e2', 'x', later(1000));
        expect(idsOf(await store.outbox.pending(10, now))).toEqual(['e1']);
      });

      it('prunes published messages older than the cut-off only', async () => {
        await store.transaction((tx) =>
          tx.enqueue([outboxMessage('e1'), outboxMessage('e2'), outboxMessage('e3')]),
        );
        await store.outbox.markPublished(['e1'], now);
        await store.outbox.markPublished(['e2'], later(10_000));
        expect(await store.outbox.prune(later(5_000))).toBe(1);
        expect(await store.outbox.prune(later(5_000))).toBe(0);
        const stats = await store.outbox.stats();
        expect(stats).toMatchObject({ pending: 1, published: 1 });
        expect(await store.outbox.prune(later(3_600_000))).toBe(1);
        expect(idsOf(await store.outbox.pending(10, now))).toEqual(['e3']);
      });

      it('validates its arguments', async () => {
        await expectError(store.outbox.pending(0, now), InvalidArgumentError);
        await expectError(store.outbox.pending(10, new Date(Number.NaN)), InvalidArgumentError);
        await expectError(store.outbox.pending(10, now, -1), InvalidArgumentError);
        await expectError(store.outbox.pending(10, now, 1.5), InvalidArgumentError);
        await expectError(
          store.transaction((tx) => tx.enqueue([{ id: '', subject: 's', payload: '' }])),
          InvalidArgumentError,
        );
      });
    });

    describe('inbox', () => {
      it('records an event once per consumer', async () => {
        expect(await store.isProcessed('notify', 'evt-1')).toBe(false);
        expect(await store.transaction((tx) => tx.markProcessed('notify', 'evt-1'))).toBe(true);
        expect(await store.transaction((tx) => tx.markProcessed('notify', 'evt-1'))).toBe(false);
        expect(await store.isProcessed('notify', 'evt-1')).toBe(true);
        expect(await store.isProcessed('audit', 'evt-1')).toBe(false);
        expect(await store.transaction((tx) => tx.markProcessed('audit', 'evt-1'))).toBe(true);
      });

      it('forgets the record when the transaction rolls back', async () => {
        await store
          .transaction(async (tx) => {
            expect(await tx.markProcessed('notify', 'evt-2')).toBe(true);
            throw new Error('effect failed');
          })
          .catch(() => undefined);
        expect(await store.isProcessed('notify', 'evt-2')).toBe(false);
        expect(await store.transaction((tx) => tx.markProcessed('notify', 'evt-2'))).toBe(true);
      });

      it('lets exactly one of two concurrent handlers through', async () => {
        const results = await Promise.all(
          [1, 2].map(() => store.transaction((tx) => tx.markProcessed('race', 'evt-3'))),
        );
        expect([...results].sort()).toEqual([false, true]);
      });
    });

    describe('leases', () => {
      const t0 = new Date('2030-01-01T00:00:00.000Z');
      const at = (ms: number) => new Date(t0.getTime() + ms);

      it('is held by one holder at a time until it expires', async () => {
        expect(await store.acquireLease('relay', 'a', 1000, t0)).toBe(true);
        expect(await store.acquireLease('relay', 'b', 1000, at(10))).toBe(false);
        // Renewal by the holder extends the expiry.
        expect(await store.acquireLease('relay', 'a', 1000, at(900))).toBe(true);
        expect(await store.acquireLease('relay', 'b', 1000, at(1500))).toBe(false);
        expect(await store.acquireLease('relay', 'b', 1000, at(1900))).toBe(true);
        expect(await store.acquireLease('relay', 'a', 1000, at(1901))).toBe(false);
        // Other leases are independent.
        expect(await store.acquireLease('scheduler', 'a', 1000, at(1901))).toBe(true);
      });

      it('lets only one of many concurrent candidates win', async () => {
        const results = await Promise.all(
          ['a', 'b', 'c', 'd'].map((holder) => store.acquireLease('relay', holder, 1000, t0)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('is released by its holder only', async () => {
        expect(await store.acquireLease('relay', 'a', 60_000, t0)).toBe(true);
        await store.releaseLease('relay', 'b');
        expect(await store.acquireLease('relay', 'b', 60_000, at(1))).toBe(false);
        await store.releaseLease('relay', 'a');
        expect(await store.acquireLease('relay', 'b', 60_000, at(2))).toBe(true);
        await store.releaseLease('nothing', 'a');
      });

      it('validates its arguments', async () => {
        await expectError(store.acquireLease('relay', 'a', 0, t0), InvalidArgumentError);
        await expectError(store.acquireLease('', 'a', 10, t0), InvalidArgumentError);
      });
    });

    describe('hostile input', () => {
      const nasty = [
        `it's "quoted"`,
        `'); DROP TABLE items; --`,
        `" OR 1=1 --`,
        'back\\slash and %_ wildcards',
        'Nghị định về bảo vệ dữ liệu cá nhân — Điều 5',
        'Hmoob: Kuv hlub koj · Pahawh: 𖬀𖬁𖬂',
        'emoji 👩🏽‍💻 and NUL-free control \t\n',
      ];

      it('round-trips and finds ids and values with quotes, SQL and unicode', async () => {
        for (const [i, text] of nasty.entries()) {
          await items().insert(
            item(text, {
              status: text,
              title: text,
              slug: `slug ${text}`,
              unit: { path: `/${text}/` },
            }),
          );
          const stored = await items().get(text);
          expect(stored?.title).toBe(text);
          expect(idsOf((await items().find({ filter: { status: text } })).items)).toEqual([text]);
          expect(await items().count({ slug: `slug ${text}` })).toBe(1);
          expect(await items().count()).toBe(i + 1);
        }
        expect(
          idsOf((await items().find({ filter: { unit_path: { $prefix: '/Nghị' } } })).items),
        ).toEqual([nasty[4]]);
        expect(idsOf((await items().find({ filter: { id: { $prefix: 'Hmoob' } } })).items)).toEqual(
          [nasty[5]],
        );
        // Sorting strings is by code point on both stores.
        const page = await items().find({ sort: [{ field: 'status', direction: 'asc' }] });
        expect(idsOf(page.items)).toEqual(sortedIds(nasty));
      });

      it('round-trips odd keys and deep values', async () => {
        const doc = item('odd', {
          extra: {
            'key with spaces': 1,
            'dotted.key': 'x',
            'tiếng Việt': 'có dấu',
            nested: { array: [1, 'two', null, { three: true }], empty: {} },
            big: Number.MAX_SAFE_INTEGER,
            negative: -0.5,
          },
        });
        await items().insert(doc);
        expect(await items().get('odd')).toEqual({ ...doc, version: 1 });
      });

      it('refuses lone surrogates in values, keys, ids and filters, writing nothing', async () => {
        const lone = ['\uD800', 'tail \uDC00', 'x\uDBFFy'];
        for (const text of lone) {
          await expectError(items().insert(item('s1', { title: text })), InvalidArgumentError);
          await expectError(
            items().insert(item('s1', { extra: { [text]: 1 } })),
            InvalidArgumentError,
          );
          await expectError(items().insert(item(text)), InvalidArgumentError);
          await expectError(items().insertMany([item('s2'), item(text)]), InvalidArgumentError);
          await expectError(items().get(text), InvalidArgumentError);
          await expectError(items().delete(text), InvalidArgumentError);
          await expectError(items().find({ filter: { status: text } }), InvalidArgumentError);
          await expectError(items().count({ status: { $in: ['ok', text] } }), InvalidArgumentError);
        }
        expect(await items().count()).toBe(0);
        // Paired surrogates are characters like any other, and so is a backslash before "ud800".
        const fine = item('s3', { title: '𖬀 \\ud800 \\\\ud800', extra: { '𖬀': '\\uDC00' } });
        const stored = await items().insert(fine);
        await expectError(items().update({ ...stored, title: '\uDFFF' }), InvalidArgumentError);
        expect(await items().get('s3')).toEqual({ ...fine, version: 1 });
      });

      it('refuses NUL in a key, naming where, and keeps NUL in values', async () => {
        const error = await expectError(
          items().insert(item('n1', { extra: { ok: { 'bad\u0000key': 1 } } })),
          InvalidArgumentError,
        );
        expect((error as InvalidArgumentError).violations[0]?.field).toBe('extra.ok.bad\\u0000key');
        await expectError(
          items().insert(item('n1', { extra: { list: [{ '\u0000': true }] } })),
          InvalidArgumentError,
        );
        expect(await items().get('n1')).toBeNull();
        const withNulValue = item('n2', { title: 'a\u0000b', extra: { k: '\u0000' } });
        await items().insert(withNulValue);
        expect(await items().get('n2')).toEqual({ ...withNulValue, version: 1 });
      });

      it('refuses a document over 16 MiB as stored, and takes one under it', async () => {
        const over = 'x'.repeat(16 * 1024 * 1024);
        await expectError(items().insert(item('big', { body: over })), InvalidArgumentError);
        await expectError(
          items().insertMany([item('ok'), item('big', { body: over })]),
          InvalidArgumentError,
        );
        expect(await items().count()).toBe(0);
        // Small in JSON, large in BSON: each array element also stores its index as a key.
        const numbers = Array.from({ length: 1_500_000 }, () => 0);
        await expectError(
          items().insert(item('wide', { extra: { numbers } })),
          InvalidArgumentError,
        );
        const under = 'y'.repeat(15 * 1024 * 1024);
        const stored = await items().insert(item('under', { body: under }));
        await expectError(items().update({ ...stored, body: over }), InvalidArgumentError);
        expect((await items().get('under'))?.body).toHaveLength(under.length);
      });

      it('round-trips a document of about 1 MB', async () => {
        const body = 'Luật Tiếp cận thông tin. '.repeat(42_000);
        expect(body.length).toBeGreaterThan(1_000_000);
        const stored = await items().insert(item('big', { body }));
        expect(stored.body).toBe(body);
        expect((await items().get('big'))?.body).toBe(body);
        const updated = await items().update({ ...stored, body: `${body}!` });
        expect((await items().get('big'))?.body).toBe(`${body}!`);
        expect(updated.version).toBe(2);
      });
    });

    describe('migrate', () => {
      interface Evolving extends DocumentBase {
        status: string;
        meta?: { category?: string };
      }

      it('is idempotent and keeps data', async () => {
        await items().insert(item('a', { slug: 'unique' }));
        await store.migrate([ITEMS, COUNTERS, ITEMS_V1]);
        await store.migrate([ITEMS]);
        expect(await items().get('a')).not.toBeNull();
        await expectError(items().insert(item('b', { slug: 'unique' })), AlreadyExistsError);
      });

      it('indexes existing documents when an index is added later', async () => {
        const v1 = store.collection<Evolving>(ITEMS_V1);
        await v1.insertMany([
          { id: 'e1', status: 'open', meta: { category: 'health' } },
          { id: 'e2', status: 'open', meta: { category: 'education' } },
          { id: 'e3', status: 'closed' },
        ]);
        await store.migrate([ITEMS_V2]);
        const v2 = store.collection<Evolving>(ITEMS_V2);
        expect(idsOf((await v2.find({ filter: { category: 'health' } })).items)).toEqual(['e1']);
        expect(await v2.count({ category: null })).toBe(1);
        await v2.insert({ id: 'e4', status: 'open', meta: { category: 'health' } });
        const page = await v2.find({ sort: [{ field: 'category', direction: 'desc' }] });
        expect(idsOf(page.items)).toEqual(['e1', 'e4', 'e2', 'e3']);
        expect(() => store.collection(ITEMS_V1)).toThrow();
      });

      it('re-indexes documents written while an index was not declared', async () => {
        await store.migrate([ITEMS_V2]);
        await store.migrate([ITEMS_V1]);
        await store
          .collection<Evolving>(ITEMS_V1)
          .insert({ id: 'e1', status: 'open', meta: { category: 'health' } });
        await store.migrate([ITEMS_V2]);
        expect(await store.collection<Evolving>(ITEMS_V2).count({ category: 'health' })).toBe(1);
      });
    });

    describe('multi-valued indexes', () => {
      const drafts = () => store.collection<Draft>(DRAFTS);
      const POOL = ['/hn/', '/hn/1/', '/hn/1/2/', '/hn/12/', '/hcm/', '/hcm/3/', '/dn/'] as const;
      const at = (i: number) => POOL[i % POOL.length] as string;
      // Unit ids: missing, null, empty or a few (one repeated); codes mix numbers and strings.
      const fixture = Array.from({ length: 60 }, (_, i) => {
        const id = `d${String(i).padStart(2, '0')}`;
        const fields: Partial<Draft> = {
          status: (['draft', 'open', 'closed'] as const)[i % 3],
          rank: i % 4 === 0 ? null : i % 5,
          codes: i % 6 === 0 ? [] : [i % 4, (i % 3) + 0.5, String(i % 4)],
        };
        if (i % 10 === 0) return draft(id, undefined, fields);
        if (i % 10 === 5) return draft(id, null, fields);
        if (i % 10 === 7) return draft(id, [], fields);
        return draft(id, [at(i), at(i * 3 + 1), at(i)], fields);
      });
      const idsWhere = (predicate: (doc: Draft) => boolean) =>
        sortedIds(fixture.filter(predicate).map((d) => d.id));
      const has = (predicate: (v: string | number) => boolean) => (doc: Draft) =>
        unitsOf(doc).some(predicate);
      const hasCode = (predicate: (v: string | number) => boolean) => (doc: Draft) =>
        (doc.codes ?? []).some(predicate);
      const str = (predicate: (v: string) => boolean) => (v: string | number) =>
        typeof v === 'string' && predicate(v);
      const num = (predicate: (v: number) => boolean) => (v: string | number) =>
        typeof v === 'number' && predicate(v);

      /** Checks find (every document once) and count against the model. */
      const expectMatches = async (filter: Record<string, unknown>, expected: string[]) => {
        const page = await drafts().find({ filter: filter as never, limit: 1000 });
        const ids = idsOf(page.items);
        expect(ids, JSON.stringify(filter)).toEqual(sortedIds(new Set(ids)));
        expect(ids, JSON.stringify(filter)).toEqual(expected);
        expect(await drafts().count(filter as never), JSON.stringify(filter)).toBe(expected.length);
      };

      describe('filters', () => {
        beforeEach(async () => {
          await drafts().insertMany(fixture);
        });

        it('matches a bare value and $eq as "contains"', async () => {
          await expectMatches({ units: '/hn/1/' }, idsWhere(has((v) => v === '/hn/1/')));
          await expectMatches({ units: { $eq: '/hcm/' } }, idsWhere(has((v) => v === '/hcm/')));
          await expectMatches({ units: '/nowhere/' }, []);
        });

        it('matches $in as "contains any", with null adding empty arrays', async () => {
          const wanted = new Set<string | number>(['/hn/12/', '/dn/']);
          await expectMatches(
            { units: { $in: ['/hn/12/', '/dn/', '/nowhere/'] } },
            idsWhere(has((v) => wanted.has(v))),
          );
          await expectMatches(
            { units: { $in: ['/dn/', null] } },
            idsWhere((d) => unitsOf(d).length === 0 || unitsOf(d).includes('/dn/')),
          );
          await expectMatches({ units: { $in: [] } }, []);
        });

        it('matches $ne as "does not contain", including empty, null and missing', async () => {
          await expectMatches(
            { units: { $ne: '/hn/1/' } },
            idsWhere((d) => !unitsOf(d).includes('/hn/1/')),
          );
          await expectMatches(
            { units: { $ne: '/nowhere/' } },
            idsWhere(() => true),
          );
        });

        it('matches null as an empty array and $ne null as a non-empty one', async () => {
          await expectMatches(
            { units: null },
            idsWhere((d) => unitsOf(d).length === 0),
          );
          await expectMatches(
            { units: { $eq: null } },
            idsWhere((d) => unitsOf(d).length === 0),
          );
          await expectMatches(
            { units: { $ne: null } },
            idsWhere((d) => unitsOf(d).length > 0),
          );
          await expectMatches(
            { codes: null },
            idsWhere((d) => (d.codes ?? []).length === 0),
          );
        });

        it('matches $prefix as "contains an element starting with"', async () => {
          await expectMatches(
            { units: { $prefix: '/hn/1' } },
            idsWhere(has(str((v) => v.startsWith('/hn/1')))),
          );
          await expectMatches(
            { units: { $prefix: '/hn/1/' } },
            idsWhere(has(str((v) => v.startsWith('/hn/1/')))),
          );
          await expectMatches(
            { units: { $prefix: '/h' } },
            idsWhere(has(str((v) => v.startsWith('/h')))),
          );
          await expectMatches({ units: { $prefix: '' } }, idsWhere(has(str(() => true))));
          // Strings only: a number never matches a prefix.
          await expectMatches(
            { codes: { $prefix: '1' } },
            idsWhere(hasCode(str((v) => v.startsWith('1')))),
          );
        });

        it('matches ranges on one element, within the operand type', async () => {
          await expectMatches({ codes: { $gt: 2 } }, idsWhere(hasCode(num((v) => v > 2))));
          await expectMatches({ codes: { $gte: 2.5 } }, idsWhere(hasCode(num((v) => v >= 2.5))));
          await expectMatches({ codes: { $lt: 0.5 } }, idsWhere(hasCode(num((v) => v < 0.5))));
          await expectMatches({ codes: { $lte: 0.5 } }, idsWhere(hasCode(num((v) => v <= 0.5))));
          await expectMatches({ codes: { $gte: '2' } }, idsWhere(hasCode(str((v) => v >= '2'))));
          await expectMatches(
            { units: { $lt: '/hcm/3/' } },
            idsWhere(has(str((v) => v < '/hcm/3/'))),
          );
          await expectMatches({ units: { $gt: 0 } }, []);
        });

        it('tells numbers from strings', async () => {
          await expectMatches({ codes: 1 }, idsWhere(hasCode((v) => v === 1)));
          await expectMatches({ codes: '1' }, idsWhere(hasCode((v) => v === '1')));
          await expectMatches(
            { codes: { $in: [3, '0'] } },
            idsWhere(hasCode((v) => v === 3 || v === '0')),
          );
          await expectMatches(
            { codes: { $ne: 1 } },
            idsWhere((d) => !(d.codes ?? []).includes(1)),
          );
        });

        it('combines multi and scalar conditions, returning each document once', async () => {
          await expectMatches(
            { units: { $prefix: '/hn/' }, status: 'open', rank: { $gte: 2 } },
            idsWhere(
              (d) =>
                has(str((v) => v.startsWith('/hn/')))(d) &&
                d.status === 'open' &&
                (d.rank ?? -1) >= 2,
            ),
          );
          await expectMatches(
            { units: '/hcm/', codes: 1 },
            idsWhere((d) => unitsOf(d).includes('/hcm/') && (d.codes ?? []).includes(1)),
          );
          await expectMatches(
            { units: { $ne: '/dn/' }, codes: { $in: [0, '3'] }, status: { $ne: 'draft' } },
            idsWhere(
              (d) =>
                !unitsOf(d).includes('/dn/') &&
                (d.codes ?? []).some((v) => v === 0 || v === '3') &&
                d.status !== 'draft',
            ),
          );
          await expectMatches(
            { id: { $prefix: 'd1' }, units: { $prefix: '/h' } },
            idsWhere((d) => d.id.startsWith('d1') && has(str((v) => v.startsWith('/h')))(d)),
          );
        });

        it('counts by a scalar index under a multi filter, once per document', async () => {
          const matching = fixture.filter(has(str((v) => v.startsWith('/hn/'))));
          const expected = new Map<JsonScalar, number>();
          for (const d of matching) expected.set(d.status, (expected.get(d.status) ?? 0) + 1);
          const groups = await drafts().countBy('status', { units: { $prefix: '/hn/' } });
          expect(new Map(groups.map((g) => [g.key, g.count]))).toEqual(expected);
        });

        it('refuses to sort or count by a multi index, and boolean operands', async () => {
          const sortError = (await expectError(
            drafts().find({ sort: [{ field: 'units', direction: 'asc' }] }),
            InvalidArgumentError,
          )) as InvalidArgumentError;
          expect(JSON.stringify(sortError.violations)).toMatch(/units/);
          const countError = (await expectError(
            drafts().countBy('units'),
            InvalidArgumentError,
          )) as InvalidArgumentError;
          expect(JSON.stringify(countError.violations)).toMatch(/units/);
          await expectError(drafts().find({ filter: { units: true } }), InvalidArgumentError);
          await expectError(drafts().count({ codes: { $in: [1, false] } }), InvalidArgumentError);
          await expectError(
            drafts().find({ filter: { units: ['/hn/'] } as never }),
            InvalidArgumentError,
          );
        });
      });

      describe('pagination', () => {
        // Most documents hold several elements under /hn/, some repeated.
        const many = Array.from({ length: 230 }, (_, i) =>
          draft(
            `p${String((i * 7919) % 1000).padStart(3, '0')}`,
            i % 9 === 0
              ? ['/hcm/']
              : [`/hn/${i % 7}/`, `/hn/${i % 7}/${i % 3}/`, '/hn/', `/hn/${i % 7}/`],
            { status: `s${i % 4}`, rank: i % 6 === 0 ? null : i % 5 },
          ),
        );

        beforeEach(async () => {
          await drafts().insertMany(many);
        });

        async function walk(sort: SortKey[] | undefined, limit: number, filter: Filter) {
          const seen: Stored<Draft>[] = [];
          let after: string | null = null;
          let pages = 0;
          do {
            const page = await drafts().find({ sort, limit, after, filter });
            seen.push(...page.items);
            after = page.nextCursor;
            pages += 1;
            expect(pages).toBeLessThan(100);
          } while (after !== null);
          return { seen, pages };
        }

        it('walks a multi filter across pages without duplicates or misses', async () => {
          const sort: SortKey[] = [{ field: 'rank', direction: 'desc' }];
          const { seen, pages } = await walk(sort, 17, { units: { $prefix: '/hn/' } });
          const expected = many.filter(has(str((v) => v.startsWith('/hn/')))).sort(compareBy(sort));
          expect(expected.length).toBeGreaterThan(200);
          expect(pages).toBe(Math.ceil(expected.length / 17));
          expect(new Set(idsOf(seen)).size).toBe(seen.length);
          expect(idsOf(seen)).toEqual(idsOf(expected));
        });

        it('walks multi and scalar conditions combined, in several orders', async () => {
          const filter: Filter = {
            units: { $in: ['/hn/1/', '/hn/2/0/', '/hn/'] },
            status: { $ne: 's1' },
          };
          const wanted = new Set<string | number>(['/hn/1/', '/hn/2/0/', '/hn/']);
          const model = many.filter((d) => has((v) => wanted.has(v))(d) && d.status !== 's1');
          const sorts: (SortKey[] | undefined)[] = [
            undefined,
            [
              { field: 'status', direction: 'asc' },
              { field: 'rank', direction: 'desc' },
            ],
            [{ field: 'id', direction: 'desc' }],
          ];
          for (const sort of sorts) {
            const { seen } = await walk(sort, 23, filter);
            expect(idsOf(seen), JSON.stringify(sort)).toEqual(
              idsOf([...model].sort(compareBy(sort ?? []))),
            );
          }
          const { seen } = await walk(undefined, 31, { units: { $ne: '/hn/' } });
          expect(idsOf(seen)).toEqual(
            sortedIds(idsOf(many.filter((d) => !unitsOf(d).includes('/hn/')))),
          );
        });
      });

      describe('writes', () => {
        it('moves a document in and out of results when its array changes', async () => {
          const v1 = await drafts().insert(draft('a', ['/hn/1/', '/hn/2/']));
          await drafts().insert(draft('b', ['/hcm/']));
          await expectMatches({ units: '/hn/1/' }, ['a']);
          const v2 = await drafts().update({ ...v1, target: { unitIds: ['/hcm/', '/dn/'] } });
          await expectMatches({ units: '/hn/1/' }, []);
          await expectMatches({ units: { $prefix: '/hn/' } }, []);
          await expectMatches({ units: '/hcm/' }, ['a', 'b']);
          await expectMatches({ units: { $ne: '/hn/1/' } }, ['a', 'b']);
          const v3 = await drafts().update({ ...v2, target: { unitIds: null } });
          await expectMatches({ units: null }, ['a']);
          await expectMatches({ units: '/hcm/' }, ['b']);
          // A stale or invalid update changes nothing, side values included.
          await expectError(
            drafts().update({ ...v2, target: { unitIds: ['/x/'] } }),
            ConflictError,
          );
          await expectError(
            drafts().update({ ...v3, target: { unitIds: ['/x/', true] } } as never),
            InvalidArgumentError,
          );
          await expectMatches({ units: '/x/' }, []);
          await drafts().update({ ...v3, target: { unitIds: ['/hn/1/'] } });
          await expectMatches({ units: '/hn/1/' }, ['a']);
          await expectMatches({ units: null }, []);
        });

        it('forgets the elements of a deleted document', async () => {
          await drafts().insert(draft('a', ['/hn/1/', '/hn/2/']));
          const b = await drafts().insert(draft('b', ['/hn/1/']));
          expect(await drafts().delete('a')).toBe(true);
          await expectMatches({ units: { $prefix: '/hn/' } }, ['b']);
          await expectError(drafts().delete('b', b.version + 1), ConflictError);
          await expectMatches({ units: '/hn/1/' }, ['b']);
          expect(await drafts().delete('b', b.version)).toBe(true);
          await expectMatches({ units: { $prefix: '/hn/' } }, []);
          // The same id again: only its new elements count.
          await drafts().insert(draft('a', ['/dn/']));
          await expectMatches({ units: '/hn/2/' }, []);
          await expectMatches({ units: '/dn/' }, ['a']);
          await expectMatches({ units: { $ne: '/hn/1/' } }, ['a']);
        });

        it('keeps elements consistent through committed and rolled-back transactions', async () => {
          await drafts().insert(draft('a', ['/hn/1/']));
          await drafts().insert(draft('b', ['/hcm/']));
          const failure = new Error('roll back');
          const thrown = await store
            .transaction(async (tx) => {
              const coll = tx.collection<Draft>(DRAFTS);
              const a = (await coll.get('a')) as Stored<Draft>;
              await coll.update({ ...a, target: { unitIds: ['/dn/'] } });
              await coll.insert(draft('c', ['/hn/1/', '/dn/']));
              await coll.insertMany([draft('d', ['/dn/']), draft('e', ['/hcm/'])]);
              await coll.delete('b');
              // The transaction sees its own writes.
              expect(
                sortedIds(idsOf((await coll.find({ filter: { units: '/dn/' } })).items)),
              ).toEqual(['a', 'c', 'd']);
              expect(await coll.count({ units: '/hn/1/' })).toBe(1);
              throw failure;
            })
            .catch((err: unknown) => err);
          expect(thrown).toBe(failure);
          await expectMatches({ units: '/hn/1/' }, ['a']);
          await expectMatches({ units: '/hcm/' }, ['b']);
          await expectMatches({ units: '/dn/' }, []);
          await expectMatches({ units: { $ne: null } }, ['a', 'b']);

          await store.transaction(async (tx) => {
            const coll = tx.collection<Draft>(DRAFTS);
            // A clash inside the transaction writes none of the batch, elements included.
            await expectError(
              coll.insertMany([draft('f', ['/clash/']), draft('a', ['/clash/'])]),
              AlreadyExistsError,
            );
            expect(await coll.count({ units: '/clash/' })).toBe(0);
            const a = (await coll.get('a')) as Stored<Draft>;
            await coll.update({ ...a, target: { unitIds: ['/dn/', '/hcm/'] } });
            await coll.delete('b');
          });
          await expectMatches({ units: '/hcm/' }, ['a']);
          await expectMatches({ units: '/hn/1/' }, []);
          await expectMatches({ units: '/clash/' }, []);
        });

        it('rejects values that are not arrays of strings and numbers, naming the path', async () => {
          const bad: unknown[] = [
            'u1',
            42,
            true,
            { 0: 'u1' },
            [{ id: 'u1' }],
            [['u1']],
            ['u1', false],
            ['u1', null],
            Array.from({ length: 10_001 }, (_, i) => `u${i}`),
          ];
          for (const unitIds of bad) {
            const doc = { id: 'bad', status: 'draft', target: { unitIds } } as unknown as Draft;
            const error = (await expectError(
              drafts().insert(doc),
              InvalidArgumentError,
            )) as InvalidArgumentError;
            expect(
              error.violations.map((v) => v.field),
              JSON.stringify(unitIds).slice(0, 40),
            ).toEqual(['target.unitIds']);
            await expectError(
              drafts().insertMany([draft('ok', ['/hn/']), doc]),
              InvalidArgumentError,
            );
          }
          const codesError = (await expectError(
            drafts().insert({ ...draft('bad'), codes: [1, [2]] } as unknown as Draft),
            InvalidArgumentError,
          )) as InvalidArgumentError;
          expect(codesError.violations.map((v) => v.field)).toEqual(['codes']);
          expect(await drafts().count()).toBe(0);
          // The bound itself is fine.
          const most = Array.from({ length: 10_000 }, (_, i) => `/u/${i}/`);
          await drafts().insert(draft('most', most));
          await expectMatches({ units: '/u/9999/' }, ['most']);
        });

        it('round-trips and finds hostile elements: quotes, SQL, regex syntax and unicode', async () => {
          const nasty = [
            `it's "quoted"`,
            `'); DROP TABLE drafts__m_units; --`,
            `" OR 1=1 --`,
            'a.b',
            'aXb',
            'a*b(c)[d]{e}|f?g+h^i$j',
            '$where',
            'back\\slash and %_ wildcards',
            'Nghị định về bảo vệ dữ liệu cá nhân — Điều 5',
            'Nghi dinh',
            'Hmoob: Kuv hlub koj · Pahawh: 𖬀𖬁𖬂',
            'emoji 👩🏽‍💻 and\ttab\nnewline',
          ];
          const docs = nasty.map((text, i) =>
            draft(`h${String(i).padStart(2, '0')}`, [text, `${text} (copy)`, '/common/']),
          );
          await drafts().insertMany(docs);
          for (const [i, text] of nasty.entries()) {
            const id = docs[i]?.id as string;
            expect((await drafts().get(id))?.target?.unitIds?.[0]).toBe(text);
            await expectMatches({ units: text }, [id]);
            await expectMatches({ units: { $in: [text, '/none/'] } }, [id]);
            await expectMatches(
              { units: { $ne: text } },
              sortedIds(docs.filter((d) => d.id !== id).map((d) => d.id)),
            );
            for (const length of [1, 2, 3, 5, text.length]) {
              const prefix = [...text].slice(0, length).join('');
              await expectMatches(
                { units: { $prefix: prefix } },
                sortedIds(
                  docs
                    .filter((d) => unitsOf(d).some((v) => String(v).startsWith(prefix)))
                    .map((d) => d.id),
                ),
              );
            }
          }
          await expectMatches({ units: { $prefix: 'a.' } }, ['h03']);
          await expectMatches({ units: { $prefix: 'Nghị' } }, ['h08']);
          await expectMatches({ units: { $prefix: 'Hmoob: Kuv hlub koj · Pahawh: 𖬀' } }, ['h10']);
          await expectMatches({ units: { $prefix: '/common/' } }, sortedIds(idsOf(docs)));
        });
      });

      describe('migrate', () => {
        interface Tagged extends DocumentBase {
          status: string;
          meta?: { tags?: (string | number)[] | null };
        }
        const v1 = () => store.collection<Tagged>(TAGGED_V1);
        const v2 = () => store.collection<Tagged>(TAGGED_V2);
        const tagged = async (filter: Filter) =>
          sortedIds(idsOf((await v2().find({ filter })).items));

        it('indexes existing documents when a multi index is added later, idempotently', async () => {
          await store.migrate([TAGGED_V1]);
          await v1().insertMany([
            { id: 't1', status: 'open', meta: { tags: ['roads', 'health', 'roads'] } },
            { id: 't2', status: 'open', meta: { tags: ['Giáo dục', 7] } },
            { id: 't3', status: 'closed' },
            { id: 't4', status: 'closed', meta: { tags: null } },
          ]);
          await store.migrate([TAGGED_V2]);
          expect(await tagged({ tags: 'roads' })).toEqual(['t1']);
          expect(await tagged({ tags: { $prefix: 'Giáo' } })).toEqual(['t2']);
          expect(await tagged({ tags: 7 })).toEqual(['t2']);
          expect(await tagged({ tags: null })).toEqual(['t3', 't4']);
          await store.migrate([TAGGED_V2]);
          await store.migrate([TAGGED_V2, DRAFTS]);
          expect(await v2().count({ tags: { $ne: null } })).toBe(2);
          expect(await tagged({ tags: { $in: ['roads', 'health'] } })).toEqual(['t1']);
          await v2().insert({ id: 't5', status: 'open', meta: { tags: ['roads'] } });
          expect(await tagged({ tags: 'roads' })).toEqual(['t1', 't5']);
          expect(() => v1()).toThrow();
        });

        it('re-indexes documents written while the multi index was not declared', async () => {
          await store.migrate([TAGGED_V2]);
          await v2().insert({ id: 't1', status: 'open', meta: { tags: ['old'] } });
          await store.migrate([TAGGED_V1]);
          const t1 = (await v1().get('t1')) as Stored<Tagged>;
          await v1().update({ ...t1, meta: { tags: ['new'] } });
          await v1().insert({ id: 't2', status: 'open', meta: { tags: ['new', 'other'] } });
          await store.migrate([TAGGED_V2]);
          expect(await tagged({ tags: 'old' })).toEqual([]);
          expect(await tagged({ tags: 'new' })).toEqual(['t1', 't2']);
          expect(await tagged({ tags: { $ne: 'other' } })).toEqual(['t1']);
        });

        it('refuses to add a multi index over values it cannot hold', async () => {
          await store.migrate([TAGGED_V1]);
          await v1().insert({ id: 't1', status: 'open', meta: { tags: 'not-an-array' as never } });
          await expect(store.migrate([TAGGED_V2])).rejects.toThrow(/tags/);
        });

        it('refuses a multi index that is also unique', async () => {
          const spec: CollectionSpec = {
            name: 'bad_multi',
            indexes: [{ name: 'tags', path: 'tags', multi: true, unique: true }],
          };
          await expect(store.migrate([spec])).rejects.toThrow(/multi/);
          expect(() => store.collection(spec)).toThrow(/multi/);
        });
      });
    });
  });
}

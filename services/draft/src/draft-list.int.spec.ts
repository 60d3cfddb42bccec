import { BusNames, createEventFactory } from '@pcn/events';
import { InvalidArgumentError, systemClock, uuidv7, type CallerIdentity } from '@pcn/platform';
import {
  openSqliteStore,
  type Collection,
  type CollectionSpec,
  type DocumentBase,
  type Store,
  type Transaction,
} from '@pcn/storage';
import { tempDir, type TempDir } from '@pcn/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { article, chapter } from './app/draft.fixtures.js';
import { createDraftUseCases, type DraftUseCases } from './app/draft.usecases.js';
import { draftCollections, draftSummariesCollection } from './infra/draft.collections.js';
import { createDraftRepository } from './infra/draft.repository.js';

// ListDrafts, title search and diffs against hostile inputs, on a real SQLite file. What a request
// costs is read from counters on the store (documents loaded per collection, counts run), never
// from timings.

const editor: CallerIdentity = {
  kind: 'user',
  id: 'user-stp',
  roles: ['agency_editor'],
  organizationId: 'org-stp',
};
const admin: CallerIdentity = { kind: 'user', id: 'admin-1', roles: ['network_admin'] };

/** Documents each collection handed back, and how many counts ran, since the last reset. */
const loaded = new Map<string, number>();
const counted = new Map<string, number>();
const bump = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);

function countingCollection<T extends DocumentBase>(c: Collection<T>): Collection<T> {
  return new Proxy(c, {
    get(target, prop) {
      if (prop === 'find')
        return async (options: Parameters<Collection<T>['find']>[0]) => {
          const page = await target.find(options);
          bump(loaded, target.spec.name, page.items.length);
          return page;
        };
      if (prop === 'get')
        return async (id: string) => {
          const doc = await target.get(id);
          if (doc) bump(loaded, target.spec.name, 1);
          return doc;
        };
      if (prop === 'count')
        return (filter: Parameters<Collection<T>['count']>[0]) => {
          bump(counted, target.spec.name, 1);
          return target.count(filter);
        };
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

function counting(store: Store): Store {
  const collectionOf =
    (source: { collection: Store['collection'] }) =>
    <T extends DocumentBase>(spec: CollectionSpec) =>
      countingCollection(source.collection<T>(spec));
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'collection') return collectionOf(target);
      if (prop === 'transaction')
        return <R>(work: (tx: Transaction) => Promise<R>) =>
          target.transaction((tx) =>
            work({
              collection: collectionOf(tx),
              enqueue: (m) => tx.enqueue(m),
              markProcessed: (c, e) => tx.markProcessed(c, e),
              guard: (key) => tx.guard(key),
            }),
          );
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}

let dir: TempDir;
let store: Store;
let drafts: DraftUseCases;
const names = new BusNames('listtest');

function useCases(diffCellBudget?: number): DraftUseCases {
  return createDraftUseCases({
    repo: createDraftRepository(counting(store), names, () => undefined),
    events: createEventFactory('draft', systemClock),
    clock: systemClock,
    newId: uuidv7,
    rules: { minConsultationMs: { provincial_decision: 1000 }, closingSoonLeadMs: 500 },
    diffCellBudget,
  });
}

const SEEDED = 60;

beforeAll(async () => {
  dir = await tempDir('pcn-draft-list-');
  store = await openSqliteStore({ path: dir.file('draft.db') });
  await store.migrate(draftCollections);
  drafts = useCases();
  for (let i = 0; i < SEEDED; i++)
    await drafts.createDraft(editor, {
      code: `QD-LIST-${i}`,
      documentType: 'provincial_decision',
      agencyId: 'org-stp',
      content: {
        title: { vi: `Quyết định về giá nước sạch số ${i}` },
        summary: { vi: 'Tóm tắt' },
        // A body worth not loading: what a list that shows titles never needs.
        chapters: [chapter([article('1', 'Phạm vi', 'Giá nước sạch sinh hoạt. '.repeat(200))])],
      },
    });
  await drafts.createDraft(editor, {
    code: 'QD-HOA-1',
    documentType: 'provincial_decision',
    agencyId: 'org-stp',
    content: { title: { vi: 'Quy định hoà giải ở cơ sở tại Đà Nẵng' }, summary: {}, chapters: [] },
  });
});

afterAll(async () => {
  await store.close();
  await dir.remove();
});

beforeEach(() => {
  loaded.clear();
  counted.clear();
});

const list = (input: Parameters<DraftUseCases['listDrafts']>[1]) => drafts.listDrafts(admin, input);

describe('ListDrafts cost', () => {
  it('lists summaries without loading a single whole draft, and counts only when asked', async () => {
    const page = await list({ pageSize: 20, view: 'summary', withTotal: false });
    expect(page.items).toHaveLength(20);
    expect(page.items.every((d) => d.content.chapters.length === 0 && d.content.title.vi)).toBe(
      true,
    );
    expect(page.totalCount).toBeNull();
    expect(loaded.get('drafts') ?? 0).toBe(0);
    expect(loaded.get('draft_summaries')).toBe(20);
    expect(counted.size).toBe(0);

    const full = await list({ pageSize: 20 });
    expect(full.totalCount).toBe(SEEDED + 1);
    expect(full.items.find((d) => d.code.startsWith('QD-LIST-'))?.content.chapters).toHaveLength(1);
    // Whole drafts for the page only, fetched in one read.
    expect(loaded.get('drafts')).toBe(20);
    expect(counted.get('draft_summaries')).toBe(1);
  });

  it('keeps the same version, order and cursors in either view', async () => {
    const a = await list({ pageSize: 7, sort: 'code', descending: false, view: 'summary' });
    const b = await list({ pageSize: 7, sort: 'code', descending: false });
    expect(a.items.map((d) => [d.id, d.version])).toEqual(b.items.map((d) => [d.id, d.version]));
    expect(a.cursors).toEqual(b.cursors);
    const next = await list({ pageSize: 7, sort: 'code', descending: false, after: a.nextCursor });
    expect(next.items[0]?.code).not.toBe(a.items.at(-1)?.code);
  });
});

describe('title search', () => {
  it('answers a multi-word query from indexes: no whole draft, no scan, exact count', async () => {
    // Every draft matches the first words, none the last: the old search scanned them all, twice.
    const none = await list({ titleQuery: 'gia nuoc sach zzz', pageSize: 20, view: 'summary' });
    expect(none.items).toEqual([]);
    expect(none.totalCount).toBe(0);
    expect(loaded.get('drafts') ?? 0).toBe(0);
    expect(loaded.get('draft_summaries') ?? 0).toBe(0);

    const all = await list({ titleQuery: 'giá NƯỚC sạch số', pageSize: 10, view: 'summary' });
    expect(all.items).toHaveLength(10);
    expect(all.totalCount).toBe(SEEDED);
    expect(loaded.get('drafts') ?? 0).toBe(0);
    expect(loaded.get('draft_summaries')).toBe(10);
  });

  it('folds Vietnamese: case, tone marks, old and new tone placement, đ', async () => {
    for (const q of ['hoà giải', 'HÒA GIAI', 'hoa giai', 'đà nẵng', 'DA NANG']) {
      const page = await list({ titleQuery: q, view: 'summary' });
      expect(
        page.items.map((d) => d.code),
        q,
      ).toEqual(['QD-HOA-1']);
    }
  });

  it('refuses queries that would match everything or cost more than their bound', async () => {
    for (const q of ['!!! ... ---', '...', '“”', 'a b c d e', 'x'.repeat(41), 'x '.repeat(101)]) {
      const attempt = list({ titleQuery: q });
      await expect(attempt, q).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(attempt).rejects.toMatchObject({
        violations: [expect.objectContaining({ field: 'titleQuery' })],
      });
    }
    expect(loaded.get('draft_summaries') ?? 0).toBe(0);
  });
});

describe('list records', () => {
  it('are written back at boot for drafts stored before them', async () => {
    const summaries = store.collection(draftSummariesCollection);
    const ids = (await summaries.find({ limit: 5 })).items.map((s) => s.id);
    for (const id of ids) await summaries.delete(id);
    const repo = createDraftRepository(store, names, () => undefined);
    expect(await repo.backfillSummaries()).toBe(5);
    expect(await repo.backfillSummaries()).toBe(0);
    expect((await list({ pageSize: 100, view: 'summary' })).items).toHaveLength(SEEDED + 1);
  });
});

describe('diff budget', () => {
  it('word-diffs articles while the request budget lasts, then replaces the rest whole and says so', async () => {
    const words = (tag: string) =>
      Array.from({ length: 700 }, (_, i) => `từ${i % 50}`).join(' ') + ` ${tag}`;
    const article = (id: string, tag: string) => ({
      id,
      number: id.slice(1),
      title: { vi: 'Điều' },
      clauses: [{ id: `${id}c1`, number: '1', text: { vi: `đầu ${words(tag)}` } }],
    });
    const chapters = (tag: string) => [
      {
        id: 'ch1',
        number: 'I',
        title: { vi: 'Chương' },
        articles: ['a1', 'a2', 'a3'].map((id) => article(id, tag)),
      },
    ];
    const created = await drafts.createDraft(editor, {
      code: 'QD-LONG-1',
      documentType: 'provincial_decision',
      agencyId: 'org-stp',
      content: { title: { vi: 'Dự thảo dài' }, summary: {}, chapters: chapters('cũ') },
    });
    // Each article changes at both ends, so its whole middle (about 1,400 tokens a side) is
    // compared: about 1.96 million cells each.
    const changed = chapters('mới').map((ch) => ({
      ...ch,
      articles: ch.articles.map((a) => ({
        ...a,
        clauses: a.clauses.map((c) => ({ ...c, text: { vi: c.text.vi.replace('đầu', 'mở') } })),
      })),
    }));
    await drafts.updateDraft(editor, {
      id: created.id,
      expectedVersion: created.version,
      content: { title: { vi: 'Dự thảo dài' }, summary: {}, chapters: changed },
    });
    const budgeted = useCases(3_000_000);
    const { language, changes } = await budgeted.diffVersions(editor, {
      draftId: created.id,
      fromVersion: 1,
      toVersion: 2,
    });
    expect(language).toBe('vi');
    expect(changes.map((c) => [c.articleId, c.coarse])).toEqual([
      ['a1', false],
      ['a2', true],
      ['a3', true],
    ]);
    // Coarse or not, the parts still rebuild both texts exactly.
    for (const c of changes) {
      const side = (keep: string) =>
        c.textDiff
          .filter((p) => p.op === 'equal' || p.op === keep)
          .map((p) => p.text)
          .join('');
      expect(side('delete')).toContain('đầu từ0');
      expect(side('insert')).toContain('mở từ0');
      expect(side('insert').endsWith('mới')).toBe(true);
    }
  });
});

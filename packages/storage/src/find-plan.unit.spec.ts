import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@pcn/platform';
import { resolveSpec } from './collection-spec.js';
import { normalizeSort, planCountBy, planFind, toPage, validateLimit } from './find-plan.js';
import { evaluate } from './predicate-eval.test-helper.js';
import type { Stored } from './store.contract.js';

const spec = resolveSpec({
  name: 'drafts',
  indexes: [
    { name: 'status', path: 'status' },
    { name: 'closes_at', path: 'window.closesAt' },
  ],
});

describe('validateLimit', () => {
  it('defaults to 50 and accepts 1 to 1000', () => {
    expect(validateLimit(undefined)).toBe(50);
    expect(validateLimit(1)).toBe(1);
    expect(validateLimit(1000)).toBe(1000);
  });

  it.each([0, -5, 1001, 2.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects %s', (limit) => {
    expect(() => validateLimit(limit)).toThrow(InvalidArgumentError);
  });
});

describe('normalizeSort', () => {
  it('appends the id tie-breaker', () => {
    expect(normalizeSort(spec, [{ field: 'status', direction: 'desc' }])).toEqual([
      { field: 'status', direction: 'desc' },
      { field: 'id', direction: 'asc' },
    ]);
    expect(normalizeSort(spec, undefined)).toEqual([{ field: 'id', direction: 'asc' }]);
  });

  it('stops at an explicit id key', () => {
    expect(
      normalizeSort(spec, [
        { field: 'id', direction: 'desc' },
        { field: 'status', direction: 'asc' },
      ]),
    ).toEqual([{ field: 'id', direction: 'desc' }]);
  });

  it('rejects undeclared fields, repeats and bad directions', () => {
    const sort = [
      { field: 'title', direction: 'asc' },
      { field: 'status', direction: 'up' },
      { field: 'status', direction: 'asc' },
    ];
    try {
      normalizeSort(spec, sort as never);
      expect.unreachable();
    } catch (err) {
      expect((err as InvalidArgumentError).violations.map((v) => v.field)).toEqual([
        'sort[0].field',
        'sort[1].direction',
        'sort[2].field',
      ]);
    }
  });
});

describe('planFind and toPage', () => {
  type Draft = { id: string; status: string | null; window?: { closesAt: string } };
  const docs: Stored<Draft>[] = Array.from({ length: 7 }, (_, i) => ({
    id: `d${i}`,
    status: i % 3 === 0 ? null : `s${i % 2}`,
    window: { closesAt: `2030-01-0${(i % 4) + 1}` },
    version: 1,
  }));

  it('walks pages through cursors computed from the documents', () => {
    const sort = [{ field: 'closes_at', direction: 'desc' }] as const;
    const ordered = [...docs].sort(
      (a, b) =>
        (b.window?.closesAt ?? '').localeCompare(a.window?.closesAt ?? '') ||
        a.id.localeCompare(b.id),
    );
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const plan = planFind(spec, { sort, limit: 3, after });
      // What an adapter would fetch: the matching rows in order, limit + 1 of them.
      const rows = ordered
        .filter((doc) =>
          evaluate(plan.where, { id: doc.id, status: doc.status, closes_at: doc.window?.closesAt }),
        )
        .slice(0, plan.limit + 1);
      const page = toPage(spec, plan, rows);
      seen.push(...page.items.map((d) => d.id));
      after = page.nextCursor;
    } while (after !== null);
    expect(seen).toEqual(ordered.map((d) => d.id));
  });

  it('returns no cursor when the rows fit the page', () => {
    const plan = planFind(spec, { limit: 7 });
    expect(toPage(spec, plan, docs).nextCursor).toBeNull();
    expect(toPage(spec, planFind(spec, { limit: 6 }), docs).nextCursor).not.toBeNull();
  });

  it('binds cursors to the filter and sort', () => {
    const plan = planFind(spec, { limit: 2 });
    const cursor = toPage(spec, plan, docs.slice(0, 3)).nextCursor;
    expect(() => planFind(spec, { limit: 2, after: cursor })).not.toThrow();
    expect(() => planFind(spec, { limit: 5, after: cursor })).not.toThrow();
    expect(() => planFind(spec, { filter: { status: 's1' }, after: cursor })).toThrow(
      InvalidArgumentError,
    );
    expect(() =>
      planFind(spec, { sort: [{ field: 'id', direction: 'desc' }], after: cursor }),
    ).toThrow(InvalidArgumentError);
  });
});

describe('planCountBy', () => {
  it('accepts declared indexes only', () => {
    expect(planCountBy(spec, 'status', undefined).index).toBe('status');
    expect(() => planCountBy(spec, 'id', undefined)).toThrow(InvalidArgumentError);
    expect(() => planCountBy(spec, 'title', undefined)).toThrow(InvalidArgumentError);
  });
});

describe('multi-valued indexes', () => {
  const multiSpec = resolveSpec({
    name: 'drafts',
    indexes: [
      { name: 'status', path: 'status' },
      { name: 'units', path: 'target.unitIds', multi: true },
    ],
  });

  it('cannot be sorted on or counted by, naming the index', () => {
    try {
      normalizeSort(multiSpec, [{ field: 'units', direction: 'asc' }]);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidArgumentError);
      const [violation] = (err as InvalidArgumentError).violations;
      expect(violation?.field).toBe('sort[0].field');
      expect(violation?.description).toMatch(/units/);
    }
    try {
      planCountBy(multiSpec, 'units', undefined);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).violations[0]?.description).toMatch(/units/);
    }
  });

  it('can be filtered on while paging in another order', () => {
    type Draft = { id: string; status: string; target: { unitIds: string[] } };
    const docs: Stored<Draft>[] = Array.from({ length: 30 }, (_, i) => ({
      id: `d${String(i).padStart(2, '0')}`,
      status: `s${i % 3}`,
      target: { unitIds: i % 2 === 0 ? ['/hn/1/', '/hn/2/', `/hn/${i}/`] : ['/hcm/'] },
      version: 1,
    }));
    const sort = [{ field: 'status', direction: 'desc' }] as const;
    const filter = { units: { $prefix: '/hn/' } };
    const ordered = docs
      .filter((d) => d.target.unitIds.some((u) => u.startsWith('/hn/')))
      .sort((a, b) => b.status.localeCompare(a.status) || a.id.localeCompare(b.id));
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const plan = planFind(multiSpec, { sort, filter, limit: 4, after });
      const rows = docs
        .filter((doc) =>
          evaluate(plan.where, { id: doc.id, status: doc.status, units: doc.target.unitIds }),
        )
        .sort((a, b) => b.status.localeCompare(a.status) || a.id.localeCompare(b.id))
        .slice(0, plan.limit + 1);
      const page = toPage(multiSpec, plan, rows);
      seen.push(...page.items.map((d) => d.id));
      after = page.nextCursor;
    } while (after !== null);
    expect(seen).toEqual(ordered.map((d) => d.id));
  });
});

import { describe, expect, it } from 'vitest';
import { compareCodePoints, keysetPredicate, type NormalizedSortKey } from './keyset.js';
import { evaluate } from './predicate-eval.test-helper.js';
import type { JsonScalar } from './store.contract.js';

type Row = { id: string; a: number | null; b: string | null };

function compareRows(sort: readonly NormalizedSortKey[]) {
  return (x: Row, y: Row): number => {
    for (const key of sort) {
      const vx = x[key.field as keyof Row];
      const vy = y[key.field as keyof Row];
      let diff = 0;
      if (vx === vy) diff = 0;
      else if (vx === null) diff = -1;
      else if (vy === null) diff = 1;
      else if (typeof vx === 'string' && typeof vy === 'string') diff = compareCodePoints(vx, vy);
      else diff = Number(vx) - Number(vy);
      if (diff !== 0) return key.direction === 'asc' ? diff : -diff;
    }
    return 0;
  };
}

// A small deterministic generator, so failures reproduce.
function rng(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

describe('keysetPredicate', () => {
  const sorts: NormalizedSortKey[][] = [
    [{ field: 'id', direction: 'asc' }],
    [{ field: 'id', direction: 'desc' }],
    [
      { field: 'a', direction: 'asc' },
      { field: 'id', direction: 'asc' },
    ],
    [
      { field: 'a', direction: 'desc' },
      { field: 'id', direction: 'asc' },
    ],
    [
      { field: 'a', direction: 'asc' },
      { field: 'b', direction: 'desc' },
      { field: 'id', direction: 'asc' },
    ],
    [
      { field: 'b', direction: 'desc' },
      { field: 'a', direction: 'desc' },
      { field: 'id', direction: 'desc' },
    ],
  ];

  it.each(sorts.map((sort) => [JSON.stringify(sort), sort] as const))(
    'selects exactly the rows after the cursor row for %s',
    (_, sort) => {
      const random = rng(42);
      const rows: Row[] = Array.from({ length: 60 }, (_, i) => ({
        id: `r${String(i).padStart(2, '0')}`,
        a: random() < 0.25 ? null : Math.floor(random() * 4),
        b: random() < 0.25 ? null : (['x', 'y', 'ý', '𖬀'][Math.floor(random() * 4)] ?? null),
      }));
      const ordered = [...rows].sort(compareRows(sort));
      ordered.forEach((cursorRow, position) => {
        const values = sort.map((key) => cursorRow[key.field as keyof Row] as JsonScalar);
        const predicate = keysetPredicate(sort, values);
        const selected = ordered.filter((row) => evaluate(predicate, row));
        expect(selected).toEqual(ordered.slice(position + 1));
      });
    },
  );

  it('needs one value per sort key', () => {
    expect(() => keysetPredicate([{ field: 'id', direction: 'asc' }], [])).toThrow();
  });
});

describe('compareCodePoints', () => {
  it('orders by code point, not UTF-16 unit', () => {
    // U+FF5E is one unit above the surrogates; U+16B00 is encoded with surrogates.
    expect('\uff5e' < '𖬀').toBe(false);
    expect(compareCodePoints('\uff5e', '𖬀')).toBeLessThan(0);
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'ab')).toBe(0);
    expect(compareCodePoints('Đ', 'D')).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { suppressSmallCells } from './small-cell-suppression.js';

const cells = (...people: number[]) => people.map((n, i) => ({ value: `v${i}`, people: n }));
const shown = (result: ReturnType<typeof suppressSmallCells>) => result.map((c) => c.people);

describe('suppressSmallCells', () => {
  it('shows a table with no cell under 5 as it is', () => {
    expect(shown(suppressSmallCells(cells(5, 9, 100)))).toEqual([5, 9, 100]);
  });

  it('hides a second cell when only one is small, so the total cannot give it back', () => {
    const result = suppressSmallCells(cells(3, 40, 8, 100));
    expect(shown(result)).toEqual([null, 40, null, 100]);
    expect(result.map((c) => c.suppression)).toEqual(['primary', 'none', 'complementary', 'none']);
  });

  it('hides more until the hidden cells hold at least 5 people together', () => {
    expect(shown(suppressSmallCells(cells(1, 1, 6, 50)))).toEqual([null, null, null, 50]);
    expect(shown(suppressSmallCells(cells(4, 2, 6, 50)))).toEqual([null, null, 6, 50]);
  });

  it('leaves empty cells alone and hides everything when nothing else is left', () => {
    expect(shown(suppressSmallCells(cells(0, 2, 0)))).toEqual([0, null, 0]);
    expect(shown(suppressSmallCells(cells(2, 3)))).toEqual([null, null]);
    expect(shown(suppressSmallCells([]))).toEqual([]);
  });

  it('takes another threshold', () => {
    expect(shown(suppressSmallCells(cells(9, 11, 12), 10))).toEqual([null, null, 12]);
  });
});

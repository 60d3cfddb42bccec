// Small-cell suppression for the demographic aggregates (ethnicity is sensitive data under Law
// 91/2025): no published cell may reveal fewer than `threshold` people, directly or by subtraction.
import type { DemographicCell } from './synthesis-report.model.js';

/** Cells under this many people are never shown (issue #10 §6). */
export const SUPPRESSION_THRESHOLD = 5;

/**
 * Suppresses every cell with fewer than `threshold` people (primary), then, because the table's
 * total is published, keeps suppressing the smallest shown cell (complementary) until the hidden
 * cells are at least two and hold at least `threshold` people together. One hidden cell would be
 * the total minus the others; two tiny ones would reveal that both are tiny. Cells come back in the
 * order given.
 */
export function suppressSmallCells(
  counts: ReadonlyArray<{ value: string; people: number }>,
  threshold = SUPPRESSION_THRESHOLD,
): DemographicCell[] {
  const cells: DemographicCell[] = counts.map(({ value, people }) => ({
    value,
    people,
    suppression: people > 0 && people < threshold ? 'primary' : 'none',
  }));
  const hidden = () => cells.filter((c) => c.suppression !== 'none');
  const hiddenPeople = () =>
    counts.reduce((sum, c, i) => sum + (cells[i]!.suppression !== 'none' ? c.people : 0), 0);
  while (hidden().length > 0 && (hidden().length < 2 || hiddenPeople() < threshold)) {
    let smallest = -1;
    for (let i = 0; i < cells.length; i++) {
      // An empty cell reveals nobody and hides nobody.
      if (cells[i]!.suppression !== 'none' || counts[i]!.people === 0) continue;
      if (smallest < 0 || counts[i]!.people < counts[smallest]!.people) smallest = i;
    }
    if (smallest < 0) break; // everything is hidden already
    cells[smallest]!.suppression = 'complementary';
  }
  for (const cell of cells) if (cell.suppression !== 'none') cell.people = null;
  return cells;
}

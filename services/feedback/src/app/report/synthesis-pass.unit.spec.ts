import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CLOSES, reportDraft, reportUnits, twoCamps } from './report.fixtures.js';
import { runSynthesisPass } from './synthesis-pass.js';

describe('runSynthesisPass', () => {
  it('reads a stream once for the report, its rows and its opinion groups', async () => {
    // A Node stream, as a store cursor is read.
    const pass = await runSynthesisPass(Readable.from(twoCamps()), {
      draft: reportDraft(),
      units: reportUnits(),
      view: 'public',
      now: CLOSES,
    });
    expect(pass.report.totals.all).toMatchObject({ received: 120, uniquePeople: 40 });
    expect([...pass.rows()]).toHaveLength(120);
    expect([...pass.rows()]).toHaveLength(120);
    const groups = pass.opinionGroups;
    if (groups.status !== 'grouped') throw new Error(groups.status);
    expect(groups.k).toBe(2);
    expect(groups.groups.map((g) => g.participants.length)).toEqual([20, 20]);
    expect(groups.consensus).toEqual([
      expect.objectContaining({ articleId: 'a3', direction: 'agree' }),
    ]);
  });
});

import { NotFoundError } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import type { FeedbackDeps } from './feedback-deps.js';
import { admin, openDraft } from './feedback.fixtures.js';
import type { FeedbackRepository } from './feedback.ports.js';
import { createExportSynthesis, PUBLISHED_FILES_CACHED } from './export-synthesis.usecase.js';
import type { Synthesis } from './synthesis-of-draft.js';
import type { PublishedSynthesis } from './synthesis.model.js';

const report = {
  draft: { id: 'd', code: 'QD-1', title: 'QD-1' },
  period: { opensAt: '2026-12-01T00:00:00.000Z', closesAt: '2026-12-21T00:00:00.000Z' },
  status: 'final',
  view: 'public',
  generatedAt: '2026-12-22T00:00:00.000Z',
} as unknown as PublishedSynthesis['report'];

/** A repository that knows drafts d0..d19, each with a published report. */
function repo(): FeedbackRepository {
  return {
    getDraft: (id: string) => Promise.resolve(openDraft({ id })),
    getSynthesis: (id: string) =>
      Promise.resolve(
        id.startsWith('d')
          ? {
              id,
              reportId: `r-${id}`,
              publishedAt: '2026-12-22T00:00:00.000Z',
              publishedBy: 'admin-1',
              report,
              rows: [],
              opinionGroups: { status: 'too_few_participants', participants: 0, leftOut: 0 },
            }
          : null,
      ),
  } as unknown as FeedbackRepository;
}

describe('exporting a published report', () => {
  it('renders each published file once, keeps a bounded number, and names it', async () => {
    const renders: string[] = [];
    const render = (s: Synthesis) => {
      renders.push(s.published?.reportId ?? 'live');
      return Promise.resolve(Buffer.from(`file of ${s.published?.reportId}`));
    };
    const deps = { repo: repo(), clock: { now: () => new Date() } } as unknown as FeedbackDeps;
    const exportSynthesis = createExportSynthesis(deps, { docx: render, csv: render });
    const first = await exportSynthesis(undefined, { draftId: 'd0', format: 'docx' });
    const again = await exportSynthesis(admin, { draftId: 'd0', format: 'docx' });
    expect(again.content.equals(first.content)).toBe(true);
    expect(first.fileName).toBe(
      'synthesis-QD-2026-01-published.docx'.replace('QD-2026-01', 'QD-1'),
    );
    expect(renders).toEqual(['r-d0']);
    await exportSynthesis(undefined, { draftId: 'd0', format: 'csv' });
    expect(renders).toEqual(['r-d0', 'r-d0']);
    for (let i = 1; i <= PUBLISHED_FILES_CACHED; i += 1)
      await exportSynthesis(undefined, { draftId: `d${i}`, format: 'docx' });
    // d0's DOCX was the oldest: it is rendered again.
    await exportSynthesis(undefined, { draftId: 'd0', format: 'docx' });
    expect(renders.filter((r) => r === 'r-d0')).toHaveLength(3);
    await expect(exportSynthesis(undefined, { draftId: 'x', format: 'csv' })).rejects.toThrow(
      NotFoundError,
    );
  });
});

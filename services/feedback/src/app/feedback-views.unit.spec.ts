import { describe, expect, it } from 'vitest';
import { storedComment } from './feedback.fixtures.js';
import { ownView, staffView } from './feedback-views.js';

const answer = {
  outcome: 'accepted' as const,
  reason: 'Đã tiếp thu',
  changedArticleIds: ['a1'],
  answeredAt: '2026-12-05T00:00:00.000Z',
  answeredBy: 'editor-1',
  publishedAt: null,
  groupId: null,
};
const consent = {
  method: 'online' as const,
  textVersion: 'v1',
  givenAt: '2026-12-02T00:00:00.000Z',
};

describe('a comment as its author sees it', () => {
  const record = storedComment({
    flagCount: 3,
    demographics: { ethnicGroup: 'mong', gender: null, ageBand: null, consent },
    answer,
  });

  it('shows their own contact and demographics, which the agency never sees per person', () => {
    expect(ownView(record).submitter.contact).toEqual(record.submitter.contact);
    expect(ownView(record).demographics).toEqual(record.demographics);
    expect(staffView(record, false).demographics).toBeNull();
  });

  it("shows an answer only once published, and no count of other people's flags", () => {
    expect(ownView(record).answer).toBeNull();
    expect(staffView(record, false).answer).toEqual(answer);
    const published = { ...answer, publishedAt: '2026-12-06T00:00:00.000Z' };
    expect(ownView({ ...record, answer: published }).answer).toEqual(published);
    expect(ownView(record).flagCount).toBe(0);
  });
});

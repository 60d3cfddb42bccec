import { describe, expect, it } from 'vitest';
import { buildVariables, describeVariables, variablesFor } from './template-variables.js';

const context = {
  language: 'vi',
  draftUrl: 'https://pcn.example.vn/d/1',
  unsubscribeUrl: 'https://pcn.example.vn/u/abc',
};

const draft = {
  draftId: 'd1',
  code: '12/TTr',
  documentType: 'nghi_quyet',
  agencyId: 'a1',
  title: { vi: 'Dự thảo A', hmn: 'Daim A' },
  languages: ['vi', 'hmn'],
  targetUnitIds: ['u1'],
  ethnicGroups: [],
  audienceGroups: [],
  policyAreas: ['land'],
  publicDisclosure: true,
  version: 3,
  opensAt: '2026-03-02T01:00:00Z',
  closesAt: '2026-04-01T10:00:00Z',
};

describe('template variables', () => {
  it("derives an event's variables from its catalogue schema, plus the common ones", () => {
    expect([...variablesFor('pcn.draft.v1.ConsultationOpened')]).toEqual([
      'draftId',
      'code',
      'documentType',
      'agencyId',
      'languages',
      'targetUnitIds',
      'ethnicGroups',
      'audienceGroups',
      'policyAreas',
      'publicDisclosure',
      'version',
      'opensAt',
      'closesAt',
      'title',
      'draftUrl',
      'unsubscribeUrl',
      'recipient.language',
      'network.name',
    ]);
  });

  it('walks nested objects, unwraps nullables and leaves out maps of counts', () => {
    const list = describeVariables('pcn.outreach.v1.ActivityHeld');
    expect(list.filter((v) => v.source === 'event')).toEqual([
      { name: 'activityId', kind: 'text', source: 'event', optional: false },
      { name: 'planId', kind: 'text', source: 'event', optional: false },
      { name: 'draftId', kind: 'text', source: 'event', optional: false },
      { name: 'kind', kind: 'text', source: 'event', optional: false },
      { name: 'unitId', kind: 'text', source: 'event', optional: true },
      { name: 'language', kind: 'text', source: 'event', optional: false },
      { name: 'heldAt', kind: 'datetime', source: 'event', optional: false },
      { name: 'attendance.total', kind: 'number', source: 'event', optional: false },
    ]);
    expect(
      describeVariables('pcn.draft.v1.DraftPromulgated').find((v) => v.name === 'signedOn'),
    ).toMatchObject({ kind: 'date' });
  });

  it('builds the rendering object from declared variables only', () => {
    const vars = buildVariables(
      'pcn.draft.v1.ConsultationOpened',
      { ...draft, secret: 'never shown' },
      context,
    );
    expect(vars).toEqual({
      draftId: 'd1',
      code: '12/TTr',
      documentType: 'nghi_quyet',
      agencyId: 'a1',
      languages: ['vi', 'hmn'],
      targetUnitIds: ['u1'],
      ethnicGroups: [],
      audienceGroups: [],
      policyAreas: ['land'],
      publicDisclosure: true,
      version: 3,
      opensAt: '2026-03-02T01:00:00Z',
      closesAt: '2026-04-01T10:00:00Z',
      title: 'Dự thảo A',
      draftUrl: 'https://pcn.example.vn/d/1',
      unsubscribeUrl: 'https://pcn.example.vn/u/abc',
      recipient: { language: 'vi' },
      network: { name: 'Mạng thông tin chính sách' },
    });
  });

  it("gives the title in the recipient's language, its base language, else Vietnamese", () => {
    const titleIn = (language: string) =>
      buildVariables('pcn.draft.v1.ConsultationOpened', draft, { ...context, language }).title;
    expect(titleIn('hmn')).toBe('Daim A');
    expect(titleIn('hmn-Latn')).toBe('Daim A');
    expect(titleIn('fr')).toBe('Dự thảo A');
    expect(titleIn('not a tag')).toBe('Dự thảo A');
  });

  it('takes the title from the context for events without one, and nulls for missing fields', () => {
    const vars = buildVariables(
      'pcn.feedback.v1.FeedbackAnswered',
      { feedbackId: 'f1', draftId: 'd1', articleId: null, outcome: 'accepted' },
      {
        ...context,
        draftUrl: null,
        title: { vi: 'Dự thảo B' },
        networkName: 'Cổng Hà Giang',
      },
    );
    expect(vars).toEqual({
      feedbackId: 'f1',
      draftId: 'd1',
      articleId: null,
      groupId: null,
      outcome: 'accepted',
      reason: null,
      changedArticleIds: null,
      answeredAt: null,
      publishedAt: null,
      language: null,
      receiptCode: null,
      draftCode: '',
      outcomeText: 'được tiếp thu',
      title: 'Dự thảo B',
      draftUrl: '',
      unsubscribeUrl: 'https://pcn.example.vn/u/abc',
      recipient: { language: 'vi' },
      network: { name: 'Cổng Hà Giang' },
    });
  });
});

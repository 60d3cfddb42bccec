import { isUuidV7, runInContext } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import { catalogue, domainOf, EVENT_TYPES } from './catalogue.js';
import {
  createEventFactory,
  decodeEvent,
  InvalidEventError,
  MAX_EVENT_BYTES,
  validateEvent,
} from './envelope.js';
import { consultationOpened } from './__fixtures__/fixture-events.js';
import { BusNames } from './names.js';

const clock = { now: () => new Date('2026-11-27T03:00:00.000Z') };

describe('event catalogue', () => {
  it('names every type pcn.<domain>.v1.<PastTense> and maps it to a known domain', () => {
    expect(EVENT_TYPES.length).toBe(Object.keys(catalogue).length);
    for (const type of EVENT_TYPES) {
      expect(type).toMatch(
        /^pcn\.(directory|draft|feedback|outreach|notification)\.v1\.[A-Z][A-Za-z]*(?:(?:[a-z]ed|Held)(?:Out)?|Soon)$/,
      );
      expect(['directory', 'draft', 'feedback', 'outreach', 'notification']).toContain(
        domainOf(type),
      );
    }
  });
});

describe('event factory', () => {
  it('builds a valid envelope with a UUIDv7 id and the current correlation and causation', () => {
    const factory = createEventFactory('draft', clock);
    const event = runInContext({ correlationId: 'corr-1', causationId: 'cause-1' }, () =>
      factory.create('pcn.draft.v1.DraftRepealed', 'draft-1', {
        ...consultationOpened('draft-1').data,
        repealedByDraftId: 'draft-2',
      }),
    );
    expect(isUuidV7(event.id)).toBe(true);
    expect(event).toMatchObject({
      type: 'pcn.draft.v1.DraftRepealed',
      time: '2026-11-27T03:00:00.000Z',
      source: 'draft',
      subject: 'draft-1',
      correlationId: 'corr-1',
      causationId: 'cause-1',
    });
  });

  it('starts a new correlation when no work context exists', () => {
    const event = createEventFactory('draft', clock).create(
      'pcn.draft.v1.DraftCreated',
      'd',
      consultationOpened('d').data,
    );
    expect(event.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.causationId).toBeNull();
  });

  it('refuses data that does not match the schema, naming the field', () => {
    const factory = createEventFactory('draft', clock);
    const data = { ...consultationOpened('d').data, title: { en: 'English only' } };
    expect(() => factory.create('pcn.draft.v1.DraftCreated', 'd', data)).toThrow(
      /title: must include vi/,
    );
  });

  it('refuses an event larger than the bus accepts', () => {
    const factory = createEventFactory('draft', clock);
    const data = { ...consultationOpened('d').data, title: { vi: 'x'.repeat(MAX_EVENT_BYTES) } };
    expect(() => factory.create('pcn.draft.v1.DraftCreated', 'd', data)).toThrow(InvalidEventError);
  });
});

describe('decoding events from the wire', () => {
  const good = consultationOpened('draft-1');

  it('round-trips a valid event', () => {
    expect(decodeEvent(Buffer.from(JSON.stringify(good)))).toEqual(good);
  });

  it.each([
    ['not JSON', '{"id":', /payload is not JSON/],
    ['a JSON array', '[]', /invalid envelope/],
    ['null', 'null', /invalid envelope/],
    [
      'an unknown type',
      JSON.stringify({ ...good, type: 'pcn.draft.v1.Exploded' }),
      /not in the event catalogue/,
    ],
    ['a v4 id', JSON.stringify({ ...good, id: '9b2c1c9e-3f0a-4c1e-8d4f-2b1a0c9d8e7f' }), /UUIDv7/],
    ['a bad time', JSON.stringify({ ...good, time: 'yesterday' }), /time/],
    [
      'data missing a field',
      JSON.stringify({ ...good, data: { draftId: 'x' } }),
      /invalid pcn\.draft\.v1\.ConsultationOpened/,
    ],
    [
      'a hostile language tag',
      JSON.stringify({ ...good, data: { ...good.data, languages: ['vi; DROP TABLE'] } }),
      /languages/,
    ],
  ])('rejects %s', (_name, raw, message) => {
    expect(() => decodeEvent(Buffer.from(raw))).toThrow(message);
  });

  it('keeps the validated data only', () => {
    const withExtra = { ...good, data: { ...good.data, injected: '<script>' } };
    expect(validateEvent(withExtra).data).not.toHaveProperty('injected');
  });
});

describe('bus names', () => {
  it('isolates a prefixed network and maps subjects back to types', () => {
    const names = new BusNames('t1');
    expect(names.stream('draft')).toBe('t1_DRAFT');
    expect(names.subjectFor('pcn.draft.v1.DraftCreated')).toBe('t1.pcn.draft.v1.DraftCreated');
    expect(names.typeOfSubject('t1.pcn.draft.v1.DraftCreated')).toBe('pcn.draft.v1.DraftCreated');
    expect(new BusNames().streamSubjects('feedback')).toBe('pcn.feedback.v1.>');
    expect(() => new BusNames('bad.prefix')).toThrow(/prefix/);
  });
});

describe('feedback and draft contracts for issue #10', () => {
  const factory = createEventFactory('feedback', clock);
  const received = {
    feedbackId: 'fb-1',
    draftId: 'draft-1',
    version: 2,
    articleId: 'a1',
    clauseId: 'a1c1',
    stance: 'suggest_change',
    channel: 'sms',
    language: 'vi',
    unitId: 'unit-sapa',
    submitterKind: 'citizen',
    verified: false,
    receivedAt: '2026-12-01T03:00:00.000Z',
    receiptCode: 'K7QX4M2P',
    replyTo: { channel: 'sms', phone: '+84912345678' },
  } as const;

  it('takes ConsultationOpened with or without the consulted articles (added later)', () => {
    const { data } = consultationOpened('d');
    expect(() => factory.create('pcn.draft.v1.ConsultationOpened', 'd', data)).not.toThrow();
    const withArticles = {
      ...data,
      articles: [{ id: 'a1', number: '1', heading: { vi: 'Phạm vi' }, clauseIds: ['a1c1'] }],
    };
    expect(
      factory.create('pcn.draft.v1.ConsultationOpened', 'd', withArticles).data.articles,
    ).toEqual(withArticles.articles);
    expect(() =>
      factory.create('pcn.draft.v1.ConsultationOpened', 'd', {
        ...data,
        articles: [{ id: '', number: '1', heading: {}, clauseIds: [] }],
      }),
    ).toThrow(/articles/);
  });

  it('takes FeedbackReceived with each kind of reply address, and null', () => {
    for (const replyTo of [
      { channel: 'sms', phone: '+84912345678' },
      { channel: 'zalo', zaloUserId: '8112233445566' },
      { channel: 'email', email: 'a@example.vn' },
      { channel: 'in_app', userId: 'user-1' },
      { channel: 'partner', clientId: 'client-1', externalRef: 'u-77' },
      null,
    ] as const)
      expect(
        factory.create('pcn.feedback.v1.FeedbackReceived', 'draft-1', { ...received, replyTo }).data
          .replyTo,
      ).toEqual(replyTo);
  });

  it.each([
    ['a national phone number', { replyTo: { channel: 'sms', phone: '0912345678' } }, /replyTo/],
    ['an email without a domain', { replyTo: { channel: 'email', email: 'a@' } }, /replyTo/],
    [
      'a partner reply without its reference',
      { replyTo: { channel: 'partner', clientId: 'c' } },
      /replyTo/,
    ],
    ['a receipt code with spaces', { receiptCode: 'K7QX 4M2P' }, /receiptCode/],
    ['a receipt code too long', { receiptCode: 'K7QX4M2PZ'.repeat(2) }, /receiptCode/],
    ['an unknown channel', { channel: 'fax' }, /channel/],
    ['an unknown stance', { stance: 'maybe' }, /stance/],
  ])('refuses FeedbackReceived with %s', (_name, change, message) => {
    expect(() =>
      factory.create('pcn.feedback.v1.FeedbackReceived', 'draft-1', {
        ...received,
        ...change,
      } as never),
    ).toThrow(message);
  });

  it('requires a reason for a hidden comment and none for a published one', () => {
    const base = { feedbackId: 'f', draftId: 'd', moderatedAt: '2026-12-01T03:00:00.000Z' };
    expect(() =>
      factory.create('pcn.feedback.v1.FeedbackModerated', 'd', {
        ...base,
        decision: 'hidden',
        reason: 'spam',
      }),
    ).not.toThrow();
    expect(() =>
      factory.create('pcn.feedback.v1.FeedbackModerated', 'd', {
        ...base,
        decision: 'hidden',
        reason: null,
      }),
    ).toThrow(/reason/);
    expect(() =>
      factory.create('pcn.feedback.v1.FeedbackModerated', 'd', {
        ...base,
        decision: 'published',
        reason: 'spam',
      }),
    ).toThrow(/reason/);
  });

  it('takes a published answer with its outcome, reason and where to send it', () => {
    const answered = factory.create('pcn.feedback.v1.FeedbackAnswered', 'd', {
      feedbackId: 'f',
      draftId: 'd',
      articleId: 'a1',
      groupId: null,
      outcome: 'noted',
      reason: 'Câu hỏi đã được giải đáp tại Điều 3.',
      changedArticleIds: [],
      answeredAt: '2026-12-02T03:00:00.000Z',
      publishedAt: '2026-12-03T03:00:00.000Z',
      language: 'hmn',
      receiptCode: 'K7QX4M2P',
      replyTo: { channel: 'zalo', zaloUserId: '811' },
    });
    expect(answered.data.outcome).toBe('noted');
    expect(() =>
      factory.create('pcn.feedback.v1.FeedbackAnswered', 'd', {
        ...answered.data,
        reason: '',
      }),
    ).toThrow(/reason/);
  });
});

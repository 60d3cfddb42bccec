import {
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  UnauthenticatedError,
  type FieldViolation,
} from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import { decideIntake, intakeKey, keyReuse } from './feedback-intake.js';
import type { FeedbackInput } from './feedback-input.js';
import {
  admin,
  citizen,
  context,
  editor,
  gateway,
  input,
  officer,
  openDraft,
  otherEditor,
  paperInput,
  partner,
} from './feedback.fixtures.js';
import type { IntakeContext } from './feedback-intake.js';

function violations(
  raw: FeedbackInput,
  ctx: IntakeContext = context(),
  prefix = '',
): FieldViolation[] {
  try {
    decideIntake(raw, ctx, prefix);
  } catch (err) {
    if (err instanceof InvalidArgumentError) return [...err.violations];
    throw err;
  }
  throw new Error('accepted');
}

const fields = (raw: FeedbackInput, ctx?: IntakeContext) =>
  violations(raw, ctx).map((v) => v.field);

describe('taking in a comment', () => {
  it("stores a signed-in citizen's comment NFC, verified, answering in-app, and says so in the event", () => {
    const decomposed = 'Đề nghị sửa Điều 1: hòa'.normalize('NFD');
    const { record, received } = decideIntake(
      input({ text: `  ${decomposed}  `, clauseId: 'a1c2' }),
      context(),
    );
    expect(record.text).toBe('Đề nghị sửa Điều 1: hòa'.normalize('NFC'));
    expect(record).toMatchObject({
      draftId: 'draft-1',
      version: 2,
      articleId: 'a1',
      clauseId: 'a1c2',
      state: 'pending',
      verified: true,
      submitter: { via: 'user', userId: 'user-1', kind: 'citizen' },
      replyTo: { channel: 'in_app', userId: 'user-1' },
      group: null,
      ungroupedDraftId: 'draft-1',
      receiptKey: 'draft-1:K7QX4M2P',
    });
    expect(received).toEqual({
      feedbackId: record.id,
      draftId: 'draft-1',
      version: 2,
      articleId: 'a1',
      clauseId: 'a1c2',
      stance: 'suggest_change',
      channel: 'web',
      language: 'vi',
      unitId: null,
      submitterKind: 'citizen',
      verified: true,
      receivedAt: '2026-12-10T03:00:00.000Z',
      receiptCode: 'K7QX4M2P',
      replyTo: { channel: 'in_app', userId: 'user-1' },
    });
    expect(received).not.toHaveProperty('text');
  });

  it('takes a comment on the whole draft', () => {
    expect(decideIntake(input({ articleId: '' }), context()).record.articleId).toBeNull();
  });

  it.each([
    ['an unknown article', { articleId: 'a9' }, 'articleId'],
    ['a clause of another article', { clauseId: 'a2c1' }, 'clauseId'],
    ['a clause without its article', { articleId: '', clauseId: 'a1c1' }, 'clauseId'],
    ['an article id with spaces', { articleId: 'a 1' }, 'articleId'],
    ['no stance', { stance: '' }, 'stance'],
    ['an unknown stance', { stance: 'maybe' }, 'stance'],
    ['an unknown channel', { channel: 'fax' }, 'channel'],
    ['an unknown language', { language: 'zz-ZZZZ-invalid' }, 'language'],
    ['no language', { language: '' }, 'language'],
    ['empty text', { text: '' }, 'text'],
    ['only spaces', { text: ' \n\t ' }, 'text'],
    ['a control character', { text: 'xin chào\u0007' }, 'text'],
    ['a lone surrogate', { text: 'x\uD800y' }, 'text'],
    ['an unknown unit', { unitId: 'atlantis' }, 'unitId'],
    ['a received time on a web comment', { receivedAt: '2026-12-05T00:00:00Z' }, 'receivedAt'],
    ['a bad idempotency key', { idempotencyKey: 'has spaces in it' }, 'idempotencyKey'],
    ['a provider message id from a user', { channelMessageId: 'm-1' }, 'channelMessageId'],
  ])('refuses %s, naming the field', (_name, change, field) => {
    expect(fields(input(change as Partial<FeedbackInput>))).toContain(field);
  });

  it('counts code points after NFC: 10,000 is the limit, whatever the encoding', () => {
    const emoji = '👍'.repeat(10_000); // 20,000 UTF-16 units, 10,000 characters
    expect(decideIntake(input({ text: emoji }), context()).record.text).toBe(emoji);
    const decomposed = 'ộ'.normalize('NFD').repeat(10_000); // 30,000 units, 10,000 after NFC
    expect([...decideIntake(input({ text: decomposed }), context()).record.text]).toHaveLength(
      10_000,
    );
    expect(fields(input({ text: 'a'.repeat(10_001) }))).toEqual(['text']);
    expect(fields(input({ text: 'x'.repeat(5_000_000) }))).toEqual(['text']);
  });

  it('keeps ethnic group, gender and age band only with explicit consent for this purpose', () => {
    const demographics = { ethnicGroup: 'mong', gender: 'female', ageBand: '30_44' };
    expect(fields(input({ demographics }))).toEqual(['demographics.consent']);
    expect(
      fields(
        input({
          demographics: {
            ...demographics,
            consent: { given: false, method: 'online', textVersion: 'v1' },
          },
        }),
      ),
    ).toEqual(['demographics.consent']);
    const { record, received } = decideIntake(
      input({
        demographics: {
          ...demographics,
          consent: { given: true, method: '', textVersion: 'pdp-2026-01' },
        },
      }),
      context(),
    );
    expect(record.demographics).toEqual({
      ethnicGroup: 'mong',
      gender: 'female',
      ageBand: '30_44',
      consent: {
        method: 'online',
        textVersion: 'pdp-2026-01',
        givenAt: '2026-12-10T03:00:00.000Z',
      },
    });
    // Ethnicity never leaves the service per person: not in the event.
    expect(JSON.stringify(received)).not.toContain('mong');
    // Consent with nothing to keep stores nothing.
    expect(
      decideIntake(
        input({
          demographics: {
            ethnicGroup: '',
            gender: '',
            ageBand: '',
            consent: { given: true, method: '', textVersion: '' },
          },
        }),
        context(),
      ).record.demographics,
    ).toBeNull();
    expect(
      fields(input({ demographics: { ...demographics, ethnicGroup: 'Mông; DROP' } })),
    ).toContain('demographics.ethnicGroup');
  });

  it('puts every violation under the item prefix for imports', () => {
    expect(
      violations(input({ articleId: 'a9', text: '' }), context(), 'items[3]').map((v) => v.field),
    ).toEqual(['items[3].text']);
    expect(violations(input({ articleId: 'a9' }), context(), 'items[3]')).toEqual([
      expect.objectContaining({ field: 'items[3].articleId' }),
    ]);
  });

  it('answers NOT_FOUND for a draft it never heard of, or one the caller may not see', () => {
    expect(() => decideIntake(input(), context({ draft: null }))).toThrow(NotFoundError);
    const hidden = openDraft({ publicDisclosure: false });
    expect(() => decideIntake(input(), context({ draft: hidden }))).toThrow(NotFoundError);
    expect(() => decideIntake(input(), context({ draft: hidden, caller: otherEditor }))).toThrow(
      NotFoundError,
    );
    expect(decideIntake(input(), context({ draft: hidden, caller: editor })).record).toBeDefined();
  });
});

describe('who submits', () => {
  const anonymous = (submitter: Partial<FeedbackInput['submitter']>, change = {}) =>
    input({
      submitter: { kind: 'citizen', externalRef: '', name: '', organizationName: '', ...submitter },
      ...change,
    });

  it('takes an anonymous person with a name and a contact point, unverified, answering there', () => {
    const { record } = decideIntake(
      anonymous({ name: 'Vàng A Sùng', contact: { channel: 'sms', address: '0912 345 678' } }),
      context({ caller: undefined }),
    );
    expect(record).toMatchObject({
      verified: false,
      submitter: { via: 'anonymous', name: 'Vàng A Sùng', contact: { address: '+84912345678' } },
      replyTo: { channel: 'sms', phone: '+84912345678' },
    });
  });

  it('refuses an anonymous comment without a name or a contact, or with a bad contact', () => {
    expect(fields(anonymous({}), context({ caller: undefined }))).toEqual([
      'submitter.name',
      'submitter.contact',
    ]);
    expect(
      fields(
        anonymous({ name: 'A', contact: { channel: 'sms', address: '12345' } }),
        context({ caller: undefined }),
      ),
    ).toEqual(['submitter.contact.address']);
    expect(
      fields(
        anonymous({ name: 'A', contact: { channel: 'email', address: 'not-an-email' } }),
        context({ caller: undefined }),
      ),
    ).toEqual(['submitter.contact.address']);
  });

  it("takes a partner system's comment with its reference for its user, verified", () => {
    const { record } = decideIntake(
      anonymous({ externalRef: 'citizen-app-77', name: 'kept nowhere' }, { channel: 'partner' }),
      context({ caller: partner }),
    );
    expect(record).toMatchObject({
      verified: true,
      submitter: {
        via: 'partner',
        clientId: 'client-portal',
        externalRef: 'citizen-app-77',
        name: null,
      },
      replyTo: { channel: 'partner', clientId: 'client-portal', externalRef: 'citizen-app-77' },
    });
    expect(fields(anonymous({}, { channel: 'partner' }), context({ caller: partner }))).toEqual([
      'submitter.externalRef',
    ]);
    expect(() =>
      decideIntake(anonymous({ externalRef: 'x' }, { channel: 'partner' }), context()),
    ).toThrow(PermissionDeniedError);
  });

  it('takes SMS and Zalo only from the gateway, with the sender and the message id', () => {
    const sms = anonymous(
      { contact: { channel: 'sms', address: '+84 912 345 678' } },
      { channel: 'sms', channelMessageId: 'esms-123' },
    );
    const { record } = decideIntake(sms, context({ caller: gateway }));
    expect(record).toMatchObject({
      idempotencyKey: 'msg:sms:esms-123',
      replyTo: { channel: 'sms', phone: '+84912345678' },
      verified: false,
    });
    expect(() => decideIntake(sms, context({ caller: undefined }))).toThrow(PermissionDeniedError);
    expect(() => decideIntake(sms, context({ caller: citizen }))).toThrow(PermissionDeniedError);
    expect(fields({ ...sms, channelMessageId: '' }, context({ caller: gateway }))).toEqual([
      'channelMessageId',
    ]);
    expect(
      fields(
        anonymous(
          { contact: { channel: 'zalo', address: '8123' } },
          { channel: 'sms', channelMessageId: 'm' },
        ),
        context({ caller: gateway }),
      ),
    ).toEqual(['submitter.contact.channel']);
  });

  it('lets officers record paper forms for people of their units, with the person\u2019s consent', () => {
    const { record } = decideIntake(paperInput(), context({ caller: officer }));
    expect(record).toMatchObject({
      channel: 'paper',
      receivedAt: '2026-12-05T02:00:00.000Z',
      submittedAt: '2026-12-10T03:00:00.000Z',
      verified: false,
      unitId: 'trinh-tuong',
      submitter: {
        via: 'officer',
        userId: 'officer-1',
        name: 'Lò Thị Mai',
        onBehalfConsent: { method: 'paper_form', textVersion: 'form-2026' },
      },
      replyTo: null,
    });
    // Another unit, no unit, no consent, not signed in, no officer role.
    expect(() =>
      decideIntake(paperInput({ unitId: 'sa-pa' }), context({ caller: officer })),
    ).toThrow(PermissionDeniedError);
    expect(() => decideIntake(paperInput({ unitId: '' }), context({ caller: officer }))).toThrow(
      PermissionDeniedError,
    );
    expect(
      fields(
        paperInput({
          submitter: { kind: 'citizen', externalRef: '', name: 'A', organizationName: '' },
        }),
        context({ caller: officer }),
      ),
    ).toEqual(['submitter.onBehalfConsent']);
    expect(() => decideIntake(paperInput(), context({ caller: undefined }))).toThrow(
      UnauthenticatedError,
    );
    expect(() => decideIntake(paperInput(), context({ caller: citizen }))).toThrow(
      PermissionDeniedError,
    );
    expect(() => decideIntake(paperInput(), context({ caller: otherEditor }))).toThrow(
      PermissionDeniedError,
    );
    expect(decideIntake(paperInput(), context({ caller: editor })).record).toBeDefined();
    expect(
      decideIntake(paperInput({ unitId: 'sa-pa' }), context({ caller: admin })).record,
    ).toBeDefined();
    expect(
      fields(paperInput({ receivedAt: '2026-12-11T03:00:00Z' }), context({ caller: officer })),
    ).toEqual(['receivedAt']);
  });

  it('refuses comments outside the window with FAILED_PRECONDITION naming the rule', () => {
    const closed = context({ now: new Date('2026-12-22T00:00:00Z') });
    expect(() => decideIntake(input(), closed)).toThrow(
      expect.objectContaining({ reason: 'CONSULTATION_CLOSED' }),
    );
    // Field errors come first: a bad comment to a closed draft is told what is wrong with it.
    expect(() => decideIntake(input({ text: '' }), closed)).toThrow(InvalidArgumentError);
    expect(() => decideIntake(paperInput(), { ...closed, caller: officer })).not.toThrow();
    expect(() =>
      decideIntake(input(), context({ draft: openDraft({ status: 'known', window: null }) })),
    ).toThrow(FailedPreconditionError);
  });
});

describe('idempotency keys', () => {
  it('scopes the same client key by its source, so callers never collide', () => {
    const raw = input({ idempotencyKey: 'k-1' });
    const keys = [
      intakeKey(citizen, raw),
      intakeKey({ ...citizen, id: 'user-2' }, raw),
      intakeKey(partner, { ...raw, channel: 'partner' }),
      intakeKey({ ...partner, id: 'client-other' }, { ...raw, channel: 'partner' }),
      intakeKey(undefined, {
        ...raw,
        submitter: { ...raw.submitter, contact: { channel: 'sms', address: '0912345678' } },
      }),
      intakeKey(undefined, {
        ...raw,
        submitter: { ...raw.submitter, contact: { channel: 'sms', address: '0987654321' } },
      }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys[0]).toBe('user:user-1:k-1');
    expect(keys[2]).toBe('partner:client-portal:k-1');
  });

  it('gives an anonymous person the same key whichever way they write their number, and never the number itself', () => {
    const withPhone = (address: string) =>
      intakeKey(undefined, {
        ...input({ idempotencyKey: 'k' }),
        submitter: {
          kind: 'citizen',
          externalRef: '',
          name: 'A',
          organizationName: '',
          contact: { channel: 'sms', address },
        },
      });
    expect(withPhone('0912 345 678')).toBe(withPhone('+84912345678'));
    expect(withPhone('0912 345 678')).not.toContain('912345678');
  });

  it('derives the key of an SMS or Zalo message from the provider message id, whatever else it says', () => {
    const a = input({ channel: 'sms', channelMessageId: 'esms-1', idempotencyKey: 'x' });
    expect(intakeKey(gateway, a)).toBe('msg:sms:esms-1');
    expect(intakeKey(gateway, { ...a, channel: 'zalo' })).toBe('msg:zalo:esms-1');
    expect(intakeKey(gateway, { ...a, text: 'khác' })).toBe('msg:sms:esms-1');
  });

  it('has no key when none is given', () => {
    expect(intakeKey(citizen, input())).toBeNull();
  });
});

describe('keyReuse', () => {
  it('refuses a client key that comes back on another draft, and nothing else', () => {
    const stored = { draftId: 'd1', idempotencyKey: 'anon:abc:web-1' };
    expect(keyReuse(stored, { draftId: 'd1' })).toBeNull();
    expect(keyReuse(stored, { draftId: 'd2' })).toMatchObject({ field: 'idempotencyKey' });
    expect(keyReuse(stored, { draftId: 'd2' }, 'items[3].idempotencyKey')?.field).toBe(
      'items[3].idempotencyKey',
    );
    // A provider's message id names the message, whatever draft its text cites.
    expect(keyReuse({ ...stored, idempotencyKey: 'msg:sms:esms-1' }, { draftId: 'd2' })).toBeNull();
  });
});

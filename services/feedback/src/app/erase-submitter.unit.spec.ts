import { describe, expect, it } from 'vitest';
import { eraseSubmitter, erasureTarget, eventHeldBy, heldBy } from './erase-submitter.js';
import { storedComment } from './feedback.fixtures.js';

describe('erasureTarget', () => {
  it('normalises the subject as intake stores contacts', () => {
    expect(erasureTarget({ kind: 'phone', value: '0987 654 321' })).toEqual({
      kind: 'contact',
      channel: 'sms',
      address: '+84987654321',
    });
    expect(erasureTarget({ kind: 'email', value: ' A.B@Example.VN ' })).toEqual({
      kind: 'contact',
      channel: 'email',
      address: 'a.b@example.vn',
    });
    expect(erasureTarget({ kind: 'zalo', value: '123456' })).toMatchObject({ channel: 'zalo' });
    expect(erasureTarget({ kind: 'user', value: 'user-1' })).toEqual({
      kind: 'user',
      userId: 'user-1',
    });
  });

  it('finds nothing for what could never have been stored', () => {
    for (const value of ['not a phone', '12', '+84 1', 'x'.repeat(400)])
      expect(erasureTarget({ kind: 'phone', value })).toEqual({ kind: 'none' });
    expect(erasureTarget({ kind: 'email', value: 'nobody' })).toEqual({ kind: 'none' });
    expect(erasureTarget({ kind: 'zalo', value: '12ab' })).toEqual({ kind: 'none' });
    expect(heldBy(storedComment(), { kind: 'none' })).toBe(false);
  });
});

describe('heldBy', () => {
  const phone = erasureTarget({ kind: 'phone', value: '+84987654321' });
  it('matches the submitter contact, the reply address, the user and the owner', () => {
    expect(heldBy(storedComment(), phone)).toBe(true);
    const emailReply = storedComment({
      submitter: { ...storedComment().submitter, contact: null },
      replyTo: { channel: 'email', email: 'a.b@example.vn' },
    });
    expect(heldBy(emailReply, erasureTarget({ kind: 'email', value: 'A.B@example.vn' }))).toBe(
      true,
    );
    expect(heldBy(emailReply, phone)).toBe(false);
    const user = erasureTarget({ kind: 'user', value: 'user-9' });
    expect(heldBy(storedComment({ ownerKey: 'user:user-9' }), user)).toBe(true);
    expect(
      heldBy(
        storedComment({ submitter: { ...storedComment().submitter, userId: 'user-9' } }),
        user,
      ),
    ).toBe(true);
    expect(heldBy(storedComment({ replyTo: { channel: 'in_app', userId: 'user-9' } }), user)).toBe(
      true,
    );
    expect(heldBy(storedComment(), user)).toBe(false);
  });

  it('does not match another person, or the same digits on another channel', () => {
    expect(heldBy(storedComment(), erasureTarget({ kind: 'phone', value: '0987654320' }))).toBe(
      false,
    );
    expect(heldBy(storedComment(), erasureTarget({ kind: 'zalo', value: '84987654321' }))).toBe(
      false,
    );
  });
});

describe("a partner system's user", () => {
  const target = erasureTarget({ kind: 'partner', clientId: 'portal', externalRef: 'citizen-7' });
  const partnerComment = (clientId: string, externalRef: string) =>
    storedComment({
      ownerKey: `partner:${clientId}:${externalRef}`,
      submitter: { ...storedComment().submitter, contact: null, clientId, externalRef },
      replyTo: { channel: 'partner', clientId, externalRef },
    });

  it('is found by client id and reference, in the submitter, the owner or the reply address', () => {
    expect(target).toEqual({ kind: 'partner', clientId: 'portal', externalRef: 'citizen-7' });
    expect(heldBy(partnerComment('portal', 'citizen-7'), target)).toBe(true);
    expect(
      heldBy(
        storedComment({
          submitter: { ...storedComment().submitter, contact: null },
          ownerKey: 'partner:portal:citizen-7',
        }),
        target,
      ),
    ).toBe(true);
  });

  it("is not another partner's user with the same reference, nor another user of the partner", () => {
    expect(heldBy(partnerComment('app', 'citizen-7'), target)).toBe(false);
    expect(heldBy(partnerComment('portal', 'citizen-70'), target)).toBe(false);
    expect(heldBy(storedComment(), target)).toBe(false);
  });
});

describe('eventHeldBy', () => {
  const email = erasureTarget({ kind: 'email', value: 'A.B@example.vn' });
  const received = (replyTo: unknown) => ({ feedbackId: 'f1', replyTo });

  it('matches FeedbackReceived and FeedbackAnswered by their reply address', () => {
    for (const type of ['pcn.feedback.v1.FeedbackReceived', 'pcn.feedback.v1.FeedbackAnswered'])
      expect(
        eventHeldBy(type, received({ channel: 'email', email: 'a.b@Example.vn' }), email),
      ).toBe(true);
    expect(
      eventHeldBy(
        'pcn.feedback.v1.FeedbackReceived',
        received({ channel: 'sms', phone: '+84987654321' }),
        erasureTarget({ kind: 'phone', value: '0987654321' }),
      ),
    ).toBe(true);
    expect(
      eventHeldBy(
        'pcn.feedback.v1.FeedbackReceived',
        received({ channel: 'partner', clientId: 'portal', externalRef: 'citizen-7' }),
        erasureTarget({ kind: 'partner', clientId: 'portal', externalRef: 'citizen-7' }),
      ),
    ).toBe(true);
    expect(
      eventHeldBy(
        'pcn.feedback.v1.FeedbackAnswered',
        received({ channel: 'in_app', userId: 'user-9' }),
        erasureTarget({ kind: 'user', value: 'user-9' }),
      ),
    ).toBe(true);
  });

  it('holds nothing for other people, other events, or data of an unexpected shape', () => {
    const mine = received({ channel: 'email', email: 'a.b@example.vn' });
    expect(
      eventHeldBy(
        'pcn.feedback.v1.FeedbackReceived',
        received({ channel: 'email', email: 'c@d.vn' }),
        email,
      ),
    ).toBe(false);
    expect(eventHeldBy('pcn.feedback.v1.FeedbackModerated', mine, email)).toBe(false);
    expect(eventHeldBy('pcn.feedback.v1.FeedbackReceived', mine, { kind: 'none' })).toBe(false);
    for (const junk of [
      undefined,
      null,
      'x',
      42,
      { replyTo: 'a.b@example.vn' },
      { replyTo: { channel: 'email', email: 7 } },
      received(null),
    ])
      expect(eventHeldBy('pcn.feedback.v1.FeedbackReceived', junk, email)).toBe(false);
  });
});

describe('eraseSubmitter', () => {
  it('removes personal data, masks the text and keeps what the synthesis counts', () => {
    const before = storedComment({
      ownerKey: 'partner:c1:ref-7',
      submitter: {
        ...storedComment().submitter,
        clientId: 'c1',
        externalRef: 'ref-7',
        organizationName: 'HTX Bản Hồ',
      },
      demographics: {
        ethnicGroup: 'mong',
        gender: 'female',
        ageBand: null,
        consent: { method: 'online', textVersion: 'v1', givenAt: '2026-12-02T00:00:00.000Z' },
      },
      replyTo: { channel: 'sms', phone: '+84987654321' },
    });
    const after = eraseSubmitter(before, '2026-12-11T00:00:00.000Z');
    expect(after.submitter).toMatchObject({
      name: null,
      contact: null,
      userId: null,
      externalRef: null,
      clientId: 'c1',
      organizationName: 'HTX Bản Hồ',
    });
    expect(after).toMatchObject({
      demographics: null,
      replyTo: null,
      ownerKey: null,
      erasedAt: '2026-12-11T00:00:00.000Z',
      text: 'Gọi tôi [phone] hoặc [email]',
      stance: before.stance,
      articleId: before.articleId,
      state: before.state,
      unitId: before.unitId,
      channel: before.channel,
    });
    expect(JSON.stringify(after)).not.toMatch(/987|Nguyễn|ref-7|mong/);
    expect(heldBy(after, erasureTarget({ kind: 'phone', value: '0987654321' }))).toBe(false);
  });
});

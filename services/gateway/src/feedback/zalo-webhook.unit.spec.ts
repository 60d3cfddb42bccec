import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seededRandom } from './seeded-random.test-helper.js';
import { classifyInboundText } from './sms-feedback-command.js';
import {
  createZaloWebhookVerifier,
  ZALO_DEFAULT_MAX_AGE_MS,
  ZaloWebhookError,
  type ZaloWebhookOptions,
  type ZaloWebhookProblem,
} from './zalo-webhook.js';
import {
  APP_ID,
  FOLLOW,
  OA_ID,
  OA_SECRET_KEY,
  PUBLISHED_APP_ID,
  PUBLISHED_USER_SEND_TEXT,
  SENT_AT,
  USER_SEND_IMAGE,
  USER_SEND_TEXT,
  USER_SEND_TEXT_MAC,
  USER_SEND_TEXT_PRETTY,
  zaloSignature,
} from './zalo-webhook.fixtures.js';

const TIMESTAMP = String(SENT_AT);

function verifier(overrides: Partial<ZaloWebhookOptions> = {}, now = SENT_AT + 1500) {
  return createZaloWebhookVerifier({
    appId: APP_ID,
    oaSecretKey: OA_SECRET_KEY,
    clock: () => now,
    ...overrides,
  });
}

const bytes = (text: string) => Buffer.from(text, 'utf8');

function refusal(run: () => unknown): ZaloWebhookError {
  try {
    run();
  } catch (err) {
    if (err instanceof ZaloWebhookError) return err;
    throw err;
  }
  throw new Error('expected a ZaloWebhookError');
}

function expectRefused(run: () => unknown, problem: ZaloWebhookProblem, status: number) {
  const err = refusal(run);
  expect(err.problem).toBe(problem);
  expect(err.httpStatus).toBe(status);
  // Never the secret, never the sender.
  expect(err.message).not.toContain(OA_SECRET_KEY);
  expect(err.message).not.toContain('246845883529197922');
  return err;
}

/** `body` with a valid signature for it, as Zalo would send it. */
function signed(body: string | Buffer, timestamp = TIMESTAMP) {
  const raw = typeof body === 'string' ? bytes(body) : body;
  return [raw, zaloSignature(raw, timestamp)] as const;
}

describe('Zalo OA webhook: signature', () => {
  it('accepts the documented example with the mac computed outside Node (sha256sum)', () => {
    const event = verifier().verify(bytes(USER_SEND_TEXT), `mac=${USER_SEND_TEXT_MAC}`);
    expect(event).toEqual({
      kind: 'text',
      message: {
        messageId: '96d3cdf3af150460909',
        idempotencyKey: 'zalo:96d3cdf3af150460909',
        senderId: '246845883529197922',
        recipientId: OA_ID,
        appId: APP_ID,
        userIdByApp: '552177279717587730',
        text: 'GY QD-2026-01 D5 De nghi giam phi',
        sentAt: new Date(SENT_AT),
      },
    });
  });

  it('reads a user_send_text body published by a Zalo integrator, signed for its app', () => {
    const raw = bytes(PUBLISHED_USER_SEND_TEXT);
    const published = createZaloWebhookVerifier({
      appId: PUBLISHED_APP_ID,
      oaSecretKey: OA_SECRET_KEY,
      clock: () => 1_699_003_881_354 + 2000,
    });
    const event = published.verify(
      raw,
      zaloSignature(raw, '1699003881354', OA_SECRET_KEY, PUBLISHED_APP_ID),
    );
    expect(event).toMatchObject({
      kind: 'text',
      message: {
        messageId: 'cb31dff1c39642cc1b83',
        senderId: '6142494823xxxxxxxx',
        recipientId: '3662729599332560487',
        userIdByApp: '979122185046046317',
        text: 'Chào A4B',
      },
    });
    // A greeting, not a command: it goes on to the notification service as any other text.
    expect(event.kind === 'text' && classifyInboundText(event.message.text)).toEqual({
      kind: 'other',
    });
  });

  it('accepts the mac without its mac= prefix, in upper case, with spaces around', () => {
    const v = verifier();
    expect(v.verify(bytes(USER_SEND_TEXT), USER_SEND_TEXT_MAC).kind).toBe('text');
    expect(v.verify(bytes(USER_SEND_TEXT), ` mac=${USER_SEND_TEXT_MAC.toUpperCase()} `).kind).toBe(
      'text',
    );
  });

  it('signs the raw bytes: a pretty-printed Vietnamese body verifies, its re-serialisation does not', () => {
    const [raw, signature] = signed(USER_SEND_TEXT_PRETTY);
    const event = verifier().verify(raw, signature);
    expect(event.kind).toBe('text');
    if (event.kind !== 'text') return;
    expect(event.message.text).toBe('GÓP Ý QĐ-2026-01 Điều 5: Đề nghị giảm phí — "quá cao"');
    expect(classifyInboundText(event.message.text)).toEqual({
      kind: 'feedback',
      command: {
        draftCode: 'QĐ-2026-01',
        articleNumber: '5',
        text: 'Đề nghị giảm phí — "quá cao"',
      },
    });
    const reserialised = bytes(JSON.stringify(JSON.parse(USER_SEND_TEXT_PRETTY)));
    expectRefused(() => verifier().verify(reserialised, signature), 'BAD_SIGNATURE', 401);
  });

  it('refuses a signature made with another secret (the app secret instead of the OA secret)', () => {
    const forged = zaloSignature(USER_SEND_TEXT, TIMESTAMP, 'the-app-secret-key');
    expectRefused(() => verifier().verify(bytes(USER_SEND_TEXT), forged), 'BAD_SIGNATURE', 401);
  });

  it('refuses a body changed after signing, even by one character', () => {
    const tampered = USER_SEND_TEXT.replace('giam phi', 'tang phi');
    expectRefused(
      () => verifier().verify(bytes(tampered), `mac=${USER_SEND_TEXT_MAC}`),
      'BAD_SIGNATURE',
      401,
    );
  });

  it('refuses a body signed as HMAC-SHA256, and one signed for the app id the body names', () => {
    const hmac = createHmac('sha256', OA_SECRET_KEY)
      .update(APP_ID + USER_SEND_TEXT + TIMESTAMP)
      .digest('hex');
    expectRefused(
      () => verifier().verify(bytes(USER_SEND_TEXT), `mac=${hmac}`),
      'BAD_SIGNATURE',
      401,
    );
    // The body says app 1; a signature for app 1 under our OA secret is still checked against
    // our app id, so the body cannot pick the app it is verified for.
    const other = USER_SEND_TEXT.replace(`"app_id":"${APP_ID}"`, '"app_id":"1"');
    expectRefused(
      () => verifier().verify(bytes(other), zaloSignature(other, TIMESTAMP, OA_SECRET_KEY, '1')),
      'BAD_SIGNATURE',
      401,
    );
  });

  it('refuses a signature with the timestamp left out or taken from elsewhere', () => {
    expectRefused(
      () => verifier().verify(bytes(USER_SEND_TEXT), zaloSignature(USER_SEND_TEXT, '')),
      'BAD_SIGNATURE',
      401,
    );
    expectRefused(
      () => verifier().verify(bytes(USER_SEND_TEXT), zaloSignature(USER_SEND_TEXT, '1764556800')),
      'BAD_SIGNATURE',
      401,
    );
  });

  it.each<[string, string | string[] | undefined, ZaloWebhookProblem]>([
    ['no header', undefined, 'MISSING_SIGNATURE'],
    ['an empty header', '', 'MISSING_SIGNATURE'],
    ['an empty list', [], 'MISSING_SIGNATURE'],
    [
      'the header twice',
      [`mac=${USER_SEND_TEXT_MAC}`, `mac=${USER_SEND_TEXT_MAC}`],
      'BAD_SIGNATURE',
    ],
    ['mac= alone', 'mac=', 'BAD_SIGNATURE'],
    ['63 hex digits', `mac=${USER_SEND_TEXT_MAC.slice(1)}`, 'BAD_SIGNATURE'],
    ['65 hex digits', `mac=${USER_SEND_TEXT_MAC}0`, 'BAD_SIGNATURE'],
    ['not hex', `mac=${'z'.repeat(64)}`, 'BAD_SIGNATURE'],
    ['another scheme', `sha256=${USER_SEND_TEXT_MAC}`, 'BAD_SIGNATURE'],
    ['base64', `mac=${Buffer.from(USER_SEND_TEXT_MAC, 'hex').toString('base64')}`, 'BAD_SIGNATURE'],
  ])('refuses %s with 401', (_label, header, problem) => {
    expectRefused(() => verifier().verify(bytes(USER_SEND_TEXT), header), problem, 401);
  });

  it('needs the app id and the OA secret to be configured', () => {
    expect(() => createZaloWebhookVerifier({ appId: APP_ID, oaSecretKey: '' })).toThrow(
      /OA secret key/,
    );
    expect(() => createZaloWebhookVerifier({ appId: '', oaSecretKey: OA_SECRET_KEY })).toThrow();
  });
});

describe('Zalo OA webhook: app, recipient and freshness', () => {
  it('refuses an event signed with our key but for another app', () => {
    const other = USER_SEND_TEXT.replace(`"app_id":"${APP_ID}"`, '"app_id":"111"');
    expectRefused(() => verifier().verify(...signed(other)), 'WRONG_APP', 403);
  });

  it('refuses a text to another OA when the OA id is configured', () => {
    expect(verifier({ oaId: OA_ID }).verify(...signed(USER_SEND_TEXT)).kind).toBe('text');
    expectRefused(
      () => verifier({ oaId: '999' }).verify(...signed(USER_SEND_TEXT)),
      'WRONG_RECIPIENT',
      403,
    );
  });

  it('takes an event up to the window (an hour by default) and acknowledges an older one with 200', () => {
    expect(ZALO_DEFAULT_MAX_AGE_MS).toBe(3_600_000);
    const atEdge = verifier({}, SENT_AT + ZALO_DEFAULT_MAX_AGE_MS);
    expect(atEdge.verify(...signed(USER_SEND_TEXT)).kind).toBe('text');
    const late = verifier({}, SENT_AT + ZALO_DEFAULT_MAX_AGE_MS + 1);
    expectRefused(() => late.verify(...signed(USER_SEND_TEXT)), 'STALE_EVENT', 200);
  });

  it('refuses a replay a day later, before reading what it says', () => {
    const replay = verifier({}, SENT_AT + 86_400_000);
    expectRefused(
      () => replay.verify(bytes(USER_SEND_TEXT), `mac=${USER_SEND_TEXT_MAC}`),
      'STALE_EVENT',
      200,
    );
    // A stale event with a forged signature is a forgery first.
    expectRefused(
      () => replay.verify(bytes(USER_SEND_TEXT), `mac=${'0'.repeat(64)}`),
      'BAD_SIGNATURE',
      401,
    );
  });

  it('takes the window from configuration', () => {
    const strict = verifier({ maxAgeMs: 60_000 }, SENT_AT + 60_001);
    expectRefused(() => strict.verify(...signed(USER_SEND_TEXT)), 'STALE_EVENT', 200);
  });

  it('answers 503 to an event stamped beyond the clock skew, so that Zalo resends it later', () => {
    expect(verifier({}, SENT_AT - 300_000).verify(...signed(USER_SEND_TEXT)).kind).toBe('text');
    expectRefused(
      () => verifier({}, SENT_AT - 300_001).verify(...signed(USER_SEND_TEXT)),
      'FUTURE_EVENT',
      503,
    );
  });

  it('takes a numeric timestamp, signed as its digits', () => {
    const numeric = USER_SEND_TEXT.replace(
      `"timestamp":"${TIMESTAMP}"`,
      `"timestamp":${TIMESTAMP}`,
    );
    expect(verifier().verify(...signed(numeric)).kind).toBe('text');
  });
});

describe('Zalo OA webhook: bodies and events', () => {
  it('acknowledges other events, verified, without reading them', () => {
    expect(verifier().verify(...signed(FOLLOW))).toEqual({ kind: 'ignored', eventName: 'follow' });
    expect(verifier().verify(...signed(USER_SEND_IMAGE))).toEqual({
      kind: 'ignored',
      eventName: 'user_send_image',
    });
    expectRefused(
      () => verifier().verify(bytes(FOLLOW), `mac=${USER_SEND_TEXT_MAC}`),
      'BAD_SIGNATURE',
      401,
    );
  });

  it('refuses a body over the limit before hashing it, signed or not', () => {
    const padded = USER_SEND_TEXT.replace('De nghi', `De nghi ${'x'.repeat(16 * 1024)}`);
    expectRefused(() => verifier().verify(...signed(padded)), 'BODY_TOO_LARGE', 413);
    const huge = Buffer.alloc(64 * 1024 * 1024, 0x7b);
    const started = performance.now();
    expectRefused(() => verifier().verify(huge, undefined), 'BODY_TOO_LARGE', 413);
    expect(performance.now() - started).toBeLessThan(50);
    expect(verifier({ maxBodyBytes: 64 * 1024 }).verify(...signed(padded)).kind).toBe('text');
  });

  it.each<[string, Buffer]>([
    ['malformed JSON', bytes('{"app_id":"360846524940903967","timestamp":"1764556800000"')],
    ['a JSON array', bytes('[{"timestamp":"1764556800000"}]')],
    ['JSON null', bytes('null')],
    ['an empty body', bytes('')],
    [
      'invalid UTF-8',
      Buffer.concat([
        bytes('{"app_id":"360846524940903967","timestamp":"1764556800000","x":"'),
        Buffer.from([0xc3, 0x28, 0xff]),
        bytes('"}'),
      ]),
    ],
    ['no timestamp', bytes('{"app_id":"360846524940903967","event_name":"follow"}')],
    ['a timestamp that is not a number', bytes('{"app_id":"1","timestamp":"soon"}')],
    ['a negative timestamp', bytes('{"app_id":"1","timestamp":-5}')],
  ])('refuses %s with 400', (_label, raw) => {
    expectRefused(
      () => verifier().verify(raw, zaloSignature(raw, TIMESTAMP)),
      'MALFORMED_BODY',
      400,
    );
  });

  it.each<[string, (event: Record<string, unknown>) => void, string]>([
    ['no msg_id', (e) => delete (e.message as Record<string, unknown>).msg_id, 'message.msg_id'],
    ['no text', (e) => delete (e.message as Record<string, unknown>).text, 'message.text'],
    ['a numeric sender id', (e) => (e.sender = { id: 246845883 }), 'sender.id'],
    ['no recipient', (e) => delete e.recipient, 'recipient'],
    [
      'a msg_id that is not an id',
      (e) => ((e.message as Record<string, unknown>).msg_id = '../../etc'),
      'message.msg_id',
    ],
    ['a sender id of 65 characters', (e) => (e.sender = { id: '1'.repeat(65) }), 'sender.id'],
  ])('refuses a user_send_text event with %s, naming the field', (_label, change, field) => {
    const event = JSON.parse(USER_SEND_TEXT) as Record<string, unknown>;
    change(event);
    const err = expectRefused(
      () => verifier().verify(...signed(JSON.stringify(event))),
      'MALFORMED_EVENT',
      400,
    );
    expect(err.violations.map((v) => v.field)).toContain(field);
  });

  it('refuses an event without a name', () => {
    const nameless = USER_SEND_TEXT.replace('"event_name":"user_send_text",', '');
    expectRefused(() => verifier().verify(...signed(nameless)), 'MALFORMED_EVENT', 400);
  });

  it('passes a long or empty text on as it is: the command parser judges it', () => {
    const empty = USER_SEND_TEXT.replace('GY QD-2026-01 D5 De nghi giam phi', '');
    const event = verifier().verify(...signed(empty));
    expect(event.kind === 'text' && event.message.text).toBe('');
  });
});

describe('Zalo OA webhook: arbitrary bodies', () => {
  it('answers every body, signed or not, with an event or a ZaloWebhookError, never anything else', () => {
    const random = seededRandom(0x2a10);
    const base = bytes(USER_SEND_TEXT);
    const v = verifier();
    for (let i = 0; i < 1000; i++) {
      const raw = Buffer.from(base);
      // Flip, drop or add a few bytes of the real event: near-misses are the hostile ones.
      for (let k = 0; k < 1 + Math.floor(random() * 4); k++)
        raw[Math.floor(random() * raw.length)] = Math.floor(random() * 256);
      const signedToo = random() < 0.5;
      try {
        const event = v.verify(
          raw,
          signedToo ? zaloSignature(raw, TIMESTAMP) : `mac=${USER_SEND_TEXT_MAC}`,
        );
        expect(['text', 'ignored']).toContain(event.kind);
      } catch (err) {
        expect(err).toBeInstanceOf(ZaloWebhookError);
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { runInContext } from './context.js';
import { captureLogs, type LogLine } from './capture-logs.js';
import { REDACTED_KEYS, type Logger } from './logger.js';

type Line = LogLine;

/** A logger writing into memory, and the lines it wrote, parsed. */
function capture(level = 'trace'): { logger: Logger; raw: string[]; lines: () => Line[] } {
  return captureLogs({ service: 'draft', version: '1.2.3', level });
}

/** Personal data and secrets, each a value that must never reach the output. */
const SENSITIVE = {
  email: 'nguyen.van.a@example.vn',
  phone: '+84 912 345 678',
  name: 'Nguyen Van A',
  fullName: 'Tran Thi B',
  address: '12 Hang Bai, Hoan Kiem',
  password: 'hunter2-correct-horse',
  passwordHash: '$argon2id$v=19$m=65536$secrethash',
  authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.secret',
  cookie: 'session=abcdef0123456789',
  token: 'tok_0123456789abcdef',
  apiKey: 'ak_live_fedcba9876543210',
  secret: 'shh-very-secret-value',
} as const;

function expectNoSensitiveValue(output: string): void {
  for (const value of Object.values(SENSITIVE)) expect(output).not.toContain(value);
}

describe('createLogger', () => {
  it('writes JSON lines with service, version, level label, time and message', () => {
    const { logger, lines } = capture();
    logger.info('first');
    logger.warn({ count: 3 }, 'second');
    logger.debug('third');

    const out = lines();
    expect(out).toHaveLength(3);
    for (const line of out) {
      expect(line.service).toBe('draft');
      expect(line.version).toBe('1.2.3');
      expect(typeof line.time).toBe('string');
      expect(Number.isNaN(Date.parse(line.time as string))).toBe(false);
    }
    expect(out.map((l) => [l.level, l.msg])).toEqual([
      ['info', 'first'],
      ['warn', 'second'],
      ['debug', 'third'],
    ]);
    expect(out[1]?.count).toBe(3);
  });

  it('respects the level', () => {
    const { logger, lines } = capture('warn');
    logger.info('dropped');
    logger.debug('dropped');
    logger.warn('kept');
    logger.error('kept too');
    expect(lines().map((l) => l.msg)).toEqual(['kept', 'kept too']);
  });

  it('keeps service and version on child loggers', () => {
    const { logger, lines } = capture();
    logger.child({ component: 'outbox' }).info('child line');
    expect(lines()[0]).toMatchObject({ service: 'draft', version: '1.2.3', component: 'outbox' });
  });

  it('redacts every sensitive key at the top level', () => {
    const { logger, raw, lines } = capture();
    logger.info({ ...SENSITIVE, keep: 'visible' }, 'top level');

    const line = lines()[0] ?? {};
    for (const key of REDACTED_KEYS) expect(line[key]).toBe('[redacted]');
    expect(line.keep).toBe('visible');
    expectNoSensitiveValue(raw.join(''));
  });

  it.each([
    ['one level down', (v: object) => ({ user: v })],
    ['two levels down', (v: object) => ({ request: { user: v } })],
    ['three levels down', (v: object) => ({ call: { request: { user: v } } })],
  ])('redacts every sensitive key %s', (_case, wrap) => {
    const { logger, raw, lines } = capture();
    logger.info(wrap({ ...SENSITIVE, keep: 'visible' }), 'nested');

    const output = raw.join('');
    expectNoSensitiveValue(output);
    expect(output).toContain('visible');
    for (const key of REDACTED_KEYS) {
      expect(output).toContain(`"${key}":"[redacted]"`);
    }
    expect(lines()).toHaveLength(1);
  });

  it('redacts sensitive keys inside an array of objects', () => {
    const { logger, raw } = capture();
    logger.info({ recipients: [{ email: SENSITIVE.email, phone: SENSITIVE.phone, id: 'r1' }] });
    const output = raw.join('');
    expect(output).toContain('r1');
    expect(output).not.toContain(SENSITIVE.email);
    expect(output).not.toContain(SENSITIVE.phone);
  });

  it('does not mutate the logged object', () => {
    const { logger } = capture();
    const payload = { user: { email: SENSITIVE.email } };
    logger.info(payload);
    expect(payload.user.email).toBe(SENSITIVE.email);
  });

  it('adds correlationId (and causationId when set) inside a work context, and not outside', () => {
    const { logger, lines } = capture();
    logger.info('before');
    runInContext({ correlationId: 'corr-1' }, () => logger.info('inside'));
    runInContext({ correlationId: 'corr-2', causationId: 'event-9' }, () => {
      logger.child({ component: 'consumer' }).info('inside with causation');
    });
    logger.info('after');

    const [before, inside, withCausation, after] = lines();
    expect(before).not.toHaveProperty('correlationId');
    expect(before).not.toHaveProperty('causationId');
    expect(inside).toMatchObject({ msg: 'inside', correlationId: 'corr-1' });
    expect(inside).not.toHaveProperty('causationId');
    expect(withCausation).toMatchObject({ correlationId: 'corr-2', causationId: 'event-9' });
    expect(after).not.toHaveProperty('correlationId');
  });

  it('keeps the correlation id across awaits inside the context', async () => {
    const { logger, lines } = capture();
    await runInContext({ correlationId: 'corr-async' }, async () => {
      await Promise.resolve();
      await new Promise<void>((resolve) => setImmediate(resolve));
      logger.info('after awaits');
    });
    expect(lines()[0]?.correlationId).toBe('corr-async');
  });
});

describe('redaction at any depth and in any case', () => {
  it('hides personal data deep in objects, in arrays, under variant key names, and on errors', () => {
    const { logger, raw } = capture();
    const err = Object.assign(new Error('delivery failed'), { phone: '+84912345678' });
    logger.info(
      {
        a: { b: { c: { d: { e: { f: { email: 'deep@example.vn' } } } } } },
        list: [{ Email: 'Upper@example.vn' }, { phoneNumber: '0912 345 678' }],
        headers: { 'X-Api-Key': 'k-123', Authorization: 'Bearer abc' },
        subscriber: { fullName: 'Giàng A Páo', address: 'Bản Sín Chải' },
        err,
      },
      'hello',
    );
    const out = raw.join('');
    for (const secret of [
      'deep@example.vn',
      'Upper@example.vn',
      '0912 345 678',
      'k-123',
      'Bearer abc',
      'Giàng A Páo',
      'Bản Sín Chải',
      '+84912345678',
    ])
      expect(out).not.toContain(secret);
    const line = JSON.parse(out) as { err: { message: string; stack: string } };
    expect(line.err.message).toBe('delivery failed');
    expect(line.err.stack).toContain('Error: delivery failed');
  });

  it('keeps ordinary fields, and survives cycles', () => {
    const { logger, lines } = capture();
    const cyclic: Record<string, unknown> = { stream: 'DRAFT' };
    cyclic.self = cyclic;
    logger.info({ cyclic, durable: 'notification-fanout', count: 3 }, 'ok');
    expect(lines()[0]).toMatchObject({
      durable: 'notification-fanout',
      count: 3,
      cyclic: { stream: 'DRAFT', self: '[circular]' },
    });
  });
});

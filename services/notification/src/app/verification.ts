import { createHash, createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Channel } from './notification.model.js';

/**
 * Codes that prove a subscriber controls a contact point. Only a salted hash is stored, so a
 * leaked store gives no usable codes; a code is single-use, short-lived and locked after
 * `MAX_VERIFICATION_ATTEMPTS` wrong tries (a 6-digit code cannot be brute-forced in 5).
 * E-mail also carries a signed link (see link-tokens.ts) whose verificationId points here.
 */
export interface Verification {
  id: string;
  subscriberId: string;
  channel: VerifiableChannel;
  /** Hex SHA-256 of `<salt>:<code>`. */
  codeHash: string;
  /** Hex, per verification. */
  salt: string;
  expiresAt: string;
  /** Wrong codes entered so far. */
  attempts: number;
  createdAt: string;
  usedAt: string | null;
  /**
   * Set when a newer code was sent to the same contact: only the latest code of a contact works,
   * so that asking again never leaves several live codes to guess at. Absent on older records.
   */
  supersededAt?: string | null;
}

/** In-app contacts are proven by the signed-in identity and need no code. */
export type VerifiableChannel = Exclude<Channel, 'in_app'>;

export type VerificationCheck = 'ok' | 'wrong' | 'expired' | 'locked' | 'superseded';

/** `crypto.randomInt` shape: an integer in [min, max). */
export type RandomInt = (min: number, max: number) => number;

export const MAX_VERIFICATION_ATTEMPTS = 5;
export const CODE_DIGITS = 6;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// SMS and Zalo codes are read off a phone at once; e-mail and webhook setup can take a while.
export const VERIFICATION_TTL_MS: Readonly<Record<VerifiableChannel, number>> = {
  email: 24 * HOUR,
  sms: 15 * MINUTE,
  zalo: 15 * MINUTE,
  webhook: 24 * HOUR,
};

const SALT_BYTES = 16;

export function hashVerificationCode(salt: string, code: string): string {
  return createHash('sha256').update(`${salt}:${code}`).digest('hex');
}

/**
 * The code of a verification, derived from its id under a server secret, so that it can be made
 * again when the message is composed and never needs storing in the clear.
 */
export function derivedVerificationCode(secret: string, verificationId: string): string {
  const mac = createHmac('sha256', secret).update(`verification:${verificationId}`).digest();
  return String(mac.readUInt32BE(0) % 10 ** CODE_DIGITS).padStart(CODE_DIGITS, '0');
}

/**
 * A fresh code (random, or the one given) and what to store of it; the caller adds id,
 * subscriberId, createdAt, usedAt.
 */
export function newVerification(
  channel: VerifiableChannel,
  now: Date,
  random: RandomInt = randomInt,
  givenCode?: string,
): Pick<Verification, 'codeHash' | 'salt' | 'expiresAt' | 'attempts'> & { code: string } {
  const ttl = (VERIFICATION_TTL_MS as Partial<Record<Channel, number>>)[channel];
  if (ttl === undefined) throw new RangeError(`${channel} contacts are not verified by code`);
  const code = givenCode ?? String(random(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
  const salt = Array.from({ length: SALT_BYTES }, () =>
    random(0, 256).toString(16).padStart(2, '0'),
  ).join('');
  return {
    code,
    codeHash: hashVerificationCode(salt, code),
    salt,
    expiresAt: new Date(now.getTime() + ttl).toISOString(),
    attempts: 0,
  };
}

/**
 * Checks an entered code. Locked, superseded and expired are told before the code is compared, so
 * such a verification gives no more answers. A used one counts as expired. The caller records the
 * outcome with `afterVerificationCheck`.
 */
export function checkVerificationCode(
  verification: Pick<
    Verification,
    'codeHash' | 'salt' | 'expiresAt' | 'attempts' | 'usedAt' | 'supersededAt'
  >,
  code: string,
  now: Date,
): VerificationCheck {
  if (verification.attempts >= MAX_VERIFICATION_ATTEMPTS) return 'locked';
  if (verification.usedAt !== null) return 'expired';
  if (verification.supersededAt) return 'superseded';
  if (now.getTime() >= Date.parse(verification.expiresAt)) return 'expired';
  // People type "123 456" or "123-456".
  const entered = typeof code === 'string' ? code.replace(/[\s-]/g, '') : '';
  const digits = new RegExp(`^\\d{${CODE_DIGITS}}$`).test(entered) ? entered : '';
  const expected = Buffer.from(verification.codeHash, 'hex');
  const actual = Buffer.from(hashVerificationCode(verification.salt, digits), 'hex');
  if (expected.length !== actual.length) return 'wrong';
  return timingSafeEqual(expected, actual) && digits !== '' ? 'ok' : 'wrong';
}

/** The verification after a check: a wrong code counts an attempt, the right one uses it up. */
export function afterVerificationCheck<T extends Pick<Verification, 'attempts' | 'usedAt'>>(
  verification: T,
  result: VerificationCheck,
  now: Date,
): T {
  if (result === 'wrong') return { ...verification, attempts: verification.attempts + 1 };
  if (result === 'ok') return { ...verification, usedAt: now.toISOString() };
  return verification;
}

/** What a link (which proves the mailbox by itself) finds: no code to compare, the rest as above. */
export function checkVerificationLink(
  verification: Pick<Verification, 'expiresAt' | 'usedAt' | 'supersededAt'>,
  now: Date,
): Exclude<VerificationCheck, 'wrong' | 'locked'> {
  if (verification.usedAt !== null) return 'expired';
  if (verification.supersededAt) return 'superseded';
  // The link token carries its own expiry; this is the verification's, kept for older links.
  if (now.getTime() >= Date.parse(verification.expiresAt)) return 'expired';
  return 'ok';
}

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys: `pcn_<clientId>_<secret>`, the secret being 32 random bytes in base64url (43
 * characters). Keys are high-entropy, so a single SHA-256 of the secret is enough to store them
 * (a slow password hash buys nothing against a 256-bit secret); only that hash and a short display
 * prefix are kept.
 */

export const API_KEY_PREFIX = 'pcn_';
const SECRET_BYTES = 32;
/** base64url of 32 bytes, without padding. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** Client ids never contain `_`, so the first `_` after the prefix ends the id. */
export const CLIENT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** Longer input is rejected before any parsing: `pcn_` + 64-character id + `_` + 43 characters. */
export const MAX_API_KEY_LENGTH = 128;
/** How many characters of the secret the display prefix shows. */
const DISPLAY_SECRET_CHARS = 4;

export interface ParsedApiKey {
  clientId: string;
  secret: string;
}

export function newApiKeySecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

export function formatApiKey(clientId: string, secret: string): string {
  if (!CLIENT_ID_PATTERN.test(clientId)) throw new Error(`Bad API client id "${clientId}"`);
  if (!SECRET_PATTERN.test(secret)) throw new Error('Bad API key secret');
  return `${API_KEY_PREFIX}${clientId}_${secret}`;
}

/** The parts of a well-formed key, or null. Says nothing about whether the key is valid. */
export function parseApiKey(key: string): ParsedApiKey | null {
  if (key.length > MAX_API_KEY_LENGTH || !key.startsWith(API_KEY_PREFIX)) return null;
  const rest = key.slice(API_KEY_PREFIX.length);
  const separator = rest.indexOf('_');
  if (separator < 0) return null;
  const clientId = rest.slice(0, separator);
  const secret = rest.slice(separator + 1);
  if (!CLIENT_ID_PATTERN.test(clientId) || !SECRET_PATTERN.test(secret)) return null;
  return { clientId, secret };
}

/** Hex SHA-256 of a key's secret: what is stored. */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares a presented secret with a stored hash in time independent of where they differ. */
export function apiKeySecretMatches(secret: string, storedHash: string): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = createHash('sha256').update(secret, 'utf8').digest();
  // A corrupt stored hash has the wrong length; compare against itself to keep the timing alike.
  if (expected.length !== actual.length) {
    timingSafeEqual(actual, actual);
    return false;
  }
  return timingSafeEqual(expected, actual);
}

/** What may be displayed of a key, for example `pcn_demo-cong-ttdt_q3Xz…`. */
export function apiKeyDisplayPrefix(clientId: string, secret: string): string {
  return `${API_KEY_PREFIX}${clientId}_${secret.slice(0, DISPLAY_SECRET_CHARS)}`;
}

/**
 * DEMO ONLY. A deterministic secret derived from a fixed, public seed, so that the README can show
 * the demo partner system's key. Never use it for a real client: real keys come from
 * `newApiKeySecret()`.
 */
export function demoApiKeySecret(clientId: string): string {
  return createHash('sha256')
    .update(`pcn-demo-api-key:v1:${clientId}`, 'utf8')
    .digest()
    .toString('base64url');
}

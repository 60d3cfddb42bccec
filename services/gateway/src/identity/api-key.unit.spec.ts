import { describe, expect, it } from 'vitest';
import {
  apiKeyDisplayPrefix,
  apiKeySecretMatches,
  demoApiKeySecret,
  formatApiKey,
  hashApiKeySecret,
  MAX_API_KEY_LENGTH,
  newApiKeySecret,
  parseApiKey,
} from './api-key.js';

describe('API keys', () => {
  it('have a 32-byte base64url secret', () => {
    const secret = newApiKeySecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(newApiKeySecret()).not.toBe(secret);
  });

  it('round-trip through format and parse, even when the secret holds underscores', () => {
    const secret = `${'_'.repeat(3)}${newApiKeySecret().slice(3)}`;
    const clientId = '0197a3c2-7f00-7abc-8def-0123456789ab';
    const key = formatApiKey(clientId, secret);
    expect(key).toBe(`pcn_${clientId}_${secret}`);
    expect(parseApiKey(key)).toEqual({ clientId, secret });
  });

  it.each([
    ['empty', ''],
    ['wrong prefix', `pcx_client_${'a'.repeat(43)}`],
    ['no separator', `pcn_client${'a'.repeat(43)}`],
    ['short secret', 'pcn_client_abc'],
    ['secret with padding', `pcn_client_${'a'.repeat(42)}=`],
    ['upper-case client id', `pcn_Client_${'a'.repeat(43)}`],
    ['empty client id', `pcn__${'a'.repeat(43)}`],
    ['too long', `pcn_${'a'.repeat(MAX_API_KEY_LENGTH)}_${'a'.repeat(43)}`],
  ])('reject a malformed key (%s)', (_case, key) => {
    expect(parseApiKey(key)).toBeNull();
  });

  it('refuse to format a bad client id or secret', () => {
    expect(() => formatApiKey('has_underscore', newApiKeySecret())).toThrow();
    expect(() => formatApiKey('client', 'short')).toThrow();
  });

  it('store a SHA-256 hash that matches only the same secret', () => {
    const secret = newApiKeySecret();
    const stored = hashApiKeySecret(secret);
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(secret);
    expect(apiKeySecretMatches(secret, stored)).toBe(true);
    expect(apiKeySecretMatches(newApiKeySecret(), stored)).toBe(false);
    expect(apiKeySecretMatches(secret, 'not-hex')).toBe(false);
  });

  it('display only a short prefix of the secret', () => {
    const secret = newApiKeySecret();
    expect(apiKeyDisplayPrefix('client-1', secret)).toBe(`pcn_client-1_${secret.slice(0, 4)}`);
  });

  it('derive the demo secret deterministically, per client', () => {
    expect(demoApiKeySecret('demo-cong-ttdt')).toBe(demoApiKeySecret('demo-cong-ttdt'));
    expect(demoApiKeySecret('demo-cong-ttdt')).not.toBe(demoApiKeySecret('demo-other'));
    expect(
      parseApiKey(formatApiKey('demo-cong-ttdt', demoApiKeySecret('demo-cong-ttdt'))),
    ).not.toBeNull();
  });
});

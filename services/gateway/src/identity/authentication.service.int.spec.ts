import { randomBytes } from 'node:crypto';
import type { CallerIdentity } from '@pcn/platform';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKey } from './api-key.js';
import { apiClientsCollection, type ApiClientRecord } from './identity.collections.js';
import type { UserView } from './identity.contract.js';
import { MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH } from './identity-input.js';
import {
  identityFixture,
  SAMPLE_PASSWORD as PASSWORD,
  seedSample,
  type IdentityFixture,
} from './identity.test-helper.js';

// Authentication: sign-in, session tokens and API keys, through the composed identity service.

const TTL = 900;

let f: IdentityFixture;
let admin: UserView;
let editor: UserView;
let officer: UserView;
const anonymous: CallerIdentity = { kind: 'anonymous', id: 'anonymous', roles: ['public'] };

async function adminCaller(): Promise<CallerIdentity> {
  const { token } = await f.identity.signIn('admin@example.org', PASSWORD);
  return f.identity.authenticate({ authorization: `Bearer ${token}` });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  f = await identityFixture({ tokenTtlSeconds: TTL });
  ({ admin, editor, officer } = await seedSample(f));
});

afterAll(async () => {
  await f.close();
});

describe('signIn', () => {
  it('issues a short-lived token for the right password', async () => {
    const result = await f.identity.signIn('editor@example.org', PASSWORD);
    expect(result.user).toEqual(editor);
    expect(result.expiresAt.getTime()).toBe(f.clock.now().getTime() + TTL * 1000);
    expect(result.token.split('.')).toHaveLength(3);
    const caller = await f.identity.authenticate(bearer(result.token));
    expect(caller).toEqual({
      kind: 'user',
      id: editor.id,
      roles: ['agency_editor'],
      organizationId: 'org-a',
    });
  });

  it('matches emails regardless of case and surrounding spaces', async () => {
    const result = await f.identity.signIn('  EDITOR@example.ORG ', PASSWORD);
    expect(result.user.id).toBe(editor.id);
  });

  it('gives unit officers their units', async () => {
    const { token } = await f.identity.signIn('officer@example.org', PASSWORD);
    expect(await f.identity.authenticate(bearer(token))).toEqual({
      kind: 'user',
      id: officer.id,
      roles: ['unit_officer'],
      unitIds: ['p-c'],
    });
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const expected = {
      code: 'UNAUTHENTICATED',
      reason: 'WRONG_CREDENTIALS',
      message: 'Wrong email or password',
    };
    await expect(f.identity.signIn('editor@example.org', 'wrong password!')).rejects.toMatchObject(
      expected,
    );
    await expect(f.identity.signIn('nobody@example.org', PASSWORD)).rejects.toMatchObject(expected);
  });

  it('rejects empty and oversized input before any lookup', async () => {
    const invalid = { code: 'INVALID_ARGUMENT' };
    await expect(
      f.identity.signIn(`${'a'.repeat(MAX_EMAIL_LENGTH)}@x.org`, PASSWORD),
    ).rejects.toMatchObject({
      ...invalid,
      violations: [expect.objectContaining({ field: 'email' })],
    });
    await expect(
      f.identity.signIn('editor@example.org', 'x'.repeat(MAX_PASSWORD_LENGTH + 1)),
    ).rejects.toMatchObject({
      ...invalid,
      violations: [expect.objectContaining({ field: 'password' })],
    });
    await expect(f.identity.signIn('', '')).rejects.toMatchObject(invalid);
  });

  it('refuses a disabled account with the same answer', async () => {
    const user = await f.identity.createUser({
      email: 'disabled@example.org',
      password: PASSWORD,
      displayName: 'Disabled',
      roles: ['press_partner'],
      organizationId: 'org-press',
    });
    await f.identity.updateUser(user.id, { disabled: true });
    await expect(f.identity.signIn('disabled@example.org', PASSWORD)).rejects.toMatchObject({
      message: 'Wrong email or password',
    });
  });
});

describe('tokens', () => {
  it('expire after their lifetime', async () => {
    const { token } = await f.identity.signIn('editor@example.org', PASSWORD);
    f.clock.advance((TTL - 1) * 1000);
    await expect(f.identity.authenticate(bearer(token))).resolves.toMatchObject({ id: editor.id });
    f.clock.advance(60_000);
    await expect(f.identity.authenticate(bearer(token))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'TOKEN_EXPIRED',
      message: 'Token expired; sign in again',
    });
  });

  it('reject a token whose claims were tampered with', async () => {
    const { token } = await f.identity.signIn('editor@example.org', PASSWORD);
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: admin.id })).toString('base64url');
    await expect(
      f.identity.authenticate(bearer(`${header}.${forged}.${signature}`)),
    ).rejects.toMatchObject({ reason: 'TOKEN_INVALID', message: 'Invalid token; sign in again' });
    // A changed signature character. Not the last one: its low bits are padding in base64url,
    // so some changes there decode to the same signature.
    const flipped = `${signature.slice(0, 10)}${signature[10] === 'A' ? 'Q' : 'A'}${signature.slice(11)}`;
    await expect(
      f.identity.authenticate(bearer(`${header}.${payload}.${flipped}`)),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(f.identity.authenticate(bearer('not.a.jwt'))).rejects.toMatchObject({
      reason: 'TOKEN_INVALID',
    });
  });

  it('reject tokens signed with another key, for another issuer, or unsigned', async () => {
    const now = Math.floor(f.clock.now().getTime() / 1000);
    const sign = (key: Uint8Array, issuer: string) =>
      new SignJWT({ cv: 1 })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(admin.id)
        .setIssuer(issuer)
        .setAudience('pcn-graphql')
        .setIssuedAt(now)
        .setExpirationTime(now + 60)
        .sign(key);
    const otherKey = await sign(randomBytes(32), 'pcn-gateway');
    await expect(f.identity.authenticate(bearer(otherKey))).rejects.toMatchObject({
      reason: 'TOKEN_INVALID',
    });
    const otherIssuer = await sign(f.jwtSecret, 'someone-else');
    await expect(f.identity.authenticate(bearer(otherIssuer))).rejects.toMatchObject({
      reason: 'TOKEN_INVALID',
    });
    // The control: the same token with the right key and issuer passes.
    const good = await sign(f.jwtSecret, 'pcn-gateway');
    await expect(f.identity.authenticate(bearer(good))).resolves.toMatchObject({ id: admin.id });
    const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${
      good.split('.')[1] ?? ''
    }.`;
    await expect(f.identity.authenticate(bearer(unsigned))).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('stop working once the user is deleted', async () => {
    const user = await f.identity.createUser({
      email: 'leaver@example.org',
      password: PASSWORD,
      displayName: 'Leaver',
      roles: ['agency_editor'],
      organizationId: 'org-a',
    });
    const { token } = await f.identity.signIn('leaver@example.org', PASSWORD);
    await expect(f.identity.authenticate(bearer(token))).resolves.toMatchObject({ id: user.id });
    expect(await f.identity.deleteUser(user.id)).toBe(true);
    await expect(f.identity.authenticate(bearer(token))).rejects.toMatchObject({
      reason: 'TOKEN_REVOKED',
      message: 'Session no longer valid; sign in again',
    });
    expect(await f.identity.user(user.id)).toBeNull();
  });

  it('carry the current roles and scope of a changed user', async () => {
    const user = await f.identity.createUser({
      email: 'mover@example.org',
      password: PASSWORD,
      displayName: 'Mover',
      roles: ['agency_editor'],
      organizationId: 'org-a',
    });
    const { token } = await f.identity.signIn('mover@example.org', PASSWORD);
    await f.identity.updateUser(user.id, {
      roles: ['unit_officer'],
      organizationId: null,
      unitIds: ['p-w'],
    });
    expect(await f.identity.authenticate(bearer(token))).toEqual({
      kind: 'user',
      id: user.id,
      roles: ['unit_officer'],
      unitIds: ['p-w'],
    });
  });

  it('stop working after a password change, a disable or a session revocation', async () => {
    const user = await f.identity.createUser({
      email: 'changer@example.org',
      password: PASSWORD,
      displayName: 'Changer',
      roles: ['press_partner'],
      organizationId: 'org-press',
    });
    const revoked = { reason: 'TOKEN_REVOKED' };

    const first = await f.identity.signIn('changer@example.org', PASSWORD);
    await f.identity.updateUser(user.id, { password: 'a brand new password' });
    await expect(f.identity.authenticate(bearer(first.token))).rejects.toMatchObject(revoked);
    await expect(f.identity.signIn('changer@example.org', PASSWORD)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });

    const second = await f.identity.signIn('changer@example.org', 'a brand new password');
    await f.identity.revokeSessions(user.id);
    await expect(f.identity.authenticate(bearer(second.token))).rejects.toMatchObject(revoked);

    const third = await f.identity.signIn('changer@example.org', 'a brand new password');
    await f.identity.updateUser(user.id, { displayName: 'Renamed' });
    await expect(f.identity.authenticate(bearer(third.token))).resolves.toMatchObject({
      id: user.id,
    });
    await f.identity.updateUser(user.id, { disabled: true });
    await expect(f.identity.authenticate(bearer(third.token))).rejects.toMatchObject(revoked);
  });
});

describe('authenticate', () => {
  it('treats a request without credentials as the anonymous public', async () => {
    expect(await f.identity.authenticate({})).toEqual(anonymous);
    expect(await f.identity.authenticate({ authorization: undefined, apiKey: undefined })).toEqual(
      anonymous,
    );
  });

  it.each([
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['no token', 'Bearer'],
    ['two tokens', 'Bearer a.b.c d.e.f'],
    ['empty', ''],
    ['a bare token', 'eyJhbGciOiJIUzI1NiJ9.e30.sig'],
    ['an oversized header', `Bearer ${'a'.repeat(10_000)}`],
  ])('rejects a malformed Authorization header (%s)', async (_case, authorization) => {
    await expect(f.identity.authenticate({ authorization })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'MALFORMED_AUTHORIZATION',
    });
  });

  it('accepts the Bearer scheme in any case', async () => {
    const { token } = await f.identity.signIn('editor@example.org', PASSWORD);
    await expect(
      f.identity.authenticate({ authorization: `bearer ${token}` }),
    ).resolves.toMatchObject({ id: editor.id });
  });

  it('refuses a token and an API key together', async () => {
    const { token } = await f.identity.signIn('editor@example.org', PASSWORD);
    await expect(
      f.identity.authenticate({ authorization: `Bearer ${token}`, apiKey: 'pcn_x_y' }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED', reason: 'AMBIGUOUS_CREDENTIALS' });
  });
});

describe('API clients', () => {
  it('are created by admins with a key that authenticates the client', async () => {
    const caller = await adminCaller();
    const issued = await f.identity.createApiClient(caller, {
      name: '  Cổng C  ',
      organizationId: 'org-portal',
      roles: ['partner_system', 'partner_system'],
    });
    expect(issued.client).toMatchObject({
      name: 'Cổng C',
      organizationId: 'org-portal',
      roles: ['partner_system'],
      revoked: false,
      createdAt: f.clock.now().toISOString(),
    });
    expect(parseApiKey(issued.key)?.clientId).toBe(issued.client.id);
    expect(await f.identity.authenticate({ apiKey: issued.key })).toEqual({
      kind: 'api-client',
      id: issued.client.id,
      roles: ['partner_system'],
      organizationId: 'org-portal',
    });
  });

  it('store only a hash of the key and a display prefix', async () => {
    const issued = await f.identity.createApiClient(await adminCaller(), {
      name: 'Hashed',
      organizationId: 'org-portal',
      roles: ['partner_system'],
    });
    const secret = parseApiKey(issued.key)?.secret ?? '';
    const stored = await f.store
      .collection<ApiClientRecord>(apiClientsCollection)
      .get(issued.client.id);
    expect(stored?.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(stored?.keyPrefix).toBe(issued.key.slice(0, stored?.keyPrefix.length));
    expect(issued.key.length - (stored?.keyPrefix.length ?? 0)).toBeGreaterThanOrEqual(39);
  });

  it('reject a wrong secret, an unknown client and a malformed key', async () => {
    const issued = await f.identity.createApiClient(await adminCaller(), {
      name: 'Target',
      organizationId: 'org-portal',
      roles: ['partner_system'],
    });
    const { clientId, secret } = parseApiKey(issued.key) ?? { clientId: '', secret: '' };
    const otherSecret = `${secret.startsWith('A') ? 'B' : 'A'}${secret.slice(1)}`;
    await expect(
      f.identity.authenticate({ apiKey: `pcn_${clientId}_${otherSecret}` }),
    ).rejects.toMatchObject({ reason: 'API_KEY_INVALID', message: 'Invalid API key' });
    await expect(
      f.identity.authenticate({ apiKey: `pcn_no-such-client_${secret}` }),
    ).rejects.toMatchObject({ reason: 'API_KEY_INVALID' });
    await expect(f.identity.authenticate({ apiKey: 'secret' })).rejects.toMatchObject({
      reason: 'MALFORMED_API_KEY',
    });
    await expect(f.identity.authenticate({ apiKey: '' })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
  });

  it('rotate: the new key works and the old one no longer does', async () => {
    const caller = await adminCaller();
    const issued = await f.identity.createApiClient(caller, {
      name: 'Rotating',
      organizationId: 'org-portal',
      roles: ['partner_system'],
    });
    const rotated = await f.identity.rotateApiKey(caller, issued.client.id);
    expect(rotated.client.id).toBe(issued.client.id);
    expect(rotated.key).not.toBe(issued.key);
    await expect(f.identity.authenticate({ apiKey: rotated.key })).resolves.toMatchObject({
      kind: 'api-client',
      id: issued.client.id,
    });
    await expect(f.identity.authenticate({ apiKey: issued.key })).rejects.toMatchObject({
      message: 'Invalid API key',
    });
  });

  it('revoke: the key stops working, and the client cannot be rotated', async () => {
    const caller = await adminCaller();
    const issued = await f.identity.createApiClient(caller, {
      name: 'Revoked',
      organizationId: 'org-portal',
      roles: ['partner_system'],
    });
    const view = await f.identity.revokeApiClient(caller, issued.client.id);
    expect(view.revoked).toBe(true);
    await expect(f.identity.authenticate({ apiKey: issued.key })).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'API_KEY_REVOKED',
      message: 'API key revoked',
    });
    await expect(f.identity.rotateApiKey(caller, issued.client.id)).rejects.toMatchObject({
      code: 'FAILED_PRECONDITION',
      reason: 'API_CLIENT_REVOKED',
    });
    // Revoking again is harmless.
    await expect(f.identity.revokeApiClient(caller, issued.client.id)).resolves.toEqual(view);
  });

  it('are managed by network admins only', async () => {
    const target = await f.identity.createApiClient(await adminCaller(), {
      name: 'Guarded',
      organizationId: 'org-portal',
      roles: ['partner_system'],
    });
    const { token } = await f.identity.signIn('editor@example.org', PASSWORD);
    const editorCaller = await f.identity.authenticate(bearer(token));
    const partnerCaller = await f.identity.authenticate({ apiKey: target.key });
    const input = { name: 'X', organizationId: 'org-portal', roles: ['partner_system' as const] };

    for (const caller of [editorCaller, partnerCaller]) {
      const denied = { code: 'PERMISSION_DENIED', reason: 'NETWORK_ADMIN_REQUIRED' };
      await expect(f.identity.createApiClient(caller, input)).rejects.toMatchObject(denied);
      await expect(f.identity.rotateApiKey(caller, target.client.id)).rejects.toMatchObject(denied);
      await expect(f.identity.revokeApiClient(caller, target.client.id)).rejects.toMatchObject(
        denied,
      );
    }
    const unauthenticated = { code: 'UNAUTHENTICATED' };
    await expect(f.identity.createApiClient(anonymous, input)).rejects.toMatchObject(
      unauthenticated,
    );
    await expect(f.identity.rotateApiKey(anonymous, target.client.id)).rejects.toMatchObject(
      unauthenticated,
    );
    await expect(f.identity.revokeApiClient(anonymous, target.client.id)).rejects.toMatchObject(
      unauthenticated,
    );
    // Nothing changed: the key still works.
    await expect(f.identity.authenticate({ apiKey: target.key })).resolves.toMatchObject({
      id: target.client.id,
    });
  });

  it('validate their input', async () => {
    const caller = await adminCaller();
    await expect(
      f.identity.createApiClient(caller, { name: ' ', organizationId: 'org-portal', roles: [] }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      f.identity.createApiClient(caller, {
        name: 'Admin key',
        organizationId: 'org-portal',
        roles: ['network_admin'],
      }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      f.identity.createApiClient(caller, {
        name: 'Nowhere',
        organizationId: 'org-missing',
        roles: ['partner_system'],
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Its roles must fit its organization's kind, as an account's do.
    await expect(
      f.identity.createApiClient(caller, {
        name: 'Press key in a portal',
        organizationId: 'org-portal',
        roles: ['press_partner'],
      }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      violations: [
        {
          field: 'organizationId',
          description:
            'org-portal is a partner_system organization; press_partner needs a press_agency organization',
        },
      ],
    });
    await expect(f.identity.rotateApiKey(caller, 'no-such-client')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

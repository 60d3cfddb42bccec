import type { CallerIdentity } from '@pcn/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationsCollection, type OrganizationRecord } from './identity.collections.js';
import { createIdentityService, type IdentityServiceImpl } from './identity.service.js';
import { identityFixture, type IdentityFixture } from './identity.test-helper.js';

// Verified credentials are remembered for a few seconds, so that a signed-in caller's requests do
// not each pay for a signature check and a store read. What changes a caller's rights through the
// service applies at once; a change made by another process (here: a second service on the same
// store, as another gateway replica or an admin tool would be) applies within the TTL.

const PASSWORD = 'correct horse battery staple';
const AUTH_TTL_MS = 5_000;
let f: IdentityFixture;
/** Another gateway replica on the same store. */
let replica: IdentityServiceImpl;
let admin: CallerIdentity;

beforeAll(async () => {
  f = await identityFixture({ authCacheTtlMs: AUTH_TTL_MS });
  replica = createIdentityService({
    store: f.store,
    jwtSecret: f.jwtSecret,
    tokenTtlSeconds: 900,
    clock: f.clock,
    authCacheTtlMs: AUTH_TTL_MS,
  });
  await f.store.collection<OrganizationRecord>(organizationsCollection).insertMany([
    { id: 'org-a', name: 'Sở A', kind: 'drafting_agency', unitId: null, demo: false },
    { id: 'org-portal', name: 'Cổng C', kind: 'partner_system', unitId: null, demo: false },
    { id: 'org-press', name: 'Báo B', kind: 'press_agency', unitId: null, demo: false },
  ]);
  await f.identity.createUser({
    email: 'admin@example.org',
    password: PASSWORD,
    displayName: 'Admin',
    roles: ['network_admin'],
  });
  const { token } = await f.identity.signIn('admin@example.org', PASSWORD);
  admin = await f.identity.authenticate({ authorization: `Bearer ${token}` });
});

afterAll(async () => {
  await f.close();
});

async function newKey(name: string) {
  return f.identity.createApiClient(admin, {
    name,
    organizationId: 'org-portal',
    roles: ['partner_system'],
  });
}

async function newEditor(email: string) {
  const user = await f.identity.createUser({
    email,
    password: PASSWORD,
    displayName: 'Editor',
    roles: ['agency_editor'],
    organizationId: 'org-a',
  });
  const { token } = await f.identity.signIn(email, PASSWORD);
  return { user, headers: { authorization: `Bearer ${token}` } };
}

describe('verified credentials', () => {
  it('are trusted for the TTL: a revocation by another process applies within it, not before', async () => {
    const { client, key } = await newKey('Seen by two replicas');
    await expect(f.identity.authenticate({ apiKey: key })).resolves.toMatchObject({
      id: client.id,
    });
    await replica.revokeApiClient(admin, client.id);
    // Still remembered here: the store is not read again within the TTL...
    f.clock.advance(AUTH_TTL_MS - 1);
    await expect(f.identity.authenticate({ apiKey: key })).resolves.toMatchObject({
      id: client.id,
    });
    // ...and read again once it is over.
    f.clock.advance(1);
    await expect(f.identity.authenticate({ apiKey: key })).rejects.toMatchObject({
      reason: 'API_KEY_REVOKED',
    });
  });

  it('are forgotten at once when this service revokes or rotates a key', async () => {
    const revoked = await newKey('Revoked here');
    await f.identity.authenticate({ apiKey: revoked.key });
    await f.identity.revokeApiClient(admin, revoked.client.id);
    await expect(f.identity.authenticate({ apiKey: revoked.key })).rejects.toMatchObject({
      reason: 'API_KEY_REVOKED',
    });

    const rotated = await newKey('Rotated here');
    await f.identity.authenticate({ apiKey: rotated.key });
    const next = await f.identity.rotateApiKey(admin, rotated.client.id);
    await expect(f.identity.authenticate({ apiKey: rotated.key })).rejects.toMatchObject({
      reason: 'API_KEY_INVALID',
    });
    await expect(f.identity.authenticate({ apiKey: next.key })).resolves.toMatchObject({
      id: rotated.client.id,
    });
  });

  it('are forgotten at once when this service changes a user’s rights or ends their sessions', async () => {
    const changed = await newEditor('changed@example.org');
    await expect(f.identity.authenticate(changed.headers)).resolves.toMatchObject({
      roles: ['agency_editor'],
      organizationId: 'org-a',
    });
    await f.identity.updateUser(changed.user.id, {
      roles: ['press_partner'],
      organizationId: 'org-press',
    });
    await expect(f.identity.authenticate(changed.headers)).resolves.toMatchObject({
      roles: ['press_partner'],
      organizationId: 'org-press',
    });
    await f.identity.updateUser(changed.user.id, { disabled: true });
    await expect(f.identity.authenticate(changed.headers)).rejects.toMatchObject({
      reason: 'TOKEN_REVOKED',
    });

    const ended = await newEditor('ended@example.org');
    await f.identity.authenticate(ended.headers);
    await f.identity.revokeSessions(ended.user.id);
    await expect(f.identity.authenticate(ended.headers)).rejects.toMatchObject({
      reason: 'TOKEN_REVOKED',
    });

    const deleted = await newEditor('deleted@example.org');
    await f.identity.authenticate(deleted.headers);
    await f.identity.deleteUser(deleted.user.id);
    await expect(f.identity.authenticate(deleted.headers)).rejects.toMatchObject({
      reason: 'TOKEN_REVOKED',
    });
  });

  it('never outlive the token they were read from', async () => {
    const short = await identityFixture({ tokenTtlSeconds: 30 });
    try {
      const service = createIdentityService({
        store: short.store,
        jwtSecret: short.jwtSecret,
        tokenTtlSeconds: 30,
        clock: short.clock,
        // Far longer than the token lives.
        authCacheTtlMs: 300_000,
      });
      await service.createUser({
        email: 'brief@example.org',
        password: PASSWORD,
        displayName: 'Brief',
        roles: ['network_admin'],
      });
      const { token } = await service.signIn('brief@example.org', PASSWORD);
      const headers = { authorization: `Bearer ${token}` };
      await expect(service.authenticate(headers)).resolves.toMatchObject({ kind: 'user' });
      // Past its expiry and the clock tolerance (5 s).
      short.clock.advance(36_000);
      await expect(service.authenticate(headers)).rejects.toMatchObject({
        reason: 'TOKEN_EXPIRED',
      });
    } finally {
      await short.close();
    }
  });

  it('are shared as frozen values that no request can change for the next', async () => {
    const { key } = await newKey('Frozen');
    const caller = await f.identity.authenticate({ apiKey: key });
    expect(Object.isFrozen(caller)).toBe(true);
    expect(Object.isFrozen(caller.roles)).toBe(true);
    expect(await f.identity.authenticate({ apiKey: key })).toBe(caller);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBootstrapNetworkAdmin } from './bootstrap-network-admin.usecase.js';
import { createErasePersonalData } from './erase-personal-data.usecase.js';
import { usersCollection, type UserRecord } from './identity.collections.js';
import { identityFixture, SAMPLE_PASSWORD, type IdentityFixture } from './identity.test-helper.js';

// The network keeps an enabled network admin, and gets exactly one first admin, on a real SQLite
// store: an erasure cannot take the last one away, and two bootstraps at once create one.

const PASSWORD = 'Ruộng bậc thang Mù Cang Chải mùa nước đổ';
let f: IdentityFixture;

beforeEach(async () => {
  f = await identityFixture();
});
afterEach(async () => {
  await f.close();
});

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );

describe('erasing a network admin', () => {
  it('refuses the last enabled one (dry run too) and changes nothing; with another admin, erases it', async () => {
    const erase = createErasePersonalData({ store: f.store, clock: f.clock });
    const admin = await f.identity.createUser({
      email: 'admin@example.org',
      password: SAMPLE_PASSWORD,
      displayName: 'Admin',
      roles: ['network_admin'],
    });
    for (const dryRun of [true, false]) {
      const refused = await refusal(erase({ kind: 'email', value: 'admin@example.org' }, dryRun));
      expect(refused).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'LAST_NETWORK_ADMIN' });
      expect((refused as Error).message).toMatch(
        /last enabled network admin; erasing it would leave nobody.*Make another account a network admin first/,
      );
    }
    const users = f.store.collection<UserRecord>(usersCollection);
    expect(await users.get(admin.id)).toMatchObject({
      email: 'admin@example.org',
      displayName: 'Admin',
      disabled: false,
    });
    await expect(f.identity.signIn('admin@example.org', SAMPLE_PASSWORD)).resolves.toBeDefined();

    await f.identity.createUser({
      email: 'second@example.org',
      password: SAMPLE_PASSWORD,
      displayName: 'Second',
      roles: ['network_admin'],
    });
    const done = await erase({ kind: 'user', value: admin.id }, false);
    expect(done.erased).toEqual([{ kind: 'accounts', count: 1 }]);
    expect(await users.get(admin.id)).toMatchObject({ displayName: 'Erased user', disabled: true });
    // The second is the last one now; erasing an erased account again changes nothing.
    await expect(
      erase({ kind: 'email', value: 'second@example.org' }, false),
    ).rejects.toMatchObject({ reason: 'LAST_NETWORK_ADMIN' });
    expect((await erase({ kind: 'user', value: admin.id }, false)).erased).toEqual([
      { kind: 'accounts', count: 0 },
    ]);
  });

  it('erases a person who is not a network admin while one admin remains', async () => {
    const erase = createErasePersonalData({ store: f.store, clock: f.clock });
    await f.identity.createUser({
      email: 'admin@example.org',
      password: SAMPLE_PASSWORD,
      displayName: 'Admin',
      roles: ['network_admin'],
    });
    const other = await f.identity.createUser({
      email: 'disabled-admin@example.org',
      password: SAMPLE_PASSWORD,
      displayName: 'Disabled Admin',
      roles: ['network_admin'],
    });
    await f.identity.updateUser(other.id, { disabled: true });
    // A disabled admin does not count, so erasing it takes nothing away.
    expect((await erase({ kind: 'user', value: other.id }, false)).erased).toEqual([
      { kind: 'accounts', count: 1 },
    ]);
  });
});

describe('bootstrapping the first network admin', () => {
  it('two at once: exactly one is created, the other is refused clearly', async () => {
    const bootstrap = createBootstrapNetworkAdmin({ identity: f.identity });
    const results = await Promise.allSettled(
      ['first@example.org', 'rival@example.org', 'third@example.org'].map((email) =>
        bootstrap({ email, displayName: 'First Admin', password: PASSWORD }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      expect(r.reason).toMatchObject({
        code: 'FAILED_PRECONDITION',
        reason: 'NETWORK_ADMIN_EXISTS',
        message: expect.stringMatching(/A network admin exists already/) as unknown,
      });
    const admins = await f.store
      .collection<UserRecord>(usersCollection)
      .find({ filter: { roles: 'network_admin' }, limit: 10 });
    expect(admins.items).toHaveLength(1);
  });

  it('--force adds another even when one exists', async () => {
    const bootstrap = createBootstrapNetworkAdmin({ identity: f.identity });
    await bootstrap({ email: 'first@example.org', displayName: 'First', password: PASSWORD });
    await expect(
      bootstrap({ email: 'again@example.org', displayName: 'Again', password: PASSWORD }),
    ).rejects.toMatchObject({ reason: 'NETWORK_ADMIN_EXISTS' });
    await expect(
      bootstrap({
        email: 'forced@example.org',
        displayName: 'Forced',
        password: PASSWORD,
        force: true,
      }),
    ).resolves.toMatchObject({ roles: ['network_admin'] });
  });
});

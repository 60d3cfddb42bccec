import { InvalidArgumentError } from '@pcn/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usersCollection, type UserRecord } from './identity.collections.js';
import type { UserView } from './identity.contract.js';
import { createListUsers } from './list-users.usecase.js';
import { createRegisterUser } from './register-user.usecase.js';
import { createResetUserPassword } from './reset-user-password.usecase.js';
import { createSetUserDisabled } from './set-user-disabled.usecase.js';
import { createSetUserRoles } from './set-user-roles.usecase.js';
import {
  identityFixture,
  SAMPLE_PASSWORD as PASSWORD,
  seedSample,
  type IdentityFixture,
} from './identity.test-helper.js';

// Operators administer accounts on a real SQLite store: list, disable and enable, a new password,
// new roles; each role fits its organization's kind and the last network admin stays.

const NEW_PASSWORD = 'Ruộng bậc thang Mù Cang Chải mùa nước đổ';
let f: IdentityFixture;
let admin: UserView;
let editor: UserView;
let officer: UserView;
let listUsers: ReturnType<typeof createListUsers>;
let setDisabled: ReturnType<typeof createSetUserDisabled>;
let resetPassword: ReturnType<typeof createResetUserPassword>;
let setRoles: ReturnType<typeof createSetUserRoles>;
const byId = (id: string) => ({ $case: 'userId' as const, value: id });
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );
const fieldsOf = (e: unknown) => (e as InvalidArgumentError).violations.map((v) => v.field);

beforeAll(async () => {
  f = await identityFixture();
  ({ admin, editor, officer } = await seedSample(f));
  const deps = { store: f.store, identity: f.identity };
  listUsers = createListUsers(deps);
  setDisabled = createSetUserDisabled(deps);
  resetPassword = createResetUserPassword(deps);
  setRoles = createSetUserRoles(deps);
});
afterAll(async () => {
  await f.close();
});

const page = { role: '', organizationId: '', pageSize: 0, pageToken: '' };

describe('listing accounts', () => {
  it('pages through every account, oldest first, without password hashes', async () => {
    const seen: string[] = [];
    let pageToken = '';
    let pages = 0;
    do {
      const res = await listUsers({ ...page, pageSize: 2, pageToken });
      expect(JSON.stringify(res)).not.toMatch(/argon2|passwordHash|credentialsVersion/);
      seen.push(...res.users.map((u) => u.id));
      pageToken = res.nextPageToken;
      pages += 1;
    } while (pageToken !== '');
    expect(pages).toBe(2);
    expect(seen).toEqual([admin.id, editor.id, officer.id]);
    const first = (await listUsers(page)).users[1];
    expect(first).toMatchObject({ email: 'editor@example.org', disabled: false });
  });

  it('filters by role and organization, and refuses junk with the field', async () => {
    expect((await listUsers({ ...page, role: 'unit_officer' })).users.map((u) => u.id)).toEqual([
      officer.id,
    ]);
    expect((await listUsers({ ...page, organizationId: 'org-a' })).users.map((u) => u.id)).toEqual([
      editor.id,
    ]);
    expect(fieldsOf(await refusal(listUsers({ ...page, role: 'god' })))).toEqual(['role']);
    expect(fieldsOf(await refusal(listUsers({ ...page, role: 'public' })))).toEqual(['role']);
    expect(fieldsOf(await refusal(listUsers({ ...page, pageSize: 100_000 })))).toEqual([
      'pageSize',
    ]);
    expect(fieldsOf(await refusal(listUsers({ ...page, organizationId: 'org\u0000a' })))).toEqual([
      'organizationId',
    ]);
    expect(fieldsOf(await refusal(listUsers({ ...page, pageToken: 'Zm9v' })))).toEqual([
      'pageToken',
    ]);
  });
});

describe('disabling, enabling, a new password', () => {
  it('a disabled account cannot sign in and its token stops; enabled, it signs in again, the old token stays refused', async () => {
    const { token } = await f.identity.signIn('officer@example.org', PASSWORD);
    const headers = { authorization: `Bearer ${token}` };
    await f.identity.authenticate(headers);
    const off = await setDisabled({ $case: 'email', value: ' Officer@Example.org ' }, true);
    expect(off).toMatchObject({ changed: true, user: { id: officer.id, disabled: true } });
    expect((await setDisabled(byId(officer.id), true)).changed).toBe(false);
    await expect(f.identity.authenticate(headers)).rejects.toMatchObject({
      reason: 'TOKEN_REVOKED',
    });
    await expect(f.identity.signIn('officer@example.org', PASSWORD)).rejects.toMatchObject({
      reason: 'WRONG_CREDENTIALS',
    });
    expect((await setDisabled(byId(officer.id), false)).changed).toBe(true);
    await expect(f.identity.signIn('officer@example.org', PASSWORD)).resolves.toBeDefined();
    await expect(f.identity.authenticate(headers)).rejects.toMatchObject({
      reason: 'TOKEN_REVOKED',
    });
  });

  it('a new password follows the policy and ends the sessions', async () => {
    const { token } = await f.identity.signIn('editor@example.org', PASSWORD);
    expect(fieldsOf(await refusal(resetPassword(byId(editor.id), 'password1234')))).toEqual([
      'password',
    ]);
    await resetPassword(byId(editor.id), NEW_PASSWORD);
    await expect(
      f.identity.authenticate({ authorization: `Bearer ${token}` }),
    ).rejects.toMatchObject({ reason: 'TOKEN_REVOKED' });
    await expect(f.identity.signIn('editor@example.org', PASSWORD)).rejects.toMatchObject({
      reason: 'WRONG_CREDENTIALS',
    });
    await expect(f.identity.signIn('editor@example.org', NEW_PASSWORD)).resolves.toBeDefined();
  });

  it('a new password lifts a sign-in lockout at once, and says so', async () => {
    const locked = await f.identity.createUser({
      email: 'locked@example.org',
      password: PASSWORD,
      displayName: 'Locked Out',
      roles: ['agency_editor'],
      organizationId: 'org-a',
    });
    for (let i = 0; i < 5; i++)
      await expect(f.identity.signIn('locked@example.org', 'a wrong guess')).rejects.toMatchObject({
        reason: 'WRONG_CREDENTIALS',
      });
    await expect(f.identity.signIn('locked@example.org', PASSWORD)).rejects.toMatchObject({
      reason: 'TOO_MANY_SIGN_IN_ATTEMPTS',
    });
    const res = await resetPassword(byId(locked.id), NEW_PASSWORD);
    expect(res).toMatchObject({ user: { id: locked.id }, signInUnblocked: true });
    // No time has passed: the owner signs in with the new password straight away.
    await expect(f.identity.signIn('locked@example.org', NEW_PASSWORD)).resolves.toBeDefined();
    // An account that was not locked out: nothing to lift.
    expect(await resetPassword(byId(locked.id), NEW_PASSWORD + ' again')).toMatchObject({
      signInUnblocked: false,
    });
  });

  it('refuses junk and unknown accounts, never echoing an email', async () => {
    expect(fieldsOf(await refusal(setDisabled(undefined, true)))).toEqual(['user']);
    expect(fieldsOf(await refusal(setDisabled(byId('x\u0007y'), true)))).toEqual(['userId']);
    expect(fieldsOf(await refusal(setDisabled(byId('x'.repeat(10_000)), true)))).toEqual([
      'userId',
    ]);
    expect(
      fieldsOf(await refusal(setDisabled({ $case: 'email', value: 'not an email' }, true))),
    ).toEqual(['email']);
    const unknown = await refusal(
      setDisabled({ $case: 'email', value: 'nobody@example.org' }, true),
    );
    expect(unknown).toMatchObject({ code: 'NOT_FOUND' });
    expect((unknown as Error).message).not.toContain('nobody');
    await expect(setDisabled(byId('no-such-user'), true)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('roles', () => {
  it('replaces roles, organization and units; each role must fit its organization', async () => {
    const res = await setRoles(byId(editor.id), {
      roles: ['press_partner'],
      organizationId: 'org-press',
      unitIds: [],
    });
    expect(res).toMatchObject({
      changed: true,
      previous: { roles: ['agency_editor'], organizationId: 'org-a' },
      user: { roles: ['press_partner'], organizationId: 'org-press' },
    });
    const wrongKind = await refusal(
      setRoles(byId(editor.id), {
        roles: ['agency_editor'],
        organizationId: 'org-press',
        unitIds: [],
      }),
    );
    expect(wrongKind).toBeInstanceOf(InvalidArgumentError);
    expect((wrongKind as InvalidArgumentError).violations[0]?.description).toMatch(
      /org-press is a press_agency organization; agency_editor needs a drafting_agency/,
    );
    expect(
      fieldsOf(
        await refusal(
          setRoles(byId(editor.id), { roles: ['unit_officer'], organizationId: '', unitIds: [] }),
        ),
      ),
    ).toEqual(['unitIds']);
    expect(
      fieldsOf(
        await refusal(
          setRoles(byId(editor.id), { roles: ['god'], organizationId: '', unitIds: [] }),
        ),
      ),
    ).toEqual(['roles[0]']);
    expect(
      fieldsOf(
        await refusal(
          setRoles(byId(editor.id), {
            roles: ['unit_officer'],
            organizationId: '',
            unitIds: Array.from({ length: 1000 }, (_, i) => `u${i}`),
          }),
        ),
      ),
    ).toEqual(['unitIds']);
    await expect(
      setRoles(byId(editor.id), {
        roles: ['unit_officer'],
        organizationId: '',
        unitIds: ['nowhere'],
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Nothing of the refusals was written.
    expect(await f.identity.user(editor.id)).toMatchObject({
      roles: ['press_partner'],
      organizationId: 'org-press',
      unitIds: [],
    });
  });

  it('refuses inactive (merged) units for new assignments; an account that holds one keeps working', async () => {
    const registerUser = createRegisterUser({ identity: f.identity });
    const created = await refusal(
      registerUser({
        email: 'merged@example.org',
        displayName: 'Merged',
        password: NEW_PASSWORD,
        roles: ['unit_officer'],
        organizationId: '',
        unitIds: ['p-c', 'p-d-c1'],
      }),
    );
    expect(fieldsOf(created)).toEqual(['unitIds[1]']);
    expect((created as InvalidArgumentError).violations[0]?.description).toMatch(
      /p-d-c1 is inactive/,
    );
    expect(
      fieldsOf(
        await refusal(
          setRoles(byId(officer.id), {
            roles: ['unit_officer'],
            organizationId: '',
            unitIds: ['p-d'],
          }),
        ),
      ),
    ).toEqual(['unitIds[0]']);
    expect(await f.identity.user(officer.id)).toMatchObject({ unitIds: ['p-c'] });
    // An officer given a commune before it was merged away (stored before the rule).
    const old = await f.identity.createUser({
      email: 'old-officer@example.org',
      password: PASSWORD,
      displayName: 'Old Officer',
      roles: ['unit_officer'],
      unitIds: ['p-c'],
    });
    const users = f.store.collection<UserRecord>(usersCollection);
    const stored = await users.get(old.id);
    if (stored === null) throw new Error('the account was not stored');
    await users.update({ ...stored, unitIds: ['p-d-c1'] });
    await expect(f.identity.signIn('old-officer@example.org', PASSWORD)).resolves.toBeDefined();
    // Keeping the unit it holds is not a new assignment; adding an active one is allowed.
    expect(
      await setRoles(byId(old.id), {
        roles: ['unit_officer'],
        organizationId: '',
        unitIds: ['p-d-c1', 'p-w'],
      }),
    ).toMatchObject({ user: { unitIds: ['p-d-c1', 'p-w'] } });
    await setDisabled(byId(old.id), true);
    await setDisabled(byId(old.id), false);
  });

  it('create refuses an agency editor attached to a press organization', async () => {
    const registerUser = createRegisterUser({ identity: f.identity });
    const e = await refusal(
      registerUser({
        email: 'wrong@example.org',
        displayName: 'Wrong',
        password: NEW_PASSWORD,
        roles: ['agency_editor'],
        organizationId: 'org-press',
        unitIds: [],
      }),
    );
    expect(fieldsOf(e)).toEqual(['organizationId']);
  });
});

describe('the last network admin', () => {
  it('can be neither disabled, demoted nor deleted; with a second admin, it can', async () => {
    const refused = await refusal(setDisabled(byId(admin.id), true));
    expect(refused).toMatchObject({ code: 'FAILED_PRECONDITION', reason: 'LAST_NETWORK_ADMIN' });
    expect((refused as Error).message).toMatch(/last enabled network admin; disabling it/);
    await expect(
      setRoles(byId(admin.id), { roles: ['agency_editor'], organizationId: 'org-a', unitIds: [] }),
    ).rejects.toMatchObject({ reason: 'LAST_NETWORK_ADMIN' });
    await expect(f.identity.deleteUser(admin.id)).rejects.toMatchObject({
      reason: 'LAST_NETWORK_ADMIN',
    });
    expect(await f.identity.user(admin.id)).toMatchObject({ roles: ['network_admin'] });
    // A disabled admin does not count.
    await setRoles(byId(officer.id), { roles: ['network_admin'], organizationId: '', unitIds: [] });
    await setDisabled(byId(officer.id), true);
    await expect(setDisabled(byId(admin.id), true)).rejects.toMatchObject({
      reason: 'LAST_NETWORK_ADMIN',
    });
    await setDisabled(byId(officer.id), false);
    // Two at once: only one of them can go.
    const both = await Promise.allSettled([
      setDisabled(byId(admin.id), true),
      setDisabled(byId(officer.id), true),
    ]);
    expect(both.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const left = (await listUsers({ ...page, role: 'network_admin' })).users.filter(
      (u) => !u.disabled,
    );
    expect(left).toHaveLength(1);
  });
});

import { hash } from '@node-rs/argon2';
import {
  AlreadyExistsError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  parseInput,
  uuidv7,
  type CallerIdentity,
  type Clock,
  type FieldViolation,
} from '@pcn/platform';
import type { Collection, Store, Stored } from '@pcn/storage';
import { findAll, findById, requireById } from './collection-reads.js';
import {
  organizationsCollection,
  spokespersonsCollection,
  unitsCollection,
  usersCollection,
  type OrganizationRecord,
  type SpokespersonRecord,
  type UnitRecord,
  type UserRecord,
} from './identity.collections.js';
import type {
  DirectoryService,
  OrganizationKind,
  Role,
  UnitLevel,
  UserView,
} from './identity.contract.js';
import {
  idSchema,
  newUserSchema,
  recordIdSchema,
  normaliseEmail,
  organizationFilterSchema,
  spokespersonFilterSchema,
  unitFilterSchema,
  userUpdateSchema,
} from './identity-input.js';
import { toOrganization, toSpokesperson, toUnit, toUserView } from './identity.views.js';
import { roleScopeViolations } from './role-scope.js';

/**
 * Serialises the changes that could leave the network without an enabled network admin, or give
 * it a first one twice (`tx.guard`: MongoDB write skew).
 */
export const NETWORK_ADMINS_GUARD = 'users:network-admins';

/** Whether `user` counts as a network admin: enabled, with the role. */
const activeAdmin = (u: Pick<UserRecord, 'disabled' | 'roles'>) =>
  !u.disabled && u.roles.includes('network_admin');

/**
 * Refuses a change that takes the last enabled network admin away (disabled, demoted, deleted):
 * nobody could administer the network then but an operator with `bootstrap --force`. Call it in a
 * transaction that guards NETWORK_ADMINS_GUARD, with that transaction's `users`.
 */
export async function assertNotLastAdmin(
  users: Collection<UserRecord>,
  before: UserRecord,
  after: Pick<UserRecord, 'disabled' | 'roles'> | null,
  what: string,
): Promise<void> {
  if (!activeAdmin(before) || (after !== null && activeAdmin(after))) return;
  const admins = await findAll(users, { roles: 'network_admin' });
  if (admins.some((u) => u.id !== before.id && activeAdmin(u))) return;
  throw new FailedPreconditionError(
    `User ${before.id} is the last enabled network admin; ${what} would leave nobody to administer the network. Make another account a network admin first (pcn-admin users set-roles <id> --role network_admin, or bootstrap --force), then try again`,
    'LAST_NETWORK_ADMIN',
  );
}

export interface NewUser {
  email: string;
  password: string;
  displayName: string;
  roles: Role[];
  organizationId?: string | null;
  unitIds?: string[];
  demo?: boolean;
}

export interface UserUpdate {
  displayName?: string;
  roles?: Role[];
  organizationId?: string | null;
  unitIds?: string[];
  /** Disabling ends the user's sessions; a disabled user cannot sign in. */
  disabled?: boolean;
  /** Changing the password ends the user's sessions. */
  password?: string;
}

/**
 * Account administration for operators (bootstrap, an admin CLI, tests). These do not check a
 * caller: whoever holds the service is trusted. They are not part of the GraphQL contract.
 */
export interface CreateUserOptions {
  /**
   * Refuse (FAILED_PRECONDITION `NETWORK_ADMIN_EXISTS`) when an enabled network admin exists,
   * checked in the transaction that inserts the account: of two bootstraps at once, one wins.
   */
  onlyIfNoNetworkAdmin?: boolean;
}

export interface IdentityAdmin {
  createUser(input: NewUser, options?: CreateUserOptions): Promise<UserView>;
  updateUser(id: string, update: UserUpdate): Promise<UserView>;
  deleteUser(id: string): Promise<boolean>;
  /** Ends every session of the user: tokens issued before stop working. */
  revokeSessions(id: string): Promise<void>;
}

export interface DirectoryDeps {
  store: Store;
  clock: Clock;
  /** Callers verified recently: a user changed here is checked afresh on the next request. */
  verified: { forget(kind: CallerIdentity['kind'], id: string): void };
}

const LEVEL_ORDER: Readonly<Record<UnitLevel, number>> = {
  province: 0,
  district: 1,
  ward: 2,
  town: 3,
  commune: 4,
};

const collator = new Intl.Collator('vi');

/**
 * The directory: administrative units and their subtrees, organizations, spokespersons, and the
 * users who act in them (read by anyone who holds the service, administered by operators).
 */
export function createDirectory(deps: DirectoryDeps): DirectoryService & IdentityAdmin {
  const { store, clock, verified } = deps;
  const units = store.collection<UnitRecord>(unitsCollection);
  const organizations = store.collection<OrganizationRecord>(organizationsCollection);
  const users = store.collection<UserRecord>(usersCollection);
  const spokespersons = store.collection<SpokespersonRecord>(spokespersonsCollection);

  /**
   * The organization and units must exist (NOT_FOUND names the id), each role must fit them
   * (INVALID_ARGUMENT, `roleScopeViolations`), and each unit newly given must be active (merged
   * away units are kept inactive for the records). `held`: the units the account has already,
   * which it keeps even if they have become inactive since.
   */
  async function checkScope(
    orgs: Collection<OrganizationRecord>,
    unitsOf: Collection<UnitRecord>,
    roles: readonly Role[],
    organizationId: string | null,
    unitIds: readonly string[],
    held: readonly string[] = [],
  ) {
    const organization = organizationId === null ? null : await orgs.get(organizationId);
    if (organizationId !== null && organization === null) {
      throw new NotFoundError('Organization', organizationId);
    }
    const violations: FieldViolation[] = [];
    for (const [i, unitId] of unitIds.entries()) {
      const unit = await unitsOf.get(unitId);
      if (unit === null) throw new NotFoundError('Unit', unitId);
      if (!unit.active && !held.includes(unitId))
        violations.push({
          field: `unitIds[${i}]`,
          description: `${unitId} is inactive (merged into another unit); give the unit that took it over`,
        });
    }
    violations.push(...roleScopeViolations(roles, organization, unitIds));
    if (violations.length > 0) throw new InvalidArgumentError(violations);
  }

  const requireUser = (id: string) => requireById(users, id, 'id', 'User');

  return {
    async user(id) {
      const record = await findById(users, id);
      return record ? toUserView(record) : null;
    },

    async units(filter) {
      const f = parseInput(unitFilterSchema, filter, 'filter');
      const query: Record<string, string | boolean | null> = {};
      if (f?.parentId !== undefined) query['parent_id'] = f.parentId;
      if (f?.level !== undefined) query['level'] = f.level;
      if (f?.includeInactive !== true) query['active'] = true;
      const records = await findAll(units, query);
      return records
        .map(toUnit)
        .sort(
          (a, b) =>
            LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
            collator.compare(a.name, b.name) ||
            (a.id < b.id ? -1 : 1),
        );
    },

    async unit(id) {
      const record = await findById(units, id);
      return record ? toUnit(record) : null;
    },

    async subtree(unitId) {
      const id = parseInput(idSchema, unitId, 'unitId');
      if ((await units.get(id)) === null) throw new NotFoundError('Unit', id);
      // Every unit's path lists its ancestors and itself, so the multi index finds the subtree.
      const records = await findAll(units, { path: { $eq: id } });
      // Tree order: a unit before its descendants.
      const key = (u: UnitRecord) => u.path.join('\u0000');
      return records
        .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
        .map((u) => u.id);
    },

    async organizations(filter) {
      const f = parseInput(organizationFilterSchema, filter, 'filter');
      const query: Record<string, OrganizationKind> = {};
      if (f?.kind !== undefined) query['kind'] = f.kind;
      const records = await findAll(organizations, query);
      return records.map(toOrganization).sort((a, b) => collator.compare(a.name, b.name));
    },

    async organization(id) {
      const record = await findById(organizations, id);
      return record ? toOrganization(record) : null;
    },

    async spokespersons(filter) {
      const f = parseInput(spokespersonFilterSchema, filter, 'filter');
      const query: Record<string, string> = {};
      if (f?.organizationId !== undefined) query['organization_id'] = f.organizationId;
      const records = await findAll(spokespersons, query);
      return records
        .map(toSpokesperson)
        .sort(
          (a, b) =>
            (a.organizationId < b.organizationId
              ? -1
              : a.organizationId > b.organizationId
                ? 1
                : 0) || collator.compare(a.name, b.name),
        );
    },

    async createUser(input, options = {}) {
      const valid = parseInput(newUserSchema, input);
      await checkScope(organizations, units, valid.roles, valid.organizationId, valid.unitIds);
      const now = clock.now().toISOString();
      const record: UserRecord = {
        id: uuidv7(clock.now().getTime()),
        email: normaliseEmail(valid.email),
        displayName: valid.displayName,
        passwordHash: await hash(valid.password),
        roles: valid.roles,
        organizationId: valid.organizationId,
        unitIds: valid.unitIds,
        disabled: false,
        credentialsVersion: 1,
        createdAt: now,
        updatedAt: now,
        demo: valid.demo,
      };
      try {
        if (!options.onlyIfNoNetworkAdmin) return toUserView(await users.insert(record));
        // "No admin yet" reads other accounts than the one it writes: guarded (write skew).
        return toUserView(
          await store.transaction(async (tx) => {
            await tx.guard(NETWORK_ADMINS_GUARD);
            const usersOf = tx.collection<UserRecord>(usersCollection);
            const admins = await findAll(usersOf, { roles: 'network_admin' });
            if (admins.some(activeAdmin))
              throw new FailedPreconditionError(
                'A network admin exists already; sign in as that admin, or pass --force to add another',
                'NETWORK_ADMIN_EXISTS',
              );
            return usersOf.insert(record);
          }),
        );
      } catch (err) {
        if (err instanceof AlreadyExistsError) {
          throw new AlreadyExistsError('A user with this email already exists', 'EMAIL_TAKEN');
        }
        throw err;
      }
    },

    async updateUser(id, update) {
      const userId = parseInput(recordIdSchema, id, 'userId');
      const valid = parseInput(userUpdateSchema, update);
      // Hashed outside the transaction: it is slow, and the transaction may run again.
      const passwordHash = valid.password !== undefined ? await hash(valid.password) : undefined;
      const updated = await store.transaction(async (tx) => {
        await tx.guard(NETWORK_ADMINS_GUARD);
        const usersOf = tx.collection<UserRecord>(usersCollection);
        const user: Stored<UserRecord> | null = await usersOf.get(userId);
        if (user === null) throw new NotFoundError('User', userId);
        const roles = valid.roles ?? user.roles;
        const organizationId =
          valid.organizationId !== undefined ? valid.organizationId : user.organizationId;
        const unitIds = valid.unitIds ?? user.unitIds;
        // Checked when the scope changes, so that an account stored before the rule can still be
        // disabled or given a new password.
        if (
          valid.roles !== undefined ||
          valid.organizationId !== undefined ||
          valid.unitIds !== undefined
        )
          await checkScope(
            tx.collection<OrganizationRecord>(organizationsCollection),
            tx.collection<UnitRecord>(unitsCollection),
            roles,
            organizationId,
            unitIds,
            user.unitIds,
          );
        const disabled = valid.disabled ?? user.disabled;
        await assertNotLastAdmin(
          usersOf,
          user,
          { disabled, roles },
          disabled && !user.disabled ? 'disabling it' : 'taking its network_admin role',
        );
        const endsSessions = passwordHash !== undefined || (disabled && !user.disabled);
        return usersOf.update({
          ...user,
          displayName: valid.displayName ?? user.displayName,
          roles,
          organizationId,
          unitIds,
          disabled,
          passwordHash: passwordHash ?? user.passwordHash,
          credentialsVersion: user.credentialsVersion + (endsSessions ? 1 : 0),
          updatedAt: clock.now().toISOString(),
        });
      });
      // Roles, scope or sessions may have changed: the next request is checked afresh.
      verified.forget('user', updated.id);
      return toUserView(updated);
    },

    async deleteUser(id) {
      const userId = parseInput(idSchema, id, 'id');
      const deleted = await store.transaction(async (tx) => {
        await tx.guard(NETWORK_ADMINS_GUARD);
        const usersOf = tx.collection<UserRecord>(usersCollection);
        const user = await usersOf.get(userId);
        if (user === null) return false;
        await assertNotLastAdmin(usersOf, user, null, 'deleting it');
        return usersOf.delete(userId);
      });
      verified.forget('user', id);
      return deleted;
    },

    async revokeSessions(id) {
      const user = await requireUser(id);
      await users.update({
        ...user,
        credentialsVersion: user.credentialsVersion + 1,
        updatedAt: clock.now().toISOString(),
      });
      verified.forget('user', user.id);
    },
  };
}

import { hash } from '@node-rs/argon2';
import {
  AlreadyExistsError,
  NotFoundError,
  parseInput,
  uuidv7,
  type CallerIdentity,
  type Clock,
} from '@pcn/platform';
import type { Store } from '@pcn/storage';
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
  normaliseEmail,
  organizationFilterSchema,
  spokespersonFilterSchema,
  unitFilterSchema,
  userUpdateSchema,
} from './identity-input.js';
import { toOrganization, toSpokesperson, toUnit, toUserView } from './identity.views.js';

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
export interface IdentityAdmin {
  createUser(input: NewUser): Promise<UserView>;
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

  async function checkScope(organizationId: string | null, unitIds: readonly string[]) {
    if (organizationId !== null && (await organizations.get(organizationId)) === null) {
      throw new NotFoundError('Organization', organizationId);
    }
    for (const unitId of unitIds) {
      if ((await units.get(unitId)) === null) throw new NotFoundError('Unit', unitId);
    }
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

    async createUser(input) {
      const valid = parseInput(newUserSchema, input, 'input');
      await checkScope(valid.organizationId, valid.unitIds);
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
        return toUserView(await users.insert(record));
      } catch (err) {
        if (err instanceof AlreadyExistsError) {
          throw new AlreadyExistsError('A user with this email already exists', 'EMAIL_TAKEN');
        }
        throw err;
      }
    },

    async updateUser(id, update) {
      const user = await requireUser(id);
      const valid = parseInput(userUpdateSchema, update, 'update');
      const organizationId =
        valid.organizationId !== undefined ? valid.organizationId : user.organizationId;
      const unitIds = valid.unitIds ?? user.unitIds;
      await checkScope(
        valid.organizationId !== undefined ? organizationId : null,
        valid.unitIds ?? [],
      );
      const disabled = valid.disabled ?? user.disabled;
      const endsSessions = valid.password !== undefined || (disabled && !user.disabled);
      const updated = await users.update({
        ...user,
        displayName: valid.displayName ?? user.displayName,
        roles: valid.roles ?? user.roles,
        organizationId,
        unitIds,
        disabled,
        passwordHash: valid.password !== undefined ? await hash(valid.password) : user.passwordHash,
        credentialsVersion: user.credentialsVersion + (endsSessions ? 1 : 0),
        updatedAt: clock.now().toISOString(),
      });
      // Roles, scope or sessions may have changed: the next request is checked afresh.
      verified.forget('user', user.id);
      return toUserView(updated);
    },

    async deleteUser(id) {
      const deleted = await users.delete(parseInput(idSchema, id, 'id'));
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

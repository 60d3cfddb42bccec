import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import {
  AlreadyExistsError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  UnauthenticatedError,
  uuidv7,
  type CallerIdentity,
  type Clock,
  type FieldViolation,
} from '@pcn/platform';
import {
  MAX_PAGE_SIZE,
  type Collection,
  type DocumentBase,
  type Filter,
  type Store,
  type Stored,
} from '@pcn/storage';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import {
  apiKeyDisplayPrefix,
  apiKeySecretMatches,
  formatApiKey,
  hashApiKeySecret,
  newApiKeySecret,
  parseApiKey,
} from './api-key.js';
import { demoPasswordFrom, MIN_PASSWORD_LENGTH, seedDemoData } from './demo-data.js';
import { DEFAULT_SIGN_IN_THROTTLE, type SignInThrottlePolicy } from './sign-in-throttle.js';
import { createSignInThrottle } from './sign-in-throttle.store.js';
import { DEFAULT_AUTH_CACHE_TTL_MS, VerifiedCredentials } from './verified-credentials.js';
import {
  apiClientsCollection,
  identityCollections,
  organizationsCollection,
  signInCollections,
  spokespersonsCollection,
  unitsCollection,
  usersCollection,
  type ApiClientRecord,
  type OrganizationRecord,
  type SpokespersonRecord,
  type UnitRecord,
  type UserRecord,
} from './identity.collections.js';
import {
  ANONYMOUS_CALLER,
  ORGANIZATION_KINDS,
  ROLES,
  UNIT_LEVELS,
  type ApiClientView,
  type IdentityService,
  type IssuedApiKey,
  type Organization,
  type OrganizationKind,
  type Role,
  type SignInResult,
  type Spokesperson,
  type Unit,
  type UnitLevel,
  type UserView,
} from './identity.contract.js';

export { identityCollections, signInCollections };

/** Limits on what callers send, checked before any work. */
export const MAX_EMAIL_LENGTH = 254;
export const MAX_PASSWORD_LENGTH = 1024;
const MAX_AUTHORIZATION_LENGTH = 8192;
const MAX_NAME_LENGTH = 200;
const MAX_ID_LENGTH = 128;
const MAX_UNITS_PER_USER = 100;
/** Seconds of clock skew tolerated between gateway replicas when checking token times. */
const CLOCK_TOLERANCE_SECONDS = 5;
const DEFAULT_ISSUER = 'pcn-gateway';
/** The audience of the gateway's tokens: its own GraphQL API, nothing else. */
const TOKEN_AUDIENCE = 'pcn-graphql';

const ANONYMOUS = ANONYMOUS_CALLER;

const WRONG_CREDENTIALS = 'Wrong email or password';

export interface IdentityServiceDeps {
  store: Store;
  /** HS256 key for session tokens: at least 32 random bytes, shared by every gateway replica. */
  jwtSecret: Uint8Array;
  /** Lifetime of a session token (900 = 15 minutes is a good default). */
  tokenTtlSeconds: number;
  clock: Clock;
  /** `iss` of the tokens; defaults to `pcn-gateway`. */
  issuer?: string;
  /** Password of the demo accounts `seedDemo` writes; defaults to `demoPasswordFrom(process.env)`. */
  demoPassword?: string;
  /** Per-account sign-in throttle; `DEFAULT_SIGN_IN_THROTTLE` for what is not given. */
  signInThrottle?: Partial<SignInThrottlePolicy>;
  /**
   * How long a verified token or API key is trusted without checking it again (default 5 s; 0
   * checks every request). Changes made through this service apply at once; changes made by
   * another process (a second replica, an admin tool) within this time. See VerifiedCredentials.
   */
  authCacheTtlMs?: number;
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
export interface IdentityAdmin {
  createUser(input: NewUser): Promise<UserView>;
  updateUser(id: string, update: UserUpdate): Promise<UserView>;
  deleteUser(id: string): Promise<boolean>;
  /** Ends every session of the user: tokens issued before stop working. */
  revokeSessions(id: string): Promise<void>;
}

export type IdentityServiceImpl = IdentityService & IdentityAdmin;

/** How emails are compared and stored: trimmed, NFC, lower case. */
export function normaliseEmail(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}

/* ------------------------------------------------------------------------------------------------
 * Input validation
 * ---------------------------------------------------------------------------------------------- */

function parseInput<S extends z.ZodType>(schema: S, value: unknown, field: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const violations: FieldViolation[] = result.error.issues.map((issue) => ({
    field: [field, ...issue.path.map(String)].join('.'),
    description: issue.message,
  }));
  throw new InvalidArgumentError(violations);
}

const idSchema = z.string().min(1).max(MAX_ID_LENGTH);
const nameSchema = z.string().trim().min(1).max(MAX_NAME_LENGTH);
const passwordSchema = z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH);
const userRoleSchema = z
  .enum(ROLES)
  .refine((role) => role !== 'public', { message: '"public" is implicit and cannot be granted' });
const userRolesSchema = z
  .array(userRoleSchema)
  .min(1)
  .max(ROLES.length)
  .transform((roles) => [...new Set(roles)]);
const unitIdsSchema = z
  .array(idSchema)
  .max(MAX_UNITS_PER_USER)
  .transform((ids) => [...new Set(ids)]);

const newUserSchema = z.object({
  email: z.email().max(MAX_EMAIL_LENGTH),
  password: passwordSchema,
  displayName: nameSchema,
  roles: userRolesSchema,
  organizationId: idSchema.nullable().default(null),
  unitIds: unitIdsSchema.default([]),
  demo: z.boolean().default(false),
});

const userUpdateSchema = z.object({
  displayName: nameSchema.optional(),
  roles: userRolesSchema.optional(),
  organizationId: idSchema.nullable().optional(),
  unitIds: unitIdsSchema.optional(),
  disabled: z.boolean().optional(),
  password: passwordSchema.optional(),
});

const newApiClientSchema = z.object({
  name: nameSchema,
  organizationId: idSchema,
  roles: z
    .array(
      z.enum(ROLES).refine((role) => role !== 'public' && role !== 'network_admin', {
        message: 'API clients cannot hold "public" (implicit) or "network_admin"',
      }),
    )
    .min(1)
    .max(ROLES.length)
    .transform((roles) => [...new Set(roles)]),
});

const unitFilterSchema = z
  .object({
    parentId: idSchema.nullable().optional(),
    level: z.enum(UNIT_LEVELS).optional(),
    includeInactive: z.boolean().optional(),
  })
  .optional();

const organizationFilterSchema = z
  .object({ kind: z.enum(ORGANIZATION_KINDS).optional() })
  .optional();

const spokespersonFilterSchema = z.object({ organizationId: idSchema.optional() }).optional();

/** The claims the gateway relies on; everything else in the token is informational. */
const tokenClaimsSchema = z.object({
  sub: z.string().min(1).max(MAX_ID_LENGTH),
  cv: z.number().int().min(0),
});

/* ------------------------------------------------------------------------------------------------
 * Views
 * ---------------------------------------------------------------------------------------------- */

function toUnit(r: UnitRecord): Unit {
  return {
    id: r.id,
    name: r.name,
    level: r.level,
    parentId: r.parentId,
    path: [...r.path],
    active: r.active,
    demo: r.demo,
  };
}

function toOrganization(r: OrganizationRecord): Organization {
  return { id: r.id, name: r.name, kind: r.kind, unitId: r.unitId, demo: r.demo };
}

function toSpokesperson(r: SpokespersonRecord): Spokesperson {
  return {
    id: r.id,
    organizationId: r.organizationId,
    name: r.name,
    position: r.position,
    phone: r.phone,
    email: r.email,
    demo: r.demo,
  };
}

function toUserView(r: UserRecord): UserView {
  return {
    id: r.id,
    displayName: r.displayName,
    roles: [...r.roles],
    organizationId: r.organizationId,
    unitIds: [...r.unitIds],
    demo: r.demo,
  };
}

function toApiClientView(r: ApiClientRecord): ApiClientView {
  return {
    id: r.id,
    name: r.name,
    organizationId: r.organizationId,
    roles: [...r.roles],
    revoked: r.revoked,
    createdAt: r.createdAt,
  };
}

function userCaller(r: UserRecord): CallerIdentity {
  return {
    kind: 'user',
    id: r.id,
    roles: [...r.roles],
    ...(r.organizationId !== null ? { organizationId: r.organizationId } : {}),
    ...(r.unitIds.length > 0 ? { unitIds: [...r.unitIds] } : {}),
  };
}

function apiClientCaller(r: ApiClientRecord): CallerIdentity {
  return { kind: 'api-client', id: r.id, roles: [...r.roles], organizationId: r.organizationId };
}

const LEVEL_ORDER: Readonly<Record<UnitLevel, number>> = {
  province: 0,
  district: 1,
  ward: 2,
  town: 3,
  commune: 4,
};

const collator = new Intl.Collator('vi');

/** Every document matching `filter`, page by page. Directory collections are small. */
async function findAll<T extends DocumentBase>(
  collection: Collection<T>,
  filter: Filter,
): Promise<Stored<T>[]> {
  const out: Stored<T>[] = [];
  let after: string | null = null;
  do {
    const page = await collection.find({ filter, limit: MAX_PAGE_SIZE, after });
    out.push(...page.items);
    after = page.nextCursor;
  } while (after !== null);
  return out;
}

/** Only network admins manage API clients; the anonymous public is told to sign in first. */
function requireNetworkAdmin(caller: CallerIdentity, action: string): void {
  if (caller.kind === 'anonymous') throw new UnauthenticatedError(`Sign in to ${action}`);
  if (!caller.roles.includes('network_admin')) {
    throw new PermissionDeniedError(`Only network admins can ${action}`, 'NETWORK_ADMIN_REQUIRED');
  }
}

/* ------------------------------------------------------------------------------------------------
 * The service
 * ---------------------------------------------------------------------------------------------- */

export function createIdentityService(deps: IdentityServiceDeps): IdentityServiceImpl {
  const { store, clock } = deps;
  if (deps.jwtSecret.byteLength < 32) {
    throw new Error('The JWT secret must be at least 32 bytes long');
  }
  if (
    !Number.isInteger(deps.tokenTtlSeconds) ||
    deps.tokenTtlSeconds < 1 ||
    deps.tokenTtlSeconds > 86_400
  ) {
    throw new Error('tokenTtlSeconds must be an integer from 1 to 86400');
  }
  // A private copy: the caller's buffer may be reused or wiped.
  const jwtKey = new Uint8Array(deps.jwtSecret);
  const issuer = deps.issuer ?? DEFAULT_ISSUER;
  const ttl = deps.tokenTtlSeconds;

  const units = store.collection<UnitRecord>(unitsCollection);
  const organizations = store.collection<OrganizationRecord>(organizationsCollection);
  const users = store.collection<UserRecord>(usersCollection);
  const apiClients = store.collection<ApiClientRecord>(apiClientsCollection);
  const spokespersons = store.collection<SpokespersonRecord>(spokespersonsCollection);
  const throttle = createSignInThrottle({
    store,
    clock,
    key: jwtKey,
    policy: { ...DEFAULT_SIGN_IN_THROTTLE, ...deps.signInThrottle },
  });

  // Verified against when the email is unknown, so that both paths cost one argon2 verification.
  // Computed up front so that even the first such sign-in takes no longer than a real one.
  const dummyHash = hash(randomBytes(32).toString('base64url'));
  dummyHash.catch(() => undefined); // awaited (and any failure surfaced) at sign-in
  // Compared against when the API client is unknown, for the same reason (a SHA-256, cheap).
  const dummySecretHash = hashApiKeySecret(randomBytes(32).toString('base64url'));
  const verified = new VerifiedCredentials(deps.authCacheTtlMs ?? DEFAULT_AUTH_CACHE_TTL_MS);

  async function findUserByEmail(email: string): Promise<Stored<UserRecord> | null> {
    const page = await users.find({ filter: { email }, limit: 1 });
    return page.items[0] ?? null;
  }

  async function issueToken(user: UserRecord): Promise<SignInResult> {
    const now = clock.now();
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = issuedAt + ttl;
    const token = await new SignJWT({
      roles: user.roles,
      org: user.organizationId,
      units: user.unitIds,
      cv: user.credentialsVersion,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(user.id)
      .setIssuer(issuer)
      .setAudience(TOKEN_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(uuidv7(now.getTime()))
      .sign(jwtKey);
    return { token, expiresAt: new Date(expiresAt * 1000), user: toUserView(user) };
  }

  /** The caller, and until when (ms) the token is valid. */
  async function authenticateToken(
    authorization: string,
  ): Promise<{ caller: CallerIdentity; notAfter: number }> {
    const match =
      authorization.length <= MAX_AUTHORIZATION_LENGTH
        ? /^Bearer +([A-Za-z0-9._~+/-]+=*) *$/i.exec(authorization)
        : null;
    const token = match?.[1];
    if (token === undefined) {
      throw new UnauthenticatedError(
        'Malformed Authorization header; expected "Bearer <token>"',
        'MALFORMED_AUTHORIZATION',
      );
    }
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, jwtKey, {
        algorithms: ['HS256'],
        issuer,
        audience: TOKEN_AUDIENCE,
        typ: 'JWT',
        currentDate: clock.now(),
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        maxTokenAge: ttl,
        requiredClaims: ['sub', 'iat', 'exp'],
      }));
    } catch (err) {
      if (err instanceof joseErrors.JWTExpired) {
        throw new UnauthenticatedError('Token expired; sign in again', 'TOKEN_EXPIRED');
      }
      if (err instanceof joseErrors.JOSEError) {
        throw new UnauthenticatedError('Invalid token; sign in again', 'TOKEN_INVALID');
      }
      throw err;
    }
    const claims = tokenClaimsSchema.safeParse(payload);
    if (!claims.success) {
      throw new UnauthenticatedError('Invalid token; sign in again', 'TOKEN_INVALID');
    }
    // The token proves who signed in; what they may do now comes from the stored account, so a
    // deleted or disabled account, or one whose password changed, stops working at once.
    const user = await users.get(claims.data.sub);
    if (user === null || user.disabled || user.credentialsVersion !== claims.data.cv) {
      throw new UnauthenticatedError('Session no longer valid; sign in again', 'TOKEN_REVOKED');
    }
    const exp = (payload as { exp?: unknown }).exp;
    return {
      caller: userCaller(user),
      notAfter: typeof exp === 'number' ? (exp + CLOCK_TOLERANCE_SECONDS) * 1000 : 0,
    };
  }

  async function authenticateApiKey(key: string): Promise<CallerIdentity> {
    const parsed = parseApiKey(key);
    if (parsed === null) {
      throw new UnauthenticatedError(
        'Malformed API key; expected pcn_<clientId>_<secret>',
        'MALFORMED_API_KEY',
      );
    }
    const client = await apiClients.get(parsed.clientId);
    const matches = apiKeySecretMatches(parsed.secret, client?.secretHash ?? dummySecretHash);
    if (client === null || !matches) {
      throw new UnauthenticatedError('Invalid API key', 'API_KEY_INVALID');
    }
    // Only a holder of the (once) valid key learns that it was revoked.
    if (client.revoked) throw new UnauthenticatedError('API key revoked', 'API_KEY_REVOKED');
    return apiClientCaller(client);
  }

  async function requireApiClient(clientId: string): Promise<Stored<ApiClientRecord>> {
    const client = await apiClients.get(parseInput(idSchema, clientId, 'clientId'));
    if (client === null) throw new NotFoundError('ApiClient', clientId);
    return client;
  }

  async function checkScope(organizationId: string | null, unitIds: readonly string[]) {
    if (organizationId !== null && (await organizations.get(organizationId)) === null) {
      throw new NotFoundError('Organization', organizationId);
    }
    for (const unitId of unitIds) {
      if ((await units.get(unitId)) === null) throw new NotFoundError('Unit', unitId);
    }
  }

  async function requireUser(id: string): Promise<Stored<UserRecord>> {
    const user = await users.get(parseInput(idSchema, id, 'id'));
    if (user === null) throw new NotFoundError('User', id);
    return user;
  }

  const service: IdentityServiceImpl = {
    async authenticate(headers) {
      const { authorization, apiKey } = headers;
      if (authorization !== undefined && apiKey !== undefined) {
        throw new UnauthenticatedError(
          'Present either a bearer token or an API key, not both',
          'AMBIGUOUS_CREDENTIALS',
        );
      }
      if (authorization === undefined && apiKey === undefined) return ANONYMOUS;
      const key =
        authorization !== undefined
          ? verified.key('bearer', authorization)
          : verified.key('api-key', apiKey ?? '');
      const now = clock.now().getTime();
      const known = verified.get(key, now);
      if (known) return known;
      const generation = verified.generation;
      if (authorization !== undefined) {
        const { caller, notAfter } = await authenticateToken(authorization);
        verified.set(key, caller, now, generation, notAfter);
        return caller;
      }
      const caller = await authenticateApiKey(apiKey ?? '');
      verified.set(key, caller, now, generation);
      return caller;
    },

    async signIn(email, password) {
      const violations: FieldViolation[] = [];
      if (typeof email !== 'string' || email.trim().length === 0) {
        violations.push({ field: 'email', description: 'is required' });
      } else if (email.length > MAX_EMAIL_LENGTH) {
        violations.push({
          field: 'email',
          description: `must be at most ${MAX_EMAIL_LENGTH} characters`,
        });
      }
      if (typeof password !== 'string' || password.length === 0) {
        violations.push({ field: 'password', description: 'is required' });
      } else if (password.length > MAX_PASSWORD_LENGTH) {
        violations.push({
          field: 'password',
          description: `must be at most ${MAX_PASSWORD_LENGTH} characters`,
        });
      }
      if (violations.length > 0) throw new InvalidArgumentError(violations);

      const normalised = normaliseEmail(email);
      // Counted per account whether it exists or not, so a refusal tells nothing about it.
      await throttle.attempt(normalised);
      const user = await findUserByEmail(normalised);
      if (user === null || user.disabled) {
        // Same work as a wrong password, so the answer time does not tell which emails exist.
        await verify(await dummyHash, password).catch(() => false);
        throw new UnauthenticatedError(WRONG_CREDENTIALS, 'WRONG_CREDENTIALS');
      }
      const ok = await verify(user.passwordHash, password).catch(() => false);
      if (!ok) throw new UnauthenticatedError(WRONG_CREDENTIALS, 'WRONG_CREDENTIALS');
      await throttle.succeeded(normalised);
      return issueToken(user);
    },

    async user(id) {
      if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) return null;
      const record = await users.get(id);
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
      if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) return null;
      const record = await units.get(id);
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
      if (typeof id !== 'string' || id.length === 0 || id.length > MAX_ID_LENGTH) return null;
      const record = await organizations.get(id);
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

    async createApiClient(caller, input) {
      requireNetworkAdmin(caller, 'create API clients');
      const valid = parseInput(newApiClientSchema, input, 'input');
      if ((await organizations.get(valid.organizationId)) === null) {
        throw new NotFoundError('Organization', valid.organizationId);
      }
      const now = clock.now();
      const id = uuidv7(now.getTime());
      const secret = newApiKeySecret();
      const record: ApiClientRecord = {
        id,
        name: valid.name,
        organizationId: valid.organizationId,
        roles: valid.roles,
        secretHash: hashApiKeySecret(secret),
        keyPrefix: apiKeyDisplayPrefix(id, secret),
        revoked: false,
        revokedAt: null,
        createdAt: now.toISOString(),
        rotatedAt: null,
        demo: false,
      };
      const stored = await apiClients.insert(record);
      return { client: toApiClientView(stored), key: formatApiKey(id, secret) };
    },

    async rotateApiKey(caller, clientId): Promise<IssuedApiKey> {
      requireNetworkAdmin(caller, 'rotate API keys');
      const client = await requireApiClient(clientId);
      if (client.revoked) {
        throw new FailedPreconditionError(
          `API client ${client.id} is revoked; create a new one`,
          'API_CLIENT_REVOKED',
        );
      }
      const secret = newApiKeySecret();
      const updated = await apiClients.update({
        ...client,
        secretHash: hashApiKeySecret(secret),
        keyPrefix: apiKeyDisplayPrefix(client.id, secret),
        rotatedAt: clock.now().toISOString(),
      });
      verified.forget('api-client', client.id);
      return { client: toApiClientView(updated), key: formatApiKey(client.id, secret) };
    },

    async revokeApiClient(caller, clientId) {
      requireNetworkAdmin(caller, 'revoke API clients');
      const client = await requireApiClient(clientId);
      if (client.revoked) return toApiClientView(client);
      const updated = await apiClients.update({
        ...client,
        revoked: true,
        revokedAt: clock.now().toISOString(),
      });
      verified.forget('api-client', client.id);
      return toApiClientView(updated);
    },

    async seedDemo() {
      return seedDemoData({
        store,
        clock,
        password: deps.demoPassword ?? demoPasswordFrom(process.env),
        normaliseEmail,
      });
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
  return service;
}

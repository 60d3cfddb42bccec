import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import {
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  parseInput,
  PermissionDeniedError,
  UnauthenticatedError,
  uuidv7,
  type CallerIdentity,
  type Clock,
} from '@pcn/platform';
import type { Store, Stored } from '@pcn/storage';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import {
  apiKeyDisplayPrefix,
  apiKeySecretMatches,
  formatApiKey,
  hashApiKeySecret,
  newApiKeySecret,
  parseApiKey,
} from './api-key.js';
import {
  apiClientsCollection,
  organizationsCollection,
  usersCollection,
  type ApiClientRecord,
  type OrganizationRecord,
  type UserRecord,
} from './identity.collections.js';
import {
  ANONYMOUS_CALLER,
  type AuthenticationService,
  type IssuedApiKey,
  type SignInResult,
} from './identity.contract.js';
import {
  MAX_AUTHORIZATION_LENGTH,
  newApiClientSchema,
  normaliseEmail,
  signInSchema,
  tokenClaimsSchema,
} from './identity-input.js';
import { requireById } from './collection-reads.js';
import { roleScopeViolations } from './role-scope.js';
import { toApiClientView, toUserView } from './identity.views.js';
import { DEFAULT_SIGN_IN_THROTTLE, type SignInThrottlePolicy } from './sign-in-throttle.js';
import { createSignInThrottle } from './sign-in-throttle.store.js';
import type { VerifiedCredentials } from './verified-credentials.js';

/** Seconds of clock skew tolerated between gateway replicas when checking token times. */
const CLOCK_TOLERANCE_SECONDS = 5;
const DEFAULT_ISSUER = 'pcn-gateway';
/** The audience of the gateway's tokens: its own GraphQL API, nothing else. */
const TOKEN_AUDIENCE = 'pcn-graphql';

const WRONG_CREDENTIALS = 'Wrong email or password';

export interface AuthenticationDeps {
  store: Store;
  clock: Clock;
  /** HS256 key for session tokens: at least 32 random bytes, shared by every gateway replica. */
  jwtSecret: Uint8Array;
  /** Lifetime of a session token (900 = 15 minutes is a good default). */
  tokenTtlSeconds: number;
  /** `iss` of the tokens; defaults to `pcn-gateway`. */
  issuer?: string;
  /** Per-account sign-in throttle; `DEFAULT_SIGN_IN_THROTTLE` for what is not given. */
  signInThrottle?: Partial<SignInThrottlePolicy>;
  /** Callers verified recently; this module fills it and forgets API clients it changes. */
  verified: VerifiedCredentials;
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

/** Only network admins manage API clients; the anonymous public is told to sign in first. */
function requireNetworkAdmin(caller: CallerIdentity, action: string): void {
  if (caller.kind === 'anonymous') throw new UnauthenticatedError(`Sign in to ${action}`);
  if (!caller.roles.includes('network_admin')) {
    throw new PermissionDeniedError(`Only network admins can ${action}`, 'NETWORK_ADMIN_REQUIRED');
  }
}

/** For operators (not part of the GraphQL contract): what the per-account throttle holds. */
export interface SignInLockouts {
  /**
   * Lifts the account's sign-in throttle after an operator set a new password, so its owner can
   * sign in with it at once. Whether the account was locked out until now.
   */
  liftSignInLockout(email: string): Promise<boolean>;
}

/**
 * Who is calling: session tokens (JWT, HS256) issued at sign-in and verified on each request,
 * sign-in itself with its per-account throttle, and partner systems' API keys.
 */
export function createAuthentication(
  deps: AuthenticationDeps,
): AuthenticationService & SignInLockouts {
  const { store, clock, verified } = deps;
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

  const organizations = store.collection<OrganizationRecord>(organizationsCollection);
  const users = store.collection<UserRecord>(usersCollection);
  const apiClients = store.collection<ApiClientRecord>(apiClientsCollection);
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

  const requireApiClient = (clientId: string) =>
    requireById(apiClients, clientId, 'clientId', 'ApiClient');

  return {
    async liftSignInLockout(email) {
      return throttle.unblock(normaliseEmail(email));
    },

    async authenticate(headers) {
      const { authorization, apiKey } = headers;
      if (authorization !== undefined && apiKey !== undefined) {
        throw new UnauthenticatedError(
          'Present either a bearer token or an API key, not both',
          'AMBIGUOUS_CREDENTIALS',
        );
      }
      if (authorization === undefined && apiKey === undefined) return ANONYMOUS_CALLER;
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
      const credentials = parseInput(signInSchema, { email, password });
      const normalised = normaliseEmail(credentials.email);
      // Counted per account whether it exists or not, so a refusal tells nothing about it.
      await throttle.attempt(normalised);
      const user = await findUserByEmail(normalised);
      if (user === null || user.disabled) {
        // Same work as a wrong password, so the answer time does not tell which emails exist.
        await verify(await dummyHash, credentials.password).catch(() => false);
        throw new UnauthenticatedError(WRONG_CREDENTIALS, 'WRONG_CREDENTIALS');
      }
      const ok = await verify(user.passwordHash, credentials.password).catch(() => false);
      if (!ok) throw new UnauthenticatedError(WRONG_CREDENTIALS, 'WRONG_CREDENTIALS');
      await throttle.succeeded(normalised);
      return issueToken(user);
    },

    async createApiClient(caller, input) {
      requireNetworkAdmin(caller, 'create API clients');
      const valid = parseInput(newApiClientSchema, input, 'input');
      const organization = await organizations.get(valid.organizationId);
      if (organization === null) throw new NotFoundError('Organization', valid.organizationId);
      // A client acts with its roles for its organization, as an account does: they must fit.
      const misfits = roleScopeViolations(valid.roles, organization, []);
      if (misfits.length > 0) throw new InvalidArgumentError(misfits);
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
  };
}

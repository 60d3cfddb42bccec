import type { CallerIdentity, Role } from '@pcn/platform';

/**
 * The gateway's identity and directory: the "connection network". The GraphQL layer depends only
 * on this contract; `authentication.service.ts` and `directory.service.ts` implement its two
 * roles on the gateway's store, and `identity.service.ts` puts them together.
 */

/** Who calls without credentials: the public. */
export const ANONYMOUS_CALLER: CallerIdentity = Object.freeze({
  kind: 'anonymous',
  id: 'anonymous',
  roles: Object.freeze(['public']),
});

// The network's roles are declared once, in @pcn/platform, where services check them too.
export { ROLES, type Role } from '@pcn/platform';

export const ORGANIZATION_KINDS = [
  'drafting_agency',
  'press_agency',
  'unit_office',
  'partner_system',
] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

/** Administrative levels: since 1 July 2025 two tiers; districts remain in older data. */
export const UNIT_LEVELS = ['province', 'district', 'commune', 'ward', 'town'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export interface Unit {
  id: string;
  /** Official name in Vietnamese, e.g. "Xã Bản Hồ". */
  name: string;
  level: UnitLevel;
  parentId: string | null;
  /** Ids from the root to this unit, itself included: the unit's subtree shares this prefix. */
  path: string[];
  /** False for units that no longer exist (merged in 2025) but appear in older data. */
  active: boolean;
  demo: boolean;
}

export interface Organization {
  id: string;
  name: string;
  kind: OrganizationKind;
  /** The unit the organization belongs to (its province or commune). */
  unitId: string | null;
  demo: boolean;
}

export interface Spokesperson {
  id: string;
  organizationId: string;
  /** Public by law (Decree 09/2017/ND-CP): name, position, phone and email are published. */
  name: string;
  position: string;
  phone: string;
  email: string;
  demo: boolean;
}

export interface UserView {
  id: string;
  displayName: string;
  roles: Role[];
  organizationId: string | null;
  /** Units the user may act in (each with its subtree); empty for organization-scoped roles. */
  unitIds: string[];
  demo: boolean;
}

export interface SignInResult {
  /** A short-lived JWT for `Authorization: Bearer`. */
  token: string;
  expiresAt: Date;
  user: UserView;
}

export interface ApiClientView {
  id: string;
  name: string;
  organizationId: string;
  roles: Role[];
  revoked: boolean;
  createdAt: string;
}

export interface IssuedApiKey {
  client: ApiClientView;
  /** Shown once: `pcn_<clientId>_<secret>`. Only a hash is stored. */
  key: string;
}

/** Who is calling: session tokens, sign-in and API keys. */
export interface AuthenticationService {
  /**
   * Who is calling, from `Authorization: Bearer <jwt>` or `X-Api-Key`. No credentials means the
   * anonymous public; bad credentials raise UnauthenticatedError (never silently anonymous).
   */
  authenticate(headers: {
    authorization?: string | undefined;
    apiKey?: string | undefined;
  }): Promise<CallerIdentity>;
  /**
   * Email and password (argon2id); wrong credentials raise UnauthenticatedError, with no hint which.
   * Attempts are throttled per account, known or not: past the free ones, ResourceExhaustedError
   * (RATE_LIMITED) says how many seconds to wait.
   */
  signIn(email: string, password: string): Promise<SignInResult>;

  /** Network admins only (checked inside). */
  createApiClient(
    caller: CallerIdentity,
    input: { name: string; organizationId: string; roles: Role[] },
  ): Promise<IssuedApiKey>;
  rotateApiKey(caller: CallerIdentity, clientId: string): Promise<IssuedApiKey>;
  revokeApiClient(caller: CallerIdentity, clientId: string): Promise<ApiClientView>;
}

/** The directory: units with their subtrees, organizations, users and spokespersons. */
export interface DirectoryService {
  user(id: string): Promise<UserView | null>;

  units(filter?: {
    parentId?: string | null;
    level?: UnitLevel;
    includeInactive?: boolean;
  }): Promise<Unit[]>;
  unit(id: string): Promise<Unit | null>;
  /** The unit and every unit below it. */
  subtree(unitId: string): Promise<string[]>;
  organizations(filter?: { kind?: OrganizationKind }): Promise<Organization[]>;
  organization(id: string): Promise<Organization | null>;
  spokespersons(filter?: { organizationId?: string }): Promise<Spokesperson[]>;
}

export interface IdentityService extends AuthenticationService, DirectoryService {
  /** Loads the demo data set once (idempotent); returns whether anything was written. */
  seedDemo(): Promise<boolean>;
}

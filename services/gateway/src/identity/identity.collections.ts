import type { CollectionSpec } from '@pcn/storage';
import type {
  Organization,
  OrganizationKind,
  Role,
  Spokesperson,
  Unit,
  UnitLevel,
} from './identity.contract.js';

/**
 * Persisted names of the gateway's identity and directory collections and their indexes. Never
 * rename one without a migration. Each index names the query it serves.
 */

export const unitsCollection: CollectionSpec = {
  name: 'units',
  indexes: [
    // `units({ parentId })`: the children of a unit; `null` lists the roots.
    { name: 'parent_id', path: 'parentId' },
    // `units({ level })`, for example every commune.
    { name: 'level', path: 'level' },
    // `units()` lists active units unless asked for inactive (merged, pre-2025) ones too.
    { name: 'active', path: 'active' },
    // `subtree(id)`: every unit whose path (root to itself) contains `id`.
    { name: 'path', path: 'path', multi: true },
  ],
};

export const organizationsCollection: CollectionSpec = {
  name: 'organizations',
  indexes: [
    // `organizations({ kind })`.
    { name: 'kind', path: 'kind' },
    // The organizations of a unit (a commune's offices).
    { name: 'unit_id', path: 'unitId' },
  ],
};

export const usersCollection: CollectionSpec = {
  name: 'users',
  indexes: [
    // Sign-in by email; stored normalised (trimmed, NFC, lower case) so the index is unique.
    { name: 'email', path: 'email', unique: true },
    // The users of an organization (administration).
    { name: 'organization_id', path: 'organizationId' },
    // `users list --role`, and the network admins left when one is disabled or demoted.
    { name: 'roles', path: 'roles', multi: true },
  ],
};

export const apiClientsCollection: CollectionSpec = {
  name: 'api_clients',
  indexes: [
    // The API clients of an organization (administration).
    { name: 'organization_id', path: 'organizationId' },
  ],
};

export const spokespersonsCollection: CollectionSpec = {
  name: 'spokespersons',
  indexes: [
    // `spokespersons({ organizationId })`.
    { name: 'organization_id', path: 'organizationId' },
  ],
};

/** Bookkeeping records of the identity module, for example whether the demo data is loaded. */
export const identityMetaCollection: CollectionSpec = {
  name: 'identity_meta',
  indexes: [],
};

/** Sign-in attempts per account (`sign-in-throttle.store.ts`), keyed by an HMAC of the email. */
export const signInThrottleCollection: CollectionSpec = {
  name: 'sign_in_throttle',
  indexes: [
    // Pruning: records whose latest attempt is older than the forget window.
    { name: 'last_attempt_at', path: 'lastAttemptAt' },
  ],
};

/** Every collection of the identity module: pass to `store.migrate` at boot. */
export const identityCollections: readonly CollectionSpec[] = [
  unitsCollection,
  organizationsCollection,
  usersCollection,
  apiClientsCollection,
  spokespersonsCollection,
  identityMetaCollection,
];

/** State of sign-in itself, not directory data: migrate it with `identityCollections`. */
export const signInCollections: readonly CollectionSpec[] = [signInThrottleCollection];

/* ----------------------------------------------------------------------------------------------
 * Stored records. Timestamps are ISO-8601 strings; secrets are stored only as hashes.
 * -------------------------------------------------------------------------------------------- */

export type UnitRecord = Unit & { level: UnitLevel };

export type OrganizationRecord = Organization & { kind: OrganizationKind };

export type SpokespersonRecord = Spokesperson;

export interface UserRecord {
  id: string;
  /** Normalised: see `normaliseEmail`. Personal data: never logged. */
  email: string;
  displayName: string;
  /** Argon2id PHC string. */
  passwordHash: string;
  roles: Role[];
  organizationId: string | null;
  unitIds: string[];
  disabled: boolean;
  /**
   * Bumped when the password changes, the account is disabled or its sessions are revoked; tokens
   * carry the value they were issued with and stop working once it changes.
   */
  credentialsVersion: number;
  createdAt: string;
  updatedAt: string;
  demo: boolean;
}

export interface ApiClientRecord {
  id: string;
  name: string;
  organizationId: string;
  roles: Role[];
  /** Hex SHA-256 of the key's secret part; the key itself is never stored. */
  secretHash: string;
  /** The start of the key, safe to display so that people can tell keys apart. */
  keyPrefix: string;
  revoked: boolean;
  revokedAt: string | null;
  createdAt: string;
  rotatedAt: string | null;
  demo: boolean;
}

/** `demo-seed`: written with the demo data set, so that seeding runs once. */
export interface MetaRecord {
  id: string;
  at: string;
  /** Version of the data set that was written. */
  dataVersion: number;
  demo: boolean;
}

/** One account's sign-in attempts since its last success; see `sign-in-throttle.ts`. */
export interface SignInThrottleRecord {
  /** HMAC-SHA256 of the normalised email: never the email itself. */
  id: string;
  attempts: number;
  lastAttemptAt: string;
  blockedUntil: string | null;
}

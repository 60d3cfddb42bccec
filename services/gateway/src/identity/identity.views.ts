import type {
  ApiClientRecord,
  OrganizationRecord,
  SpokespersonRecord,
  UnitRecord,
  UserRecord,
} from './identity.collections.js';
import type {
  ApiClientView,
  Organization,
  Spokesperson,
  Unit,
  UserView,
} from './identity.contract.js';

/**
 * What callers see of the stored records: fresh copies, without secrets (password and key hashes,
 * credential versions) or bookkeeping.
 */

export function toUnit(r: UnitRecord): Unit {
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

export function toOrganization(r: OrganizationRecord): Organization {
  return { id: r.id, name: r.name, kind: r.kind, unitId: r.unitId, demo: r.demo };
}

export function toSpokesperson(r: SpokespersonRecord): Spokesperson {
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

export function toUserView(r: UserRecord): UserView {
  return {
    id: r.id,
    displayName: r.displayName,
    roles: [...r.roles],
    organizationId: r.organizationId,
    unitIds: [...r.unitIds],
    demo: r.demo,
  };
}

export function toApiClientView(r: ApiClientRecord): ApiClientView {
  return {
    id: r.id,
    name: r.name,
    organizationId: r.organizationId,
    roles: [...r.roles],
    revoked: r.revoked,
    createdAt: r.createdAt,
  };
}

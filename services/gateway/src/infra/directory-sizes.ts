import type { DirectorySizes } from '../graphql/query-cost.js';
import type { IdentityService } from '../identity/identity.contract.js';

/** How long counted sizes are used before they are counted again (in the background). */
const DEFAULT_MAX_AGE_MS = 30_000;

type Reader = Pick<IdentityService, 'units' | 'organizations' | 'spokespersons'>;

/** Counts of each list the directory serves, by the filters its fields take. */
async function countDirectory(identity: Reader): Promise<DirectorySizes> {
  const [units, organizations, spokespersons] = await Promise.all([
    identity.units({ includeInactive: true }),
    identity.organizations(),
    identity.spokespersons(),
  ]);
  // Keys: parent (or * for any; '' for the roots) | level (or *) | a (all) or o (active only).
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  const children = new Map<string, { all: number; active: number }>();
  for (const unit of units) {
    const parent = unit.parentId ?? '';
    for (const which of unit.active ? ['a', 'o'] : ['a']) {
      for (const p of [parent, '*']) for (const l of [unit.level, '*']) add(`${p}|${l}|${which}`);
    }
    if (unit.parentId) {
      const c = children.get(unit.parentId) ?? { all: 0, active: 0 };
      c.all += 1;
      if (unit.active) c.active += 1;
      children.set(unit.parentId, c);
    }
  }
  const most = { all: 0, active: 0 };
  for (const c of children.values()) {
    most.all = Math.max(most.all, c.all);
    most.active = Math.max(most.active, c.active);
  }
  const byKind = new Map<string, number>();
  for (const o of organizations) byKind.set(o.kind, (byKind.get(o.kind) ?? 0) + 1);
  const byOrganization = new Map<string, number>();
  for (const s of spokespersons)
    byOrganization.set(s.organizationId, (byOrganization.get(s.organizationId) ?? 0) + 1);
  return {
    units: ({ parentId, level, includeInactive }) =>
      counts.get(
        `${parentId === undefined ? '*' : (parentId ?? '')}|${level ?? '*'}|${includeInactive ? 'a' : 'o'}`,
      ) ?? 0,
    maxChildren: (includeInactive) => (includeInactive ? most.all : most.active),
    organizations: (kind) => (kind === undefined ? organizations.length : (byKind.get(kind) ?? 0)),
    spokespersons: (organizationId) =>
      organizationId === undefined
        ? spokespersons.length
        : (byOrganization.get(organizationId) ?? 0),
  };
}

/**
 * The directory's list sizes for query costs, counted from the store and kept for `maxAgeMs`
 * (default 30 s). The directory changes rarely; when it does, costs follow within that time.
 * Once counted, an older count is used while a fresh one is made, so no request waits for it.
 */
export function createDirectorySizes(identity: Reader, options: { maxAgeMs?: number } = {}) {
  const maxAge = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
  let current: { sizes: DirectorySizes; at: number } | undefined;
  let counting: Promise<DirectorySizes> | undefined;

  function count(): Promise<DirectorySizes> {
    counting ??= countDirectory(identity)
      .then((sizes) => {
        current = { sizes, at: Date.now() };
        return sizes;
      })
      .finally(() => {
        counting = undefined;
      });
    return counting;
  }

  return {
    get(): Promise<DirectorySizes> {
      if (!current) return count();
      if (Date.now() - current.at > maxAge) count().catch(() => undefined); // the last count stays in use; the next request retries
      return Promise.resolve(current.sizes);
    },
  };
}

export type DirectorySizeSource = ReturnType<typeof createDirectorySizes>;

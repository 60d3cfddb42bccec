import {
  assertNetworkAdmin,
  ConflictError,
  InvalidArgumentError,
  type CallerIdentity,
} from '@pcn/platform';
import { unitScopeOf } from './audience.js';
import type { NotificationRepository } from './notification.ports.js';

/**
 * Puts units of the directory's tree (from the gateway's `pcn.directory.v1` events, or a network
 * admin); returns how many units are new or moved. Followers of those units get their scope (the
 * units' ancestors) again. Putting the same units again changes nothing.
 */
export function createPutUnits(deps: {
  repo: Pick<NotificationRepository, 'listSubscribers' | 'unitPaths' | 'write'>;
}) {
  const { repo } = deps;

  return async function putUnits(
    units: { id: string; path: string[] }[],
    caller: CallerIdentity | undefined,
  ) {
    if (!(caller?.kind === 'service' && caller.id === 'gateway')) assertNetworkAdmin(caller);
    const bad = units.findIndex((u) => !u.id || u.path.at(-1) !== u.id || u.path.length > 16);
    if (bad >= 0)
      throw new InvalidArgumentError([
        {
          field: `units[${bad}].path`,
          description: 'must end with the unit id (at most 16 levels)',
        },
      ]);
    if (units.length > 20_000)
      throw new InvalidArgumentError([{ field: 'units', description: 'at most 20000 per call' }]);
    const changed = await repo.write((w) => w.putUnits(units));
    // Followers of a unit that is new or moved get their scope (its ancestors) again, so that
    // events for the whole province reach them.
    const paths = new Map(units.map((u) => [u.id, u.path]));
    for (let i = 0; i < changed.length; i += 1000) {
      const ids = changed.slice(i, i + 1000);
      let after: string | null = null;
      do {
        const page = await repo.listSubscribers({ unitIds: ids }, 200, after);
        const missing = [...new Set(page.items.flatMap((s) => s.unitIds))].filter(
          (u) => !paths.has(u),
        );
        for (const [u, path] of await repo.unitPaths(missing)) paths.set(u, path);
        await repo.write(async (w) => {
          for (const s of page.items) {
            const unitScope = unitScopeOf(s.unitIds.map((u) => paths.get(u) ?? [u]));
            if (unitScope.join('|') === s.unitScope.join('|')) continue;
            try {
              await w.updateSubscriber({ ...s, unitScope });
            } catch (err) {
              // Changed meanwhile: that change took its scope from the tree, which has these units.
              if (!(err instanceof ConflictError)) throw err;
            }
          }
        });
        after = page.nextCursor;
      } while (after);
    }
    return changed.length;
  };
}

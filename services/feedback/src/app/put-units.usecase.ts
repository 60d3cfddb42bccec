import { InvalidArgumentError } from '@pcn/platform';
import type { FeedbackRepository } from './feedback.ports.js';

/**
 * Puts units of the directory's tree (from the gateway's `pcn.directory.v1.UnitsChanged`): the
 * paths that scope checks and unit filters use. Putting the same units again changes nothing.
 */
export function createPutUnits(deps: { repo: Pick<FeedbackRepository, 'transaction'> }) {
  return async function putUnits(units: readonly { id: string; path: string[] }[]) {
    const bad = units.findIndex((u) => !u.id || u.path.at(-1) !== u.id || u.path.length > 16);
    if (bad >= 0)
      throw new InvalidArgumentError([
        {
          field: `units[${bad}].path`,
          description: 'must end with the unit id (at most 16 levels)',
        },
      ]);
    return deps.repo.transaction((uow) =>
      uow.putUnits(units.map((u) => ({ id: u.id, path: u.path }))),
    );
  };
}

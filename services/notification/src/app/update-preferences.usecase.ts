import {
  FailedPreconditionError,
  NotFoundError,
  type CallerIdentity,
  type Clock,
} from '@pcn/platform';
import { indexedFields, unitScopeOf } from './audience.js';
import type { NotificationRepository } from './notification.ports.js';
import { assertOwnerOrAdmin } from './subscriber-access.js';
import { parsePreferencesUpdate } from './subscriber-input.js';

export interface UpdatePreferencesDeps {
  repo: Pick<NotificationRepository, 'getSubscriber' | 'unitPaths' | 'write'>;
  clock: Clock;
}

/** The owner (or an admin) changes what a subscriber follows and how; contacts stay as they are. */
export function createUpdatePreferences(deps: UpdatePreferencesDeps) {
  const { repo, clock } = deps;

  return async function updatePreferences(
    input: { subscriberId: string; expectedVersion: number; update: unknown },
    caller: CallerIdentity | undefined,
  ) {
    const subscriber = await repo.getSubscriber(input.subscriberId);
    if (!subscriber) throw new NotFoundError('subscriber', input.subscriberId);
    assertOwnerOrAdmin(caller, subscriber);
    if (input.expectedVersion && input.expectedVersion !== subscriber.version)
      throw new FailedPreconditionError(
        `The subscriber changed (version ${subscriber.version}); reload and try again`,
        'VERSION_CONFLICT',
      );
    const prefs = parsePreferencesUpdate(input.update, subscriber);
    const paths = await repo.unitPaths(prefs.unitIds);
    const next = {
      ...subscriber,
      ...prefs,
      unitScope: unitScopeOf(prefs.unitIds.map((u) => paths.get(u) ?? [u])),
      updatedAt: clock.now().toISOString(),
    };
    return repo.write((w) => w.updateSubscriber({ ...next, ...indexedFields(next) }));
  };
}

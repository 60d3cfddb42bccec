import {
  idempotentAfterEffect,
  PermanentEventError,
  type EventEnvelope,
  type EventHandler,
  type EventType,
} from '@pcn/events';
import { InvalidArgumentError } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import type { NotificationUseCases } from '../app/notification.usecases.js';

/** The directory events the notification service follows. */
export const DIRECTORY_EVENT_TYPES: readonly EventType[] = ['pcn.directory.v1.UnitsChanged'];

/** Only the gateway owns the directory; its events are taken as its calls were. */
const DIRECTORY_SOURCE = 'gateway';

/**
 * Puts the units of `pcn.directory.v1.UnitsChanged` into the service's copy of the unit tree, with
 * the put-units use case, once per event (see `idempotentAfterEffect`: the use case writes in
 * several transactions, and putting the same units again changes nothing).
 */
export function directoryEventHandler(deps: {
  store: Store;
  /** The durable's name: the inbox records handled events under it. */
  consumer: string;
  putUnits: NotificationUseCases['putUnits'];
}): EventHandler {
  return idempotentAfterEffect(deps.store, deps.consumer, async (event: EventEnvelope) => {
    if (event.type !== 'pcn.directory.v1.UnitsChanged') return;
    if (event.source !== DIRECTORY_SOURCE)
      throw new PermanentEventError(`directory events come from the gateway, not ${event.source}`);
    const { units } = event.data as { units: { id: string; path: string[] }[] };
    try {
      await deps.putUnits(
        units.map((u) => ({ id: u.id, path: u.path })),
        { kind: 'service', id: DIRECTORY_SOURCE, roles: [] },
      );
    } catch (err) {
      // A refused tree is refused again on every delivery: dead-letter it at once.
      if (err instanceof InvalidArgumentError)
        throw new PermanentEventError(`units refused: ${err.message}`);
      throw err;
    }
  });
}

import type { Store, Transaction } from '@pcn/storage';
import type { EventEnvelope } from './envelope.js';
import type { EventHandler } from './event-consumer.js';

/**
 * Makes a handler's effect happen once per event: the inbox record `(consumer, eventId)` and the
 * effect commit in one transaction, so a redelivery (after a crash before the ack) finds the
 * record and changes nothing.
 */
export function idempotent(
  store: Store,
  consumer: string,
  effect: (tx: Transaction, event: EventEnvelope) => Promise<void>,
): EventHandler {
  return async (event) => {
    await store.transaction(async (tx) => {
      if (!(await tx.markProcessed(consumer, event.id))) return;
      await effect(tx, event);
    });
  };
}

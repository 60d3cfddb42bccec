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

/**
 * For an effect that spans several transactions and gives the same result when repeated (a put
 * of whole records): events already handled are skipped, and the inbox record is written once
 * the effect has committed. A crash in between repeats the effect on redelivery, which changes
 * nothing; an old event delivered again after newer ones is skipped, so it cannot undo them.
 */
export function idempotentAfterEffect(
  store: Store,
  consumer: string,
  effect: (event: EventEnvelope) => Promise<void>,
): EventHandler {
  return async (event) => {
    if (await store.isProcessed(consumer, event.id)) return;
    await effect(event);
    await store.transaction(async (tx) => {
      await tx.markProcessed(consumer, event.id);
    });
  };
}

import { isEventType, type BusNames } from '@pcn/events';
import { FailedPreconditionError } from '@pcn/platform';
import type { DeadLetterRecord } from './dead-letters.ports.js';

/**
 * Where a dead letter may be replayed: its original subject, and only if that is one of this
 * network's event or work subjects. A header is data; a forged one must not make the CLI publish
 * to a JetStream API subject or to another network. No I/O.
 */
export function replaySubject(names: BusNames, letter: DeadLetterRecord): string {
  const subject = letter.originalSubject;
  const type = names.typeOfSubject(subject);
  const ownPrefix = names.prefix === '' || subject.startsWith(`${names.prefix}.`);
  const isEvent = ownPrefix && isEventType(type);
  const isWork = ownPrefix && /^pcn\.work\.[a-z0-9-]+\.[A-Za-z0-9_-]+$/.test(type);
  if (!isEvent && !isWork)
    throw new FailedPreconditionError(
      `Dead letter ${letter.id} names "${subject.slice(0, 200)}" as its original subject, which is not an event or work subject of this network; it was not replayed (discard it with a reason)`,
      'NOT_REPLAYABLE',
    );
  return subject;
}

/**
 * The replay's Nats-Msg-Id: the same for every replay of one dead letter, so running replay twice
 * (or again after a crash) within the duplicate window stores the message once.
 */
export function replayMessageId(deadLetterStream: string, id: number): string {
  return `replay-${deadLetterStream}-${id}`;
}

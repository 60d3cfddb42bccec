import type { BusNames } from '@pcn/events';
import { NotFoundError, type Clock, type Logger } from '@pcn/platform';
import {
  deadLetterAudit,
  type AuditEntry,
  type AuditTrail,
  type DeadLetterStore,
  type Republisher,
} from './dead-letters.ports.js';
import { replayMessageId, replaySubject } from './replay-rules.js';

export interface ReplayDeadLetterDeps {
  names: BusNames;
  letters: DeadLetterStore;
  republisher: Republisher;
  audit: AuditTrail;
  logger: Logger;
  clock: Clock;
  operator: string;
}

/**
 * Republishes a dead letter's original bytes to its original subject, records the action in the
 * audit stream, then removes the dead letter. The consumers are idempotent, so a replay that
 * other consumers of the subject see again changes nothing for them. Safe to run again after a
 * failure at any step: the replay's message id makes JetStream store it once.
 */
export function createReplayDeadLetter(deps: ReplayDeadLetterDeps) {
  return async function replayDeadLetter(
    id: number,
  ): Promise<{ entry: AuditEntry; auditSeq: number }> {
    const letter = await deps.letters.get(id);
    if (!letter) throw new NotFoundError('Dead letter', String(id));
    const subject = replaySubject(deps.names, letter);
    const republished = await deps.republisher.republish(
      subject,
      letter.data,
      replayMessageId(deps.names.deadLetterStream, id),
      // The consumer that takes it again continues the original trace, not a new one.
      letter.traceparent,
    );
    const entry: AuditEntry = {
      ...deadLetterAudit('dead-letter-replayed', deps.clock.now(), deps.operator, id, letter),
      republished,
    };
    const auditSeq = await deps.audit.record(entry);
    await deps.letters.remove(id);
    // Ids, subject and stream only: the payload may hold personal data, the operator's name too.
    deps.logger.info(
      {
        deadLetterId: id,
        consumer: letter.consumer,
        subject,
        republishedStream: republished.stream,
        republishedSeq: republished.seq,
        duplicate: republished.duplicate,
        auditSeq,
      },
      'dead letter replayed',
    );
    return { entry, auditSeq };
  };
}

import { NotFoundError, parseInput, type Clock, type Logger } from '@pcn/platform';
import { z } from 'zod';
import {
  deadLetterAudit,
  type AuditEntry,
  type AuditTrail,
  type DeadLetterStore,
} from './dead-letters.ports.js';

/** A reason someone reading the audit later can understand; one line, no control characters. */
export const discardReasonSchema = z
  .string()
  .trim()
  .min(3, 'must say why, in at least 3 characters')
  .max(500, 'must be at most 500 characters')
  .regex(/^[^\p{Cc}]*$/u, 'must be one line without control characters');

export interface DiscardDeadLetterDeps {
  letters: DeadLetterStore;
  audit: AuditTrail;
  logger: Logger;
  clock: Clock;
  operator: string;
}

/**
 * Removes a dead letter for good, with the operator's reason kept in the audit stream (recorded
 * before the removal, so no discard goes unrecorded).
 */
export function createDiscardDeadLetter(deps: DiscardDeadLetterDeps) {
  return async function discardDeadLetter(
    id: number,
    rawReason: unknown,
  ): Promise<{ entry: AuditEntry; auditSeq: number }> {
    const reason = parseInput(discardReasonSchema, rawReason, 'reason');
    const letter = await deps.letters.get(id);
    if (!letter) throw new NotFoundError('Dead letter', String(id));
    const entry: AuditEntry = {
      ...deadLetterAudit('dead-letter-discarded', deps.clock.now(), deps.operator, id, letter),
      reason,
    };
    const auditSeq = await deps.audit.record(entry);
    await deps.letters.remove(id);
    // The reason stays in the audit record: free text may name a person.
    deps.logger.info(
      { deadLetterId: id, consumer: letter.consumer, subject: letter.originalSubject, auditSeq },
      'dead letter discarded',
    );
    return { entry, auditSeq };
  };
}

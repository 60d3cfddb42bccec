import { hasLoneSurrogate } from './document-rules.js';
import { InvalidArgumentError, TRACEPARENT_PATTERN, type FieldViolation } from '@pcn/platform';
import type { OutboxMessage } from './store.contract.js';

/** Longest `last_error` kept for a failed publish. */
export const MAX_ERROR_LENGTH = 1000;
/** Most messages one `pending` call returns. */
export const MAX_PENDING_BATCH = 10_000;

/** Cuts an error text to `max` UTF-16 units without splitting a surrogate pair. */
export function truncateError(error: string, max = MAX_ERROR_LENGTH): string {
  if (error.length <= max) return error;
  let end = max;
  const last = error.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return error.slice(0, end);
}

/**
 * The messages the relay may publish now: the unpublished rows in commit (seq) order, cut at the
 * first one whose retry time has not come. Stopping there keeps per-stream order: a message held
 * back for retry is never overtaken by the messages committed after it.
 */
export function duePrefix<M extends { nextAttemptAtMs: number | null }>(
  rowsInSeqOrder: readonly M[],
  now: Date,
): M[] {
  const nowMs = now.getTime();
  const out: M[] = [];
  for (const row of rowsInSeqOrder) {
    if (row.nextAttemptAtMs !== null && row.nextAttemptAtMs > nowMs) break;
    out.push(row);
  }
  return out;
}

/** Validates the relay's batch size. */
export function validatePendingLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PENDING_BATCH) {
    throw new InvalidArgumentError([
      { field: 'limit', description: `must be an integer from 1 to ${MAX_PENDING_BATCH}` },
    ]);
  }
  return limit;
}

/** Validates the sequence a pipelining relay reads past. */
export function validateAfterSeq(afterSeq: number): number {
  if (!Number.isSafeInteger(afterSeq) || afterSeq < 0) {
    throw new InvalidArgumentError([
      { field: 'afterSeq', description: 'must be a non-negative integer' },
    ]);
  }
  return afterSeq;
}

/** Validates a `Date` argument (an invalid date would corrupt the ordering of ISO timestamps). */
export function validateDate(value: Date, field: string): Date {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new InvalidArgumentError([{ field, description: 'must be a valid date' }]);
  }
  return value;
}

/** Validates messages for `enqueue`: non-empty string id and subject, string payload. */
export function validateOutboxMessages(messages: readonly OutboxMessage[]): void {
  const violations: FieldViolation[] = [];
  messages.forEach((message, i) => {
    if (typeof message.id !== 'string' || message.id.length === 0) {
      violations.push({ field: `messages[${i}].id`, description: 'must be a non-empty string' });
    }
    if (typeof message.subject !== 'string' || message.subject.length === 0) {
      violations.push({
        field: `messages[${i}].subject`,
        description: 'must be a non-empty string',
      });
    }
    if (typeof message.payload !== 'string') {
      violations.push({ field: `messages[${i}].payload`, description: 'must be a string' });
    }
    if (
      message.traceparent !== undefined &&
      (typeof message.traceparent !== 'string' || !TRACEPARENT_PATTERN.test(message.traceparent))
    ) {
      violations.push({
        field: `messages[${i}].traceparent`,
        description: 'must be a W3C traceparent (00-<32 hex>-<16 hex>-<2 hex>)',
      });
    }
  });
  if (violations.length > 0) throw new InvalidArgumentError(violations);
}

/** Validates lease arguments. */
export function validateLease(name: string, holder: string, ttlMs: number, now: Date): void {
  const violations: FieldViolation[] = [];
  if (typeof name !== 'string' || name.length === 0) {
    violations.push({ field: 'name', description: 'must be a non-empty string' });
  }
  if (typeof holder !== 'string' || holder.length === 0) {
    violations.push({ field: 'holder', description: 'must be a non-empty string' });
  }
  if (!Number.isInteger(ttlMs) || ttlMs < 1) {
    violations.push({ field: 'ttlMs', description: 'must be a positive integer' });
  }
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    violations.push({ field: 'now', description: 'must be a valid date' });
  }
  if (violations.length > 0) throw new InvalidArgumentError(violations);
}

/** Validates inbox arguments. */
export function validateInboxKey(consumer: string, eventId: string): void {
  const violations: FieldViolation[] = [];
  if (typeof consumer !== 'string' || consumer.length === 0) {
    violations.push({ field: 'consumer', description: 'must be a non-empty string' });
  }
  if (typeof eventId !== 'string' || eventId.length === 0) {
    violations.push({ field: 'eventId', description: 'must be a non-empty string' });
  }
  if (violations.length > 0) throw new InvalidArgumentError(violations);
}

/** The longest key `tx.guard()` takes. */
export const MAX_GUARD_KEY_LENGTH = 512;

/** Validates a `tx.guard()` key: 1 to 512 characters of well-formed text. */
export function validateGuardKey(key: string): void {
  if (
    typeof key !== 'string' ||
    key.length === 0 ||
    key.length > MAX_GUARD_KEY_LENGTH ||
    hasLoneSurrogate(key)
  ) {
    throw new InvalidArgumentError([
      {
        field: 'key',
        description: `must be 1 to ${MAX_GUARD_KEY_LENGTH} characters of well-formed text`,
      },
    ]);
  }
}

import type { ErasureAuditEntry } from './erasure.ports.js';
import type { UserAuditEntry } from './user-audit.js';
/** A message a consumer could not handle, as stored in the dead-letter stream. */
export interface DeadLetterRecord {
  /** Its sequence in the dead-letter stream: the id operators name it by. */
  id: number;
  consumer: string;
  reason: string;
  originalSubject: string;
  originalStream: string;
  originalSequence: number | undefined;
  deliveries: number | undefined;
  deadLetteredAt: string | undefined;
  /** The original message, byte for byte. */
  data: Uint8Array;
  /** The original message's W3C `traceparent` (tracing on), so a replay joins its trace. */
  traceparent: string | undefined;
}

export interface DeadLetterPage {
  letters: DeadLetterRecord[];
  /** Dead letters in the stream, listed or not. */
  total: number;
}

export interface DeadLetterStore {
  /** Oldest first, from `fromId` on. */
  list(limit: number, fromId?: number): Promise<DeadLetterPage>;
  get(id: number): Promise<DeadLetterRecord | undefined>;
  remove(id: number): Promise<void>;
}

export interface Republished {
  stream: string;
  seq: number;
  /** JetStream had it already (same replay id within the duplicate window): not stored twice. */
  duplicate: boolean;
}

export interface Republisher {
  /** Publishes to JetStream, with `msgId` as Nats-Msg-Id, and `traceparent` when given. */
  republish(
    subject: string,
    data: Uint8Array,
    msgId: string,
    traceparent?: string,
  ): Promise<Republished>;
}

export type AuditAction = 'dead-letter-replayed' | 'dead-letter-discarded';

/** An operator's action, as kept in the audit stream: what, on which message, who, why. */
export interface AuditEntry {
  action: AuditAction;
  at: string;
  /** Who ran the command: PCN_OPERATOR, else the OS account. */
  operator: string;
  deadLetterId: number;
  consumer: string;
  originalSubject: string;
  originalStream: string;
  originalSequence: number | undefined;
  /** The consumer's reason for giving up on the message. */
  failure: string;
  /** The operator's reason (discard). */
  reason?: string;
  republished?: Republished;
}

/** What every audit entry on a dead letter says: the action, when, who, and which message. */
export function deadLetterAudit(
  action: AuditAction,
  at: Date,
  operator: string,
  id: number,
  letter: DeadLetterRecord,
): AuditEntry {
  return {
    action,
    at: at.toISOString(),
    operator,
    deadLetterId: id,
    consumer: letter.consumer,
    originalSubject: letter.originalSubject,
    originalStream: letter.originalStream,
    originalSequence: letter.originalSequence,
    failure: letter.reason,
  };
}

export interface AuditTrail {
  /** Stores the entry; resolves with its sequence in the audit stream. */
  record(entry: AuditEntry | ErasureAuditEntry | UserAuditEntry): Promise<number>;
}

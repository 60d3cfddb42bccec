import type { ErasureAuditEntry } from '../app/erasure.ports.js';
import type { UserAuditEntry } from '../app/user-audit.js';
import {
  JetStreamApiError,
  type JetStreamClient,
  type JetStreamManager,
  type StoredMsg,
} from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import {
  DeadLetterHeaders,
  eraseStreamMessage,
  provisionAuditStream,
  type BusNames,
} from '@pcn/events';
import { TRACEPARENT_PATTERN, type Logger } from '@pcn/platform';
import type {
  AuditEntry,
  AuditTrail,
  DeadLetterPage,
  DeadLetterRecord,
  DeadLetterStore,
  Republisher,
} from '../app/dead-letters.ports.js';

function optionalNumber(value: string): number | undefined {
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

function toRecord(msg: StoredMsg): DeadLetterRecord {
  const h = msg.header;
  const get = (name: string) => h?.get(name) ?? '';
  return {
    id: msg.seq,
    consumer: get(DeadLetterHeaders.Consumer),
    reason: get(DeadLetterHeaders.Reason),
    originalSubject: get(DeadLetterHeaders.OriginalSubject),
    originalStream: get(DeadLetterHeaders.OriginalStream),
    originalSequence: optionalNumber(get(DeadLetterHeaders.OriginalSequence)),
    deliveries: optionalNumber(get(DeadLetterHeaders.Deliveries)),
    deadLetteredAt: get(DeadLetterHeaders.At) || msg.time.toISOString(),
    data: msg.data,
    traceparent: TRACEPARENT_PATTERN.test(get(DeadLetterHeaders.Traceparent))
      ? get(DeadLetterHeaders.Traceparent)
      : undefined,
  };
}

function isNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.status === 404;
}

/**
 * The dead-letter stream, read message by message by sequence (nats-server 2.9 has no batched
 * direct get). Gaps left by removed letters cost one request each.
 */
export function jetStreamDeadLetters(jsm: JetStreamManager, names: BusNames): DeadLetterStore {
  const stream = names.deadLetterStream;

  async function get(id: number): Promise<DeadLetterRecord | undefined> {
    try {
      const msg = await jsm.streams.getMessage(stream, { seq: id });
      return msg ? toRecord(msg) : undefined;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  return {
    get,
    async list(limit, fromId = 1): Promise<DeadLetterPage> {
      const { state } = await jsm.streams.info(stream);
      const letters: DeadLetterRecord[] = [];
      if (state.messages === 0) return { letters, total: 0 };
      for (let seq = Math.max(fromId, state.first_seq); seq <= state.last_seq; seq++) {
        if (letters.length >= limit) break;
        const letter = await get(seq);
        if (letter) letters.push(letter);
      }
      return { letters, total: state.messages };
    },
    async remove(id) {
      // Erased, not just unlinked: a letter is the original message byte for byte, and one of a
      // FeedbackReceived holds a reply address that erasure could no longer find once removed.
      // Removed already (a second run after a crash): the outcome is the same.
      await eraseStreamMessage(jsm, stream, id);
    },
  };
}

export function jetStreamRepublisher(js: JetStreamClient): Republisher {
  return {
    async republish(subject, data, msgId, traceparent) {
      let headers;
      if (traceparent !== undefined) {
        headers = natsHeaders();
        headers.set(DeadLetterHeaders.Traceparent, traceparent);
      }
      const ack = await js.publish(subject, data, {
        msgID: msgId,
        ...(headers ? { headers } : {}),
      });
      return { stream: ack.stream, seq: ack.seq, duplicate: ack.duplicate };
    },
  };
}

/** The audit stream (`AUDIT`): one JSON record per operator action, kept five years. */
export function jetStreamAuditTrail(
  js: JetStreamClient,
  jsm: JetStreamManager,
  names: BusNames,
  logger: Logger,
): AuditTrail {
  let provisioned = false;
  return {
    async record(entry: AuditEntry | ErasureAuditEntry | UserAuditEntry) {
      if (!provisioned) {
        // Created if missing (a network whose services predate it), never updated from here: the
        // services own its settings, replicas included.
        try {
          await jsm.streams.info(names.auditStream);
        } catch (err) {
          if (!isNotFound(err)) throw err;
          await provisionAuditStream(jsm, names, logger);
        }
        provisioned = true;
      }
      const h = natsHeaders();
      h.set('Content-Type', 'application/json');
      const ack = await js.publish(names.auditSubject(entry.action), JSON.stringify(entry), {
        headers: h,
        // One record per action on one dead letter, even if the command is run again.
        msgID:
          'deadLetterId' in entry
            ? `audit-${entry.action}-${entry.deadLetterId}`
            : 'erasureId' in entry
              ? `audit-${entry.action}-${entry.erasureId}`
              : `audit-${entry.action}-${entry.auditId}`,
      });
      return ack.seq;
    },
  };
}

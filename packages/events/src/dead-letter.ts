import { headers as natsHeaders } from '@nats-io/transport-node';
import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import { TRACEPARENT_PATTERN, type Logger } from '@pcn/platform';
import type { BusNames } from './names.js';

/** Headers on a dead letter; the body is the original message, byte for byte. */
export const DeadLetterHeaders = {
  Consumer: 'Pcn-Dead-Letter-Consumer',
  Reason: 'Pcn-Dead-Letter-Reason',
  OriginalSubject: 'Pcn-Original-Subject',
  OriginalStream: 'Pcn-Original-Stream',
  OriginalSequence: 'Pcn-Original-Sequence',
  Deliveries: 'Pcn-Deliveries',
  At: 'Pcn-Dead-Lettered-At',
  /** The original's W3C trace context, kept under its own name: a replay joins its trace. */
  Traceparent: 'traceparent',
} as const;

export interface DeadLetter {
  durable: string;
  reason: string;
  stream: string;
  streamSequence: number;
  subject: string;
  deliveries: number;
  data: Uint8Array;
  /** De-duplication id; defaults to one per consumer and original message. */
  msgId?: string;
  /** The original message's `traceparent` header, if it had a well-formed one. */
  traceparent?: string | undefined;
}

function headerValue(text: string): string {
  // Header values are single lines; keep reasons readable but bounded.
  return text.replace(/[\r\n]+/g, ' ').slice(0, 1000);
}

/**
 * Stores a message that can never be handled in the dead-letter stream, with the consumer and the
 * reason. The Msg-Id is derived from the consumer and the original sequence, so the handler path
 * and the max-deliveries advisory path never store the same dead letter twice.
 */
export async function publishDeadLetter(
  js: JetStreamClient,
  names: BusNames,
  letter: DeadLetter,
): Promise<void> {
  const h = natsHeaders();
  h.set(DeadLetterHeaders.Consumer, letter.durable);
  h.set(DeadLetterHeaders.Reason, headerValue(letter.reason));
  h.set(DeadLetterHeaders.OriginalSubject, letter.subject);
  h.set(DeadLetterHeaders.OriginalStream, letter.stream);
  h.set(DeadLetterHeaders.OriginalSequence, String(letter.streamSequence));
  h.set(DeadLetterHeaders.Deliveries, String(letter.deliveries));
  h.set(DeadLetterHeaders.At, new Date().toISOString());
  if (letter.traceparent !== undefined && TRACEPARENT_PATTERN.test(letter.traceparent))
    h.set(DeadLetterHeaders.Traceparent, letter.traceparent);
  await js.publish(names.deadLetterSubject(letter.durable), letter.data, {
    msgID: letter.msgId ?? `dl-${letter.durable}-${letter.stream}-${letter.streamSequence}`,
    headers: h,
  });
}

/**
 * Dead-letters a message a consumer holds and terminates it; if the dead letter cannot be stored,
 * the message is left for redelivery instead (never dropped).
 */
export async function deadLetterMessage(
  js: JetStreamClient,
  names: BusNames,
  durable: string,
  msg: JsMsg,
  reason: string,
  logger: Logger,
): Promise<void> {
  try {
    await publishDeadLetter(js, names, {
      durable,
      reason,
      stream: msg.info.stream,
      streamSequence: msg.seq,
      subject: msg.subject,
      deliveries: msg.info.deliveryCount,
      data: msg.data,
      traceparent: msg.headers?.get('traceparent'),
    });
    // No reason argument: `+TERM <reason>` needs nats-server 2.10; 2.9 ignores it and redelivers.
    msg.term();
    logger.error({ durable, streamSequence: msg.seq, reason }, 'message dead-lettered');
  } catch (err) {
    logger.error({ err, streamSequence: msg.seq }, 'dead-lettering failed; will retry');
    msg.nak(5000);
  }
}

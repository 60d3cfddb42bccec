import type { JsMsg } from '@nats-io/jetstream';
import { withSpan } from '@pcn/platform';

/**
 * Runs a consumer's `work` on `msg` in a consumer span that continues the trace in the message's
 * `traceparent` header (the relay's, with tracing on), or plainly when the message has none.
 */
export function inConsumerSpan<R>(
  msg: JsMsg,
  durable: string,
  messageId: string,
  work: () => Promise<R>,
): Promise<R> {
  const traceparent = msg.headers?.get('traceparent') || undefined;
  if (traceparent === undefined) return work();
  return withSpan(
    `${msg.subject} process`,
    {
      kind: 'consumer',
      traceparent,
      attributes: {
        'messaging.system': 'nats',
        'messaging.destination.name': msg.subject,
        'messaging.consumer.group.name': durable,
        'messaging.message.id': messageId,
      },
    },
    work,
  );
}

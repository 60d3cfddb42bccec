import type { JetStreamClient, JetStreamManager, JsMsg } from '@nats-io/jetstream';
import { runInContext, type Logger } from '@pcn/platform';
import { inConsumerSpan } from './consumer-span.js';
import type { EventType } from './catalogue.js';
import { deadLetterMessage, publishDeadLetter } from './dead-letter.js';
import { DEFAULT_STOP_TIMEOUT_MS, PullLoop } from './pull-loop.js';
import { decodeEvent, InvalidEventError, type EventEnvelope } from './envelope.js';
import type { BusNames } from './names.js';
import type { ConsumerSpec } from './provisioning.js';

/**
 * Thrown by a handler for an event that can never succeed, however often it is retried (for
 * example, it refers to something that cannot exist). The event is dead-lettered at once.
 */
export class PermanentEventError extends Error {
  override name = 'PermanentEventError';
}

export interface Delivery {
  /** 1 on first delivery. */
  deliveryCount: number;
  /** Tells JetStream the handler is still working, so it does not redeliver yet. */
  working(): void;
}

export type EventHandler = (event: EventEnvelope, delivery: Delivery) => Promise<void>;

export interface EventConsumerOptions {
  js: JetStreamClient;
  jsm: JetStreamManager;
  names: BusNames;
  spec: ConsumerSpec;
  /** Types this consumer handles; others in the stream are acknowledged and skipped. */
  types: readonly EventType[];
  handler: EventHandler;
  logger: Logger;
  /** Handlers running at once in this process. */
  concurrency?: number;
  /** Delay before the consume loop restarts after a failure. */
  restartDelayMs?: number;
  /** How long `stop()` waits for handlers in flight (PullLoop's default, 5 s). */
  stopTimeoutMs?: number;
}

/**
 * A durable pull consumer loop. It acknowledges only after the handler has returned (so the effect
 * has committed), `nak`s with a delay on transient failures, and terms and dead-letters events
 * that can never succeed. The loop restarts after failures until `stop()`.
 */
export class EventConsumer {
  readonly #options: Required<EventConsumerOptions>;
  readonly #types: Set<string>;
  readonly #loops: PullLoop[] = [];
  #handled = 0;

  constructor(options: EventConsumerOptions) {
    this.#options = {
      concurrency: 8,
      restartDelayMs: 1000,
      stopTimeoutMs: DEFAULT_STOP_TIMEOUT_MS,
      ...options,
    };
    this.#types = new Set(options.types);
  }

  /** Events handled and acknowledged since start. */
  get handled(): number {
    return this.#handled;
  }

  /** Times a consume loop has started again after a failure. */
  get restarts(): number {
    return this.#loops.reduce((n, loop) => n + loop.restarts, 0);
  }

  start(): void {
    if (this.#loops.length > 0) return;
    const { js, spec, names, concurrency, restartDelayMs, stopTimeoutMs, logger } = this.#options;
    this.#loops.push(
      new PullLoop({
        js,
        stream: spec.stream,
        durable: spec.durable,
        concurrency,
        restartDelayMs,
        stopTimeoutMs,
        logger,
        handle: (msg, signal) => this.#handle(msg, signal),
      }),
      new PullLoop({
        js,
        stream: names.advisoryStream,
        durable: names.deadLetterWatch(spec.durable),
        concurrency: 1,
        restartDelayMs,
        stopTimeoutMs,
        logger,
        handle: (msg) => this.#onMaxDeliveries(msg),
      }),
    );
    for (const loop of this.#loops) loop.start();
  }

  /**
   * Stops pulling and waits (at most `stopTimeoutMs`) for handlers in flight to finish and ack; a
   * message whose handler is still running is left for redelivery.
   */
  async stop(): Promise<void> {
    await Promise.all(this.#loops.map((loop) => loop.stop()));
  }

  async #handle(msg: JsMsg, stopping: AbortSignal): Promise<void> {
    const { spec, names } = this.#options;
    const deliveries = msg.info.deliveryCount;
    let event: EventEnvelope;
    try {
      const type = names.typeOfSubject(msg.subject);
      event = decodeEvent(msg.data);
      if (event.type !== type)
        throw new InvalidEventError(`type ${event.type} published on ${type}`, event.type);
    } catch (err) {
      await this.#deadLetter(msg, err instanceof Error ? err.message : 'undecodable event');
      return;
    }
    if (!this.#types.has(event.type)) {
      msg.ack();
      return;
    }
    // The handler's span (and the logs and events it writes) continue the trace that enqueued
    // the event (the relay's `traceparent` header).
    await inConsumerSpan(msg, spec.durable, event.id, () =>
      runInContext({ correlationId: event.correlationId, causationId: event.id }, () =>
        this.#run(msg, event, deliveries, stopping),
      ),
    );
  }

  async #run(
    msg: JsMsg,
    event: EventEnvelope,
    deliveries: number,
    stopping: AbortSignal,
  ): Promise<void> {
    const { spec, logger, handler } = this.#options;
    try {
      await handler(event, { deliveryCount: deliveries, working: () => msg.working() });
      await msg.ackAck().catch((err: unknown) => {
        // The effect committed; a lost ack means a redelivery that the inbox will skip.
        logger.warn({ err, eventId: event.id }, 'ack not confirmed');
      });
      this.#handled += 1;
    } catch (err) {
      if (err instanceof PermanentEventError || err instanceof InvalidEventError) {
        await this.#deadLetter(msg, err.message);
      } else if (deliveries >= spec.maxDeliver) {
        const reason = err instanceof Error ? err.message : String(err);
        await this.#deadLetter(msg, `failed after ${deliveries} deliveries: ${reason}`);
      } else if (stopping.aborted) {
        // The failure may be the shutdown's own (a wait given up, the store closing): the event
        // goes back at once, for another replica, instead of waiting out its backoff.
        logger.info(
          { err, eventId: event.id, deliveries },
          'handler stopped by shutdown; released',
        );
        msg.nak();
      } else {
        const delay = spec.backoffMs[deliveries - 1] ?? spec.backoffMs.at(-1) ?? 1000;
        logger.warn(
          { err, eventId: event.id, deliveries, retryInMs: delay },
          'handler failed; will retry',
        );
        msg.nak(delay);
      }
    }
  }

  async #deadLetter(msg: JsMsg, reason: string): Promise<void> {
    const { js, names, spec, logger } = this.#options;
    await deadLetterMessage(js, names, spec.durable, msg, reason, logger);
  }

  /**
   * A handler that crashed the process on its last delivery never reaches `#deadLetter`; JetStream
   * then announces MAX_DELIVERIES. Provisioning keeps those advisories in a stream, so this picks
   * them up even when they fired while no replica was running, and copies the original message to
   * the dead-letter stream (de-duplicated with the in-process path by its Msg-Id).
   */
  async #onMaxDeliveries(msg: JsMsg): Promise<void> {
    const { jsm, js, names, spec, logger } = this.#options;
    try {
      const advisory = msg.json<{ stream_seq?: number; deliveries?: number }>();
      const seq = advisory.stream_seq;
      if (typeof seq !== 'number') {
        msg.term();
        return;
      }
      const stored = await jsm.streams.getMessage(spec.stream, { seq }).catch(() => null);
      if (stored) {
        await publishDeadLetter(js, names, {
          durable: spec.durable,
          reason: `no ack after ${advisory.deliveries ?? spec.maxDeliver} deliveries (handler crashed or timed out)`,
          stream: spec.stream,
          streamSequence: seq,
          subject: stored.subject,
          deliveries: advisory.deliveries ?? spec.maxDeliver,
          data: stored.data,
          traceparent: stored.header?.get('traceparent'),
        });
        logger.error(
          { durable: spec.durable, streamSequence: seq },
          'event dead-lettered after max deliveries',
        );
      } else {
        logger.error(
          { durable: spec.durable, streamSequence: seq },
          'max deliveries reached; message no longer in stream',
        );
      }
      msg.ack();
    } catch (err) {
      logger.error({ err }, 'could not dead-letter after max deliveries; will retry');
      msg.nak(5000);
    }
  }
}

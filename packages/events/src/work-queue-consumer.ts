import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { Logger } from '@pcn/platform';
import { inConsumerSpan } from './consumer-span.js';
import { deadLetterMessage } from './dead-letter.js';
import { PermanentEventError } from './event-consumer.js';
import { DEFAULT_STOP_TIMEOUT_MS, PullLoop } from './pull-loop.js';
import type { BusNames } from './names.js';
import type { ConsumerSpec } from './provisioning.js';

export interface WorkContext {
  /** 1 on first delivery. */
  deliveryCount: number;
  /** Tells JetStream the handler is still working, so it does not redeliver yet. */
  working(): void;
}

/** Handles one work item (parsed JSON); it is acknowledged when the handler returns. */
export type WorkHandler = (item: unknown, context: WorkContext) => Promise<void>;

export interface WorkQueueConsumerOptions {
  js: JetStreamClient;
  names: BusNames;
  spec: ConsumerSpec;
  handler: WorkHandler;
  logger: Logger;
  /** Items handled at once in this process. */
  concurrency?: number;
  restartDelayMs?: number;
  /** How long `stop()` waits for items in flight (PullLoop's default, 5 s). */
  stopTimeoutMs?: number;
}

/**
 * A pull consumer on a work-queue stream. Items are acknowledged (and so removed) after the
 * handler returned; a failing handler is retried with the spec's backoff, and an item that fails
 * `maxDeliver` times, is not JSON, or throws `PermanentEventError`, is dead-lettered. Handlers
 * must be idempotent: an item is redelivered when its process crashed before the ack.
 */
export class WorkQueueConsumer {
  readonly #options: Required<WorkQueueConsumerOptions>;
  readonly #loop: PullLoop;
  #handled = 0;

  constructor(options: WorkQueueConsumerOptions) {
    this.#options = {
      ...options,
      concurrency: options.concurrency ?? 2,
      restartDelayMs: options.restartDelayMs ?? 1000,
      stopTimeoutMs: options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS,
    };
    const { js, spec, concurrency, restartDelayMs, stopTimeoutMs, logger } = this.#options;
    this.#loop = new PullLoop({
      js,
      stream: spec.stream,
      durable: spec.durable,
      concurrency,
      restartDelayMs,
      stopTimeoutMs,
      logger,
      handle: (msg, signal) => this.#handle(msg, signal),
    });
  }

  get handled(): number {
    return this.#handled;
  }

  start(): void {
    this.#loop.start();
  }

  /**
   * Stops pulling and waits (at most `stopTimeoutMs`) for items in flight to finish and ack; an
   * item whose handler is still running is left for redelivery.
   */
  stop(): Promise<void> {
    return this.#loop.stop();
  }

  async #handle(msg: JsMsg, stopping: AbortSignal): Promise<void> {
    let item: unknown;
    try {
      item = msg.json();
    } catch {
      await this.#deadLetter(msg, 'work item is not JSON');
      return;
    }
    // The work continues the trace that planned it (the relay's `traceparent` header).
    await inConsumerSpan(
      msg,
      this.#options.spec.durable,
      msg.headers?.get('Nats-Msg-Id') ?? '',
      () => this.#run(msg, item, stopping),
    );
  }

  async #run(msg: JsMsg, item: unknown, stopping: AbortSignal): Promise<void> {
    const { spec, logger, handler } = this.#options;
    const deliveries = msg.info.deliveryCount;
    try {
      await handler(item, { deliveryCount: deliveries, working: () => msg.working() });
      await msg.ackAck().catch((err: unknown) => {
        // The effect committed; a lost ack means a redelivery the handler must tolerate.
        logger.warn({ err, streamSequence: msg.seq }, 'work ack not confirmed');
      });
      this.#handled += 1;
    } catch (err) {
      if (err instanceof PermanentEventError) {
        await this.#deadLetter(msg, err.message);
        return;
      }
      if (deliveries >= spec.maxDeliver) {
        const reason = err instanceof Error ? err.message : String(err);
        await this.#deadLetter(msg, `failed after ${deliveries} deliveries: ${reason}`);
        return;
      }
      if (stopping.aborted) {
        // Possibly the shutdown's own failure: back at once, for another replica.
        logger.info(
          { err, streamSequence: msg.seq, deliveries },
          'work stopped by shutdown; released',
        );
        msg.nak();
        return;
      }
      const delay = spec.backoffMs[deliveries - 1] ?? spec.backoffMs.at(-1) ?? 1000;
      logger.warn(
        { err, streamSequence: msg.seq, deliveries, retryInMs: delay },
        'work failed; will retry',
      );
      msg.nak(delay);
    }
  }

  async #deadLetter(msg: JsMsg, reason: string): Promise<void> {
    const { js, names, spec, logger } = this.#options;
    await deadLetterMessage(js, names, spec.durable, msg, reason, logger);
  }
}

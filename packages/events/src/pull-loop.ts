import type { JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { Logger } from '@pcn/platform';

export interface PullLoopOptions {
  js: JetStreamClient;
  stream: string;
  durable: string;
  /** Messages handled at once. */
  concurrency: number;
  /** Delay before the loop binds again after a failure. */
  restartDelayMs: number;
  /**
   * How long `stop()` waits for handlers in flight; default 5 s. A handler still running then is
   * left behind with its message unacknowledged, so JetStream redelivers it after the ack wait.
   */
  stopTimeoutMs?: number;
  logger: Logger;
  /** `signal` is aborted when `stop()` begins: waits of the handler's own should give up. */
  handle: (msg: JsMsg, signal: AbortSignal) => Promise<void>;
}

/**
 * How long a pull request stays open. Short: a stopped or crashed replica's open pull takes the
 * messages the server sends it (redeliveries too) until it expires.
 */
const PULL_EXPIRES_MS = 5000;

/** `stop()`'s wait for handlers in flight when the options name none. */
export const DEFAULT_STOP_TIMEOUT_MS = 5000;

/**
 * Pulls from one durable consumer and hands each message to `handle`, at most `concurrency` at a
 * time, until `stop()`. A deleted consumer or stream, or any failure, ends the iteration; the loop
 * then binds again after a delay, instead of pulling from nothing forever.
 */
export class PullLoop {
  readonly #options: PullLoopOptions;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #iterators = new Set<{ close(): Promise<void | Error> }>();
  readonly #stopping = new AbortController();
  /** Resolves when `stop()` begins, so no wait inside the loop outlasts it. */
  readonly #stopped: Promise<void>;
  #loop: Promise<void> | undefined;
  #restarts = 0;

  constructor(options: PullLoopOptions) {
    this.#options = options;
    this.#stopped = new Promise((resolve) =>
      this.#stopping.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
  }

  /** Times the loop has started again after a failure. */
  get restarts(): number {
    return this.#restarts;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /**
   * Stops pulling and waits, at most `stopTimeoutMs`, for the handlers in flight to finish (and
   * ack). Messages pulled but not yet handed to a handler go back to the consumer (`nak`) as soon
   * as this loop's pulls have expired; a handler still running at the deadline keeps its message
   * unacknowledged, for redelivery after the ack wait.
   */
  async stop(): Promise<void> {
    const { durable, logger, stopTimeoutMs = DEFAULT_STOP_TIMEOUT_MS } = this.#options;
    this.#stopping.abort();
    // Not awaited: the iterator closes once the loop reads on, which a busy handler may delay.
    for (const it of this.#iterators) void it.close();
    const finished = (async () => {
      await this.#loop;
      await Promise.allSettled(this.#inFlight);
    })();
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([
      finished.then(() => true),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), stopTimeoutMs))),
    ]);
    clearTimeout(timer);
    if (!inTime)
      logger.warn(
        { durable, running: this.#inFlight.size, stopTimeoutMs },
        'handlers still running at shutdown; their messages are left for redelivery',
      );
  }

  async #run(): Promise<void> {
    const { js, stream, durable, concurrency, restartDelayMs, logger, handle } = this.#options;
    const { signal } = this.#stopping;
    while (!signal.aborted) {
      try {
        const consumer = await js.consumers.get(stream, durable);
        const messages = await consumer.consume({
          max_messages: concurrency * 2,
          abort_on_missing_resource: true,
          expires: PULL_EXPIRES_MS,
        });
        this.#iterators.add(messages);
        // Stopped while binding: the close is read by the loop below, which then ends.
        if (signal.aborted) void messages.close();
        try {
          for await (const msg of messages) {
            if (signal.aborted) {
              // Pulled but not started: back to the consumer for another replica, once this
              // loop's own open pulls (which would swallow it) have expired, not after the ack wait.
              msg.nak(PULL_EXPIRES_MS);
              continue;
            }
            const task = handle(msg, signal).finally(() => this.#inFlight.delete(task));
            this.#inFlight.add(task);
            if (this.#inFlight.size >= concurrency)
              await Promise.race([...this.#inFlight, this.#stopped]);
          }
        } finally {
          this.#iterators.delete(messages);
        }
      } catch (err) {
        if (signal.aborted) break;
        logger.error({ err, durable }, 'consume loop failed; restarting');
      }
      if (!signal.aborted) {
        this.#restarts += 1;
        await Promise.race([
          new Promise((r) => setTimeout(r, restartDelayMs).unref()),
          this.#stopped,
        ]);
      }
    }
  }
}

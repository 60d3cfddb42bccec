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
  logger: Logger;
  handle: (msg: JsMsg) => Promise<void>;
}

/**
 * Pulls from one durable consumer and hands each message to `handle`, at most `concurrency` at a
 * time, until `stop()`. A deleted consumer or stream, or any failure, ends the iteration; the loop
 * then binds again after a delay, instead of pulling from nothing forever.
 */
export class PullLoop {
  readonly #options: PullLoopOptions;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #iterators = new Set<{ close(): Promise<void | Error> }>();
  #loop: Promise<void> | undefined;
  #stopping = false;
  #restarts = 0;

  constructor(options: PullLoopOptions) {
    this.#options = options;
  }

  /** Times the loop has started again after a failure. */
  get restarts(): number {
    return this.#restarts;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Stops pulling, waits for handlers in flight to finish, then returns. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await Promise.all([...this.#iterators].map((it) => it.close()));
    await this.#loop;
    await Promise.allSettled(this.#inFlight);
  }

  async #run(): Promise<void> {
    const { js, stream, durable, concurrency, restartDelayMs, logger, handle } = this.#options;
    while (!this.#stopping) {
      try {
        const consumer = await js.consumers.get(stream, durable);
        const messages = await consumer.consume({
          max_messages: concurrency * 2,
          abort_on_missing_resource: true,
          // Short-lived pull requests: a crashed replica's open pull swallows redeliveries until
          // it expires, so keep that window small.
          expires: 5000,
        });
        this.#iterators.add(messages);
        if (this.#stopping) await messages.close();
        try {
          for await (const msg of messages) {
            const task = handle(msg).finally(() => this.#inFlight.delete(task));
            this.#inFlight.add(task);
            if (this.#inFlight.size >= concurrency) await Promise.race(this.#inFlight);
          }
        } finally {
          this.#iterators.delete(messages);
        }
      } catch (err) {
        if (this.#stopping) break;
        logger.error({ err, durable }, 'consume loop failed; restarting');
      }
      if (!this.#stopping) {
        this.#restarts += 1;
        await new Promise((r) => setTimeout(r, restartDelayMs));
      }
    }
  }
}

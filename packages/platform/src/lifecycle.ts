import type { Logger } from './logger.js';
import { shutdownTracing } from './tracing.js';

type Disposer = () => Promise<void> | void;

/**
 * Owns shutdown. Resources are registered as they are created and disposed in reverse order, so
 * the composition root's order (store → NATS → consumers → servers → readiness) unwinds as
 * readiness off → stop new work and finish in-flight → drain NATS → close the store. A hard timeout
 * ends the process if a step hangs.
 */
export class Lifecycle {
  readonly #logger: Logger;
  readonly #timeoutMs: number;
  readonly #stack: { name: string; dispose: Disposer }[] = [];
  #shutdown: Promise<void> | undefined;

  constructor(logger: Logger, timeoutMs: number) {
    this.#logger = logger;
    this.#timeoutMs = timeoutMs;
  }

  /** Registers a step of shutdown; later registrations run first. */
  defer(name: string, dispose: Disposer): void {
    this.#stack.push({ name, dispose });
  }

  /** Disposes everything once; a second call returns the same promise. */
  shutdown(reason: string): Promise<void> {
    this.#shutdown ??= this.#run(reason);
    return this.#shutdown;
  }

  async #run(reason: string): Promise<void> {
    this.#logger.info({ reason }, 'shutting down');
    let failed = false;
    for (const { name, dispose } of this.#stack.reverse()) {
      try {
        await dispose();
        this.#logger.info({ step: name }, 'shutdown step done');
      } catch (err) {
        failed = true;
        this.#logger.error({ err, step: name }, 'shutdown step failed');
      }
    }
    if (failed) throw new Error('shutdown finished with errors');
  }

  /** SIGTERM and SIGINT shut down gracefully, then exit 0; a hang past the timeout exits 1. */
  exitOnSignals(): void {
    const onSignal = (signal: NodeJS.Signals) => {
      const timer = setTimeout(() => {
        this.#logger.error({ timeoutMs: this.#timeoutMs }, 'shutdown timed out; exiting');
        process.exit(1);
      }, this.#timeoutMs);
      timer.unref();
      // Spans still batched go out last (a no-op when tracing is off).
      this.shutdown(signal).then(
        async () => {
          await shutdownTracing();
          this.#logger.info('stopped');
          process.exit(0);
        },
        async () => {
          await shutdownTracing();
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
}

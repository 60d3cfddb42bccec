import type { Logger } from '@pcn/platform';
import type { Store } from '@pcn/storage';

/** SQLite: another connection holds the lock, or the file cannot be written for now. */
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|PROTOCOL|CANTOPEN)/;
/** MongoDB driver errors that mean the server could not be reached or could not take the write. */
const MONGO_UNAVAILABLE = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoWriteConcernError',
  'MongoPoolClearedError',
]);
/** Server codes the MongoDB retryable-writes specification lists (not primary, shutting down, ...). */
const MONGO_RETRYABLE_CODES = new Set([
  6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436, 63, 150,
]);
const MONGO_LABELS = ['TransientTransactionError', 'RetryableWriteError', 'ResetPool'];

/**
 * Whether an error means the store is out of reach for a while (locked, unreachable, failing
 * over), rather than that the operation itself is wrong. Such errors are waited out: they never
 * count as a delivery attempt nor as a failed work item, which would dead-letter work that only
 * had to wait. Causes are followed, since adapters wrap driver errors.
 */
export function isStoreUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 8; depth += 1) {
    const { code, name } = e as { code?: unknown; name: string };
    if (typeof code === 'string' && SQLITE_UNAVAILABLE.test(code)) return true;
    if (MONGO_UNAVAILABLE.has(name)) return true;
    if (typeof code === 'number' && name.startsWith('Mongo') && MONGO_RETRYABLE_CODES.has(code))
      return true;
    const hasLabel = (e as { hasErrorLabel?: unknown }).hasErrorLabel;
    if (
      typeof hasLabel === 'function' &&
      MONGO_LABELS.some((label) => (hasLabel as (l: string) => boolean).call(e, label))
    )
      return true;
    e = e.cause;
  }
  return false;
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface StoreOutageOptions {
  /** A small write that succeeds only when the store takes writes (a lease renewal). */
  probe: () => Promise<unknown>;
  /**
   * Whether an operation is waiting right now for a lock another connection holds (the store's
   * `waitingForLock`); default never.
   */
  waitingForLock?: () => boolean;
  logger: Logger;
  /** Aborted on shutdown: waiters give up. */
  signal?: AbortSignal;
  /** First pause between probes, doubled up to `maxDelayMs`; defaults 500 ms and 5 s. */
  delayMs?: number;
  maxDelayMs?: number;
}

/**
 * The store's availability as a service sees it. Once something meets a store
 * outage, one probe loop tries a small write now and then, and every waiter waits for that probe
 * instead of trying its own writes: a locked SQLite file blocks the process for its whole busy
 * timeout on every try, so many waiters trying each would leave no time for anything else
 * (heartbeats to NATS included). Components that poll the store skip their passes meanwhile.
 */
export class StoreOutage {
  readonly #options: StoreOutageOptions;
  #back: Promise<void> | undefined;
  #since = 0;

  constructor(options: StoreOutageOptions) {
    this.#options = options;
  }

  /** Whether an outage is known and not yet over. */
  get down(): boolean {
    return this.#back !== undefined;
  }

  /**
   * Whether the store is busy: an operation waits for another connection's lock, and every other
   * one queues behind it. Not yet an outage (that starts when the wait runs out), but the work
   * waiting is not stuck either.
   */
  get busy(): boolean {
    return this.#options.waitingForLock?.() ?? false;
  }

  /** Records that an operation met an outage (`isStoreUnavailable`), starting the probe. */
  report(err: unknown): void {
    if (this.#back || this.#options.signal?.aborted) return;
    this.#since = Date.now();
    this.#options.logger.warn({ err }, 'store unavailable; holding work until it is back');
    this.#back = this.#probeLoop().finally(() => (this.#back = undefined));
  }

  /** Resolves once the store takes writes again (at once when no outage is known). */
  async back(): Promise<void> {
    await this.#back;
  }

  async #probeLoop(): Promise<void> {
    const { probe, logger, signal } = this.#options;
    let delay = this.#options.delayMs ?? 500;
    const maxDelay = this.#options.maxDelayMs ?? 5000;
    for (;;) {
      await pause(delay, signal);
      if (signal?.aborted) return;
      try {
        await probe();
        logger.info({ waitedMs: Date.now() - this.#since }, 'store available again; resuming');
        return;
      } catch (err) {
        // Anything else is for the operations themselves to meet and report.
        if (!isStoreUnavailable(err)) return;
        delay = Math.min(delay * 2, maxDelay);
      }
    }
  }
}

export interface StoreWaitOptions {
  outage: StoreOutage;
  /** Told while waiting, so the message being handled is not redelivered meanwhile. */
  working: () => void;
  /** How often to tell it; below the message's ack wait. */
  heartbeatMs: number;
  /** Aborted on shutdown: the wait gives up and the error goes to the caller. */
  signal?: AbortSignal;
}

/**
 * Runs `op`, and while it fails because the store is unavailable, waits for the store to be back
 * (telling NATS the message is still being worked on) and runs it again, until it succeeds or
 * shutdown begins. Any other error goes to the caller at once. `op` must be safe to repeat: a
 * store transaction that failed left nothing behind.
 *
 * While `op` runs, NATS is also told whenever the store is busy (a lock held elsewhere, which
 * SQLite waits out for up to its 5 s busy timeout before it fails): without that, a retry
 * schedule with waits shorter than the busy timeout would see the message redelivered, and its
 * deliveries run out, while the store was merely busy. A handler slow for any other reason still
 * meets its ack wait.
 */
export async function whileStoreUnavailable<T>(
  op: () => Promise<T>,
  options: StoreWaitOptions,
): Promise<T> {
  const { outage, working, heartbeatMs, signal } = options;
  for (;;) {
    // Known to be down: wait with everyone else rather than block on a try of our own.
    if (outage.down) await waitWorking(outage, working, heartbeatMs);
    const whileBusy = setInterval(() => {
      if (outage.busy) working();
    }, heartbeatMs);
    try {
      return await op();
    } catch (err) {
      if (!isStoreUnavailable(err) || signal?.aborted) throw err;
      clearInterval(whileBusy);
      outage.report(err);
      await waitWorking(outage, working, heartbeatMs);
      if (signal?.aborted) throw err;
    } finally {
      clearInterval(whileBusy);
    }
  }
}

async function waitWorking(outage: StoreOutage, working: () => void, everyMs: number) {
  working();
  const heartbeat = setInterval(working, everyMs);
  try {
    await outage.back();
  } finally {
    clearInterval(heartbeat);
  }
  working();
}

/** A `StoreOutage` whose probe renews a lease of its own: the smallest write the store has. */
export function storeOutage(
  store: Store,
  holder: string,
  logger: Logger,
  signal?: AbortSignal,
  lease = 'store-probe',
): StoreOutage {
  return new StoreOutage({
    probe: () => store.acquireLease(lease, holder, 1000, new Date()),
    waitingForLock: () => store.waitingForLock,
    logger,
    signal,
  });
}

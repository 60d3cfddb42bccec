import type { Clock, Logger } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import type { GroupingOutcome } from '../app/duplicates/assign-groups.usecase.js';

export interface GroupingWorkerOptions {
  store: Pick<Store, 'acquireLease' | 'releaseLease'>;
  /** Groups the next batch of ungrouped comments (`createAssignGroups`). */
  assignGroups: (limit: number) => Promise<GroupingOutcome>;
  logger: Logger;
  clock: Clock;
  /** Identifies this replica for the lease. */
  holder: string;
  /** Comments per batch (one transaction each). */
  batchSize?: number;
  /** How often it looks for ungrouped comments when nobody called `notify()`. */
  intervalMs?: number;
  /**
   * How long a nudge waits for more comments before the round starts: under a stream of intake
   * commits one round then groups many comments instead of a few each time.
   */
  settleMs?: number;
  leaseTtlMs?: number;
  /** Told after each batch commits (metrics; tests stop the worker between two batches). */
  onBatch?: (outcome: GroupingOutcome) => void;
  /** While it returns true (a store outage being waited out), the worker leaves the store alone. */
  holdWhile?: () => boolean;
}

const LEASE = 'feedback-grouping';

/**
 * Groups comments just after intake: woken after each commit (`notify`) and on a timer, it runs
 * batches until none is left. One replica at a time, under a store lease, because a comment's group
 * depends on the comments grouped before it. A batch is one transaction, so stopping or crashing
 * mid-way loses nothing and groups nothing twice.
 */
export class GroupingWorker {
  readonly #options: Required<Omit<GroupingWorkerOptions, 'onBatch' | 'holdWhile'>> &
    Pick<GroupingWorkerOptions, 'onBatch' | 'holdWhile'>;
  #running: Promise<void> | undefined;
  #stopping = false;
  #woken = false;
  #wake: (() => void) | undefined;
  #grouped = 0;
  /** When this replica last took or renewed the lease (0: not held). */
  #renewedAt = 0;

  constructor(options: GroupingWorkerOptions) {
    this.#options = {
      batchSize: 500,
      intervalMs: 5_000,
      settleMs: 100,
      leaseTtlMs: 30_000,
      ...options,
    };
  }

  /** Comments this replica has grouped since it started. */
  get grouped(): number {
    return this.#grouped;
  }

  start(): void {
    this.#running ??= this.#loop().catch((err: unknown) => {
      this.#options.logger.fatal({ err }, 'grouping worker stopped unexpectedly');
    });
  }

  /** Wakes the worker shortly (`settleMs`), for example right after intake commits. */
  notify(): void {
    if (this.#woken) return;
    this.#woken = true;
    const wake = this.#wake;
    if (wake) setTimeout(wake, this.#options.settleMs).unref();
  }

  /** Finishes the batch in progress, then stops and gives up the lease. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#woken = true;
    this.#wake?.();
    await this.#running;
    await this.#options.store.releaseLease(LEASE, this.#options.holder).catch(() => undefined);
  }

  async #sleep(ms: number): Promise<void> {
    // A commit that landed while a round ran wakes the next one at once.
    if (this.#woken || this.#stopping) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#wake = undefined;
  }

  async #loop(): Promise<void> {
    const { store, holder, leaseTtlMs, intervalMs, logger } = this.#options;
    while (!this.#stopping) {
      this.#woken = false;
      if (this.#options.holdWhile?.()) {
        await this.#sleep(intervalMs);
        continue;
      }
      try {
        // A lease write per round would cost as much as the round: renew it only when a third
        // of it has passed, as the outbox relay does.
        const now = this.#options.clock.now();
        if (now.getTime() - this.#renewedAt > leaseTtlMs / 3) {
          if (!(await store.acquireLease(LEASE, holder, leaseTtlMs, now))) {
            // Another replica groups; try again once its lease could have lapsed.
            this.#renewedAt = 0;
            this.#woken = false;
            await this.#sleep(Math.max(intervalMs, leaseTtlMs / 3));
            continue;
          }
          this.#renewedAt = now.getTime();
        }
        await this.#drain();
      } catch (err) {
        this.#renewedAt = 0;
        logger.error({ err }, 'grouping round failed; retrying');
        this.#woken = false;
        await this.#sleep(Math.min(intervalMs, 1000));
        continue;
      }
      await this.#sleep(intervalMs);
    }
  }

  /** Batches until none is left, renewing the lease as it goes. */
  async #drain(): Promise<void> {
    const { store, holder, leaseTtlMs, batchSize, clock, logger } = this.#options;
    while (!this.#stopping) {
      const now = clock.now();
      if (now.getTime() - this.#renewedAt > leaseTtlMs / 3) {
        if (!(await store.acquireLease(LEASE, holder, leaseTtlMs, now))) {
          this.#renewedAt = 0;
          return;
        }
        this.#renewedAt = now.getTime();
      }
      const outcome = await this.#options.assignGroups(batchSize);
      if (outcome.grouped === 0) return;
      this.#grouped += outcome.grouped;
      logger.debug(outcome, 'comments grouped');
      this.#options.onBatch?.(outcome);
    }
  }
}

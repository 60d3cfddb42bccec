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

  constructor(options: GroupingWorkerOptions) {
    this.#options = { batchSize: 500, intervalMs: 5_000, leaseTtlMs: 30_000, ...options };
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

  /** Wakes the worker now, for example right after intake commits. */
  notify(): void {
    this.#woken = true;
    this.#wake?.();
  }

  /** Finishes the batch in progress, then stops and gives up the lease. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.notify();
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
        if (!(await store.acquireLease(LEASE, holder, leaseTtlMs, this.#options.clock.now()))) {
          // Another replica groups; try again once its lease could have lapsed.
          this.#woken = false;
          await this.#sleep(Math.max(intervalMs, leaseTtlMs / 3));
          continue;
        }
        await this.#drain();
      } catch (err) {
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
    let renewedAt = clock.now().getTime();
    while (!this.#stopping) {
      const now = clock.now();
      if (now.getTime() - renewedAt > leaseTtlMs / 3) {
        if (!(await store.acquireLease(LEASE, holder, leaseTtlMs, now))) return;
        renewedAt = now.getTime();
      }
      const outcome = await this.#options.assignGroups(batchSize);
      if (outcome.grouped === 0) return;
      this.#grouped += outcome.grouped;
      logger.debug(outcome, 'comments grouped');
      this.#options.onBatch?.(outcome);
    }
  }
}

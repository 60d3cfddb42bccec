import { ConflictError, withSpan, type Clock, type Logger } from '@pcn/platform';
import type { Store, Stored } from '@pcn/storage';
import { audiencePasses } from '../app/audience.js';
import { DEFAULT_REDRIVE_AFTER_MS, redriveAt } from '../app/delivery-policy.js';
import { planBatch, plannedWork } from '../app/fanout-plan.js';
import type { FanoutRecord, FanoutRepository } from '../app/notification.ports.js';
import { isStoreUnavailable, type StoreOutage } from '@pcn/service-kit';

export interface FanoutRunnerOptions {
  repo: FanoutRepository;
  /** Leases keep replicas from running one fan-out at once. */
  leases: Pick<Store, 'acquireLease' | 'releaseLease'>;
  logger: Logger;
  clock: Clock;
  holder: string;
  /** Subscribers read per batch (one transaction each). */
  batchSize: number;
  /** Local time (`HH:MM`, Asia/Ho_Chi_Minh) daily digests go out. */
  digestAt: string;
  /** Called after each committed batch, so the relay publishes its work items at once. */
  onCommit: () => void;
  /** How often to look for unfinished fan-outs when not told (a crash-left one, another replica's). */
  pollMs?: number;
  /** How long planned work may wait for a worker before it is queued again; default 15 min. */
  redriveAfterMs?: number;
  /** While the store is known to be unavailable, runs wait for it to be back. */
  outage?: StoreOutage;
}

/**
 * Turns notifiable events into planned deliveries. The consumer records each event as a fan-out
 * (once, through the inbox); this runner then streams the audience from the store in batches, and
 * for every batch commits, in one transaction: the work items for the channel queues (an event and
 * its subscribers), a planned-work record for each of them, the digest entries, and the fan-out's
 * cursor. A crash or a store outage between batches resumes after the last committed one, so
 * nobody is planned twice and no subscriber is ever loaded all at once. The channel workers record
 * each delivery, keyed by event, subscriber and channel, when they attempt it, and then drop the
 * planned-work record; one still there past its due time (its work item was lost) is queued again
 * by the due scheduler. A lease per fan-out keeps replicas apart.
 */
export class FanoutRunner {
  readonly #options: FanoutRunnerOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopping = false;
  #resumeQueued = false;

  constructor(options: FanoutRunnerOptions) {
    this.#options = options;
  }

  start(): void {
    this.#timer = setInterval(() => this.kick(), this.#options.pollMs ?? 2000);
    this.kick();
  }

  /** Runs unfinished fan-outs now (again, if a run is in progress). */
  kick(): void {
    if (this.#stopping) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    const { outage, logger } = this.#options;
    // Each try at a locked SQLite file blocks for its busy timeout: wait for the outage's probe,
    // then carry on from the fan-outs' cursors.
    if (outage?.down) {
      if (!this.#resumeQueued) {
        this.#resumeQueued = true;
        void outage.back().then(() => {
          this.#resumeQueued = false;
          this.kick();
        });
      }
      return;
    }
    this.#running = this.#runAll()
      .catch((err: unknown) => {
        if (isStoreUnavailable(err)) {
          outage?.report(err);
          logger.warn({ err }, 'fan-out: store unavailable; will resume once it is back');
        } else logger.error({ err }, 'fan-out run failed; will retry');
      })
      .finally(() => {
        this.#running = undefined;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    clearInterval(this.#timer);
    await this.#running;
  }

  /** Resolves when no fan-out is running or left (for tests and the benchmark). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async #runAll(): Promise<void> {
    for (const fanout of await this.#options.repo.runningFanouts(50)) {
      if (this.#stopping) return;
      await this.#run(fanout.id);
    }
  }

  async #run(id: string): Promise<void> {
    const { leases, holder, logger } = this.#options;
    const lease = `fanout:${id}`;
    const leaseMs = 30_000;
    if (!(await leases.acquireLease(lease, holder, leaseMs, this.#options.clock.now()))) return;
    try {
      let done = false;
      while (!done && !this.#stopping) {
        if (!(await leases.acquireLease(lease, holder, leaseMs, this.#options.clock.now()))) return;
        done = await this.#batch(id);
        // SQLite calls complete synchronously: without a turn of the event loop between
        // batches, a big fan-out would keep the channel workers (NATS I/O) waiting until it ends.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (done) logger.info({ eventId: id }, 'fan-out complete');
    } catch (err) {
      if (err instanceof ConflictError) return; // another replica moved it on
      throw err;
    } finally {
      await leases.releaseLease(lease, holder).catch(() => undefined);
    }
  }

  /** One batch of subscribers; returns true when the fan-out is complete. */
  async #batch(id: string): Promise<boolean> {
    const { repo } = this.#options;
    const fanout = await repo.getFanout(id);
    if (!fanout || fanout.status !== 'running') return true;
    if (fanout.traceparent === undefined) return this.#plan(fanout);
    // A span per batch, in the trace of the event: its work items carry it to the channel workers.
    return withSpan(
      'notification fan-out batch',
      {
        traceparent: fanout.traceparent,
        attributes: {
          'pcn.event.type': fanout.event.type,
          'pcn.event.id': fanout.event.id,
          'pcn.fanout.pass': fanout.pass,
        },
      },
      (_traceparent, span) =>
        this.#plan(fanout, (planned) =>
          span.setAttributes({
            'pcn.fanout.subscribers': planned.matched,
            'pcn.fanout.deliveries': planned.deliveries,
            'pcn.fanout.done': planned.done,
          }),
        ),
    );
  }

  async #plan(
    fanout: Stored<FanoutRecord>,
    report: (planned: { matched: number; deliveries: number; done: boolean }) => void = () =>
      undefined,
  ): Promise<boolean> {
    const { repo, batchSize, clock, onCommit, digestAt } = this.#options;
    const now = clock.now();
    const passes = audiencePasses(fanout.audience, fanout.ancestors);
    const pass = passes[fanout.pass];
    if (!pass) {
      await repo.completeFanout(fanout, now.toISOString());
      report({ matched: 0, deliveries: 0, done: true });
      return true;
    }
    const page = await repo.audiencePage(pass.filter, batchSize, fanout.after);
    // Deliveries are recorded by the channel workers with their outcome (one write each); the
    // fan-out only plans them: per channel, the subscribers to reach.
    const plan = planBatch({
      subscribers: page.items,
      passes,
      pass: fanout.pass,
      audience: fanout.audience,
      event: fanout.event,
      now,
      digestAt,
    });
    const next: Stored<FanoutRecord> = {
      ...fanout,
      pass: page.nextCursor ? fanout.pass : fanout.pass + 1,
      after: page.nextCursor,
      counts: {
        subscribers: fanout.counts.subscribers + plan.matched,
        deliveries: fanout.counts.deliveries + plan.deliveries,
        digest: fanout.counts.digest + plan.digest.length,
      },
    };
    const at = now.toISOString();
    const redrive = redriveAt(now, at, this.#options.redriveAfterMs ?? DEFAULT_REDRIVE_AFTER_MS);
    // The version check makes a second runner's batch (after a lost lease) roll back whole.
    await repo.commitBatch(
      next,
      plan.digest,
      plannedWork(fanout.event.id, plan.planned, at, redrive),
    );
    onCommit();
    report({ matched: plan.matched, deliveries: plan.deliveries, done: false });
    return false;
  }
}

import { inboxCollection, type InboxItem } from '@pcn/notification-service/testing';
import { DomainError } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import { waitFor } from '@pcn/testing';
import type { ClusterNetwork } from './cluster-network.js';

const RECEIPT = /Mã biên nhận: ([0-9A-Z]+)/;

/**
 * A steady load of comments, each by a signed-in user under an idempotency key of its own: a
 * call that fails (a process or node down) is sent again under the same key until it is
 * accepted, so every write counts once however often it was sent, as a real client retries.
 * Each accepted comment commits a FeedbackReceived event to the feedback service's outbox,
 * which crosses JetStream to the notification service, which queues the receipt on its own work
 * queue (JetStream again) and puts it in the user's in-app inbox.
 */
export class SteadyLoad {
  /** Accepted writes: idempotency key → receipt code. */
  readonly accepted = new Map<string, string>();
  /** Calls that failed and were sent again. */
  retries = 0;
  lastError = '';
  /** A refusal no retry can change (a wrong request): the load stops with it. */
  #fatal: Error | undefined;
  readonly #network: ClusterNetwork;
  readonly #run: string;
  readonly #total: number;
  readonly #concurrency: number;
  #next = 0;
  startedAt = 0;
  endedAt = 0;

  constructor(network: ClusterNetwork, run: string, total: number, concurrency = 12) {
    this.#network = network;
    this.#run = run;
    this.#total = total;
    this.#concurrency = concurrency;
  }

  get run(): string {
    return this.#run;
  }

  get total(): number {
    return this.#total;
  }

  /**
   * Sends every write; resolves once all are accepted. Its rejection (a refusal) also fails
   * `reached`, so a test that waits there first sees no unhandled rejection.
   */
  send(): Promise<void> {
    const sending = this.#send();
    sending.catch(() => undefined);
    return sending;
  }

  async #send(): Promise<void> {
    this.startedAt = Date.now();
    await Promise.all(Array.from({ length: this.#concurrency }, () => this.#worker()));
    this.endedAt = Date.now();
    if (this.#fatal) throw this.#fatal;
  }

  /** Resolves once `n` writes are accepted. */
  async reached(n: number): Promise<void> {
    await waitFor(
      () => {
        if (this.#fatal) throw this.#fatal;
        return this.accepted.size >= n;
      },
      {
        timeoutMs: 180_000,
        intervalMs: 20,
        failFast: (err) => err === this.#fatal,
        description: () => `${n} writes accepted (${this.accepted.size} so far; ${this.lastError})`,
      },
    );
  }

  async #worker(): Promise<void> {
    for (let i = this.#next++; i < this.#total && !this.#fatal; i = this.#next++) {
      const key = `${this.#run}-${i}`;
      const user = `${this.#run}-user-${i % 100}`;
      for (let attempt = 0; ; attempt++) {
        try {
          const { receiptCode } = await this.#network.submit(key, user, `Ý kiến ${key}`);
          this.accepted.set(key, receiptCode);
          break;
        } catch (err) {
          if (err instanceof DomainError) {
            this.#fatal = err;
            return;
          }
          this.retries += 1;
          this.lastError = err instanceof Error ? err.message : String(err);
          if (attempt > 2000) throw err;
          // A client's pause before it sends again; the process it calls is restarting.
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    }
  }
}

export interface Accounting {
  accepted: number;
  /** Accepted writes whose receipt is in no inbox. */
  lost: string[];
  /** Accepted writes whose receipt is in an inbox more than once. */
  duplicated: string[];
  /** Receipts in the run's inboxes that belong to no accepted write. */
  unexpected: number;
}

/** The receipts of one run's users in the notification service's inboxes, against its writes. */
export async function account(store: Store, load: SteadyLoad): Promise<Accounting> {
  const seen = new Map<string, number>();
  let unexpected = 0;
  const codes = new Set(load.accepted.values());
  const inbox = store.collection<InboxItem>(inboxCollection);
  let after: string | null = null;
  do {
    const page = await inbox.find({ limit: 1000, after });
    for (const item of page.items) {
      if (!item.userId.startsWith(`${load.run}-user-`)) continue;
      const code = RECEIPT.exec(item.body)?.[1];
      if (code && codes.has(code)) seen.set(code, (seen.get(code) ?? 0) + 1);
      else unexpected += 1;
    }
    after = page.nextCursor;
  } while (after);
  const lost: string[] = [];
  const duplicated: string[] = [];
  for (const [key, code] of load.accepted) {
    const n = seen.get(code) ?? 0;
    if (n === 0) lost.push(key);
    if (n > 1) duplicated.push(key);
  }
  return { accepted: load.accepted.size, lost, duplicated, unexpected };
}

/** Waits until every accepted write's receipt is in an inbox (or the time is up), then counts. */
export async function settle(
  network: ClusterNetwork,
  load: SteadyLoad,
  timeoutMs = 120_000,
): Promise<Accounting> {
  const store = await network.notificationStore();
  let last: Accounting | undefined;
  try {
    await waitFor(
      async () => {
        last = await account(store, load);
        return last.lost.length === 0;
      },
      {
        timeoutMs,
        intervalMs: 500,
        description: () => `every receipt in an inbox; still missing: ${last?.lost.length}`,
      },
    );
  } catch (err) {
    if (!last) throw err;
  }
  return last ?? account(store, load);
}

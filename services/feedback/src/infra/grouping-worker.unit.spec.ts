import { createLogger, type Clock } from '@pcn/platform';
import { waitFor } from '@pcn/testing';
import { afterEach, describe, expect, it } from 'vitest';
import type { GroupingOutcome } from '../app/duplicates/assign-groups.usecase.js';
import { GroupingWorker } from './grouping-worker.js';

const logger = createLogger({ service: 'test', version: 'test', level: 'silent', pretty: false });
const clock: Clock = { now: () => new Date() };

/** A store lease that counts its writes, and a grouping step that counts its rounds. */
function fixture(settleMs: number, leaseTtlMs = 30_000) {
  const counts = { leaseWrites: 0, rounds: 0, pending: 0 };
  const worker = new GroupingWorker({
    store: {
      acquireLease: () => {
        counts.leaseWrites++;
        return Promise.resolve(true);
      },
      releaseLease: () => Promise.resolve(),
    },
    assignGroups: (limit: number): Promise<GroupingOutcome> => {
      counts.rounds++;
      const grouped = Math.min(limit, counts.pending);
      counts.pending -= grouped;
      return Promise.resolve({ grouped } as GroupingOutcome);
    },
    logger,
    clock,
    holder: 'replica-1',
    intervalMs: 60_000,
    settleMs,
    leaseTtlMs,
  });
  return { worker, counts };
}

let running: GroupingWorker | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});

describe('GroupingWorker', () => {
  it('groups a burst of intake commits in one round after the nudge settles', async () => {
    const { worker, counts } = fixture(300);
    running = worker;
    worker.start();
    // The first look at start-up finds nothing.
    await waitFor(() => counts.rounds === 1, { description: 'the first round' });
    // Twenty commits, one every 5 ms, as under a steady intake.
    for (let i = 0; i < 20; i++) {
      counts.pending++;
      worker.notify();
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitFor(() => counts.pending === 0, { description: 'the burst grouped' });
    // One round grouped all 20 and one more found nothing left: not a round per commit.
    await waitFor(() => counts.rounds === 3, { description: 'the round that finds nothing' });
    await new Promise((r) => setTimeout(r, 400));
    expect(counts.rounds).toBe(3);
  });

  it('takes its lease once, and renews it only when a third of it has passed', async () => {
    const { worker, counts } = fixture(1, 1_500);
    running = worker;
    worker.start();
    await waitFor(() => counts.rounds === 1, { description: 'the first round' });
    for (let i = 0; i < 5; i++) {
      counts.pending++;
      worker.notify();
      await waitFor(() => counts.pending === 0, { description: `nudge ${i}` });
    }
    expect(counts.leaseWrites).toBe(1);
    // Past a third of the lease, the next round renews it.
    await new Promise((r) => setTimeout(r, 550));
    counts.pending++;
    worker.notify();
    await waitFor(() => counts.pending === 0, { description: 'the late nudge' });
    expect(counts.leaseWrites).toBe(2);
  });
});

import type { JsMsg } from '@nats-io/jetstream';
import { createLogger } from '@pcn/platform';
import { uniquePrefix, waitFor } from '@pcn/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { connectBus, type Bus } from './connect.js';
import { BusNames } from './names.js';
import { consumerSpec, provisionConsumer, provisionStreams } from './provisioning.js';
import { PullLoop } from './pull-loop.js';

/**
 * Shutting a pull loop down must end within a bounded time whatever it is doing (waiting on a
 * pull, handling a message, binding to its consumer), and leave every message it did not finish
 * for redelivery: nothing lost, nothing acked that was not handled.
 */
const logger = createLogger({ service: 'test', version: '0', level: 'silent', pretty: false });
const STOP_TIMEOUT_MS = 1000;
/** The consumer's ack wait: how soon a message left unacked by a stopped loop comes back. */
const ACK_WAIT_MS = 1000;
/** An ack wait no test waits out: a message back sooner was released, not timed out. */
const LONG_ACK_WAIT_MS = 60_000;

let bus: Bus;
let names: BusNames;
const loops: PullLoop[] = [];
/** Handlers a test leaves running; released after it, so nothing outlives the file. */
const releases: (() => void)[] = [];

beforeAll(async () => {
  bus = await connectBus([inject('natsUrl')], 'pull-loop-test', logger);
});
afterAll(async () => {
  await bus.drain();
});
beforeEach(async () => {
  names = new BusNames(uniquePrefix('pull'));
  await provisionStreams(bus.jsm, names, logger);
});
afterEach(async () => {
  for (const release of releases.splice(0)) release();
  await Promise.all(loops.splice(0).map((l) => l.stop()));
});

async function provision(ackWaitMs = ACK_WAIT_MS): Promise<void> {
  const spec = consumerSpec({
    durable: names.durable('fixture', 'pull'),
    stream: names.stream('draft'),
    backoffMs: [ackWaitMs],
    maxDeliver: 5,
  });
  await provisionConsumer(bus.jsm, names, spec, logger);
}

function loop(handle: (msg: JsMsg, signal: AbortSignal) => Promise<void>, concurrency = 2) {
  const l = new PullLoop({
    js: bus.js,
    stream: names.stream('draft'),
    durable: names.durable('fixture', 'pull'),
    concurrency,
    restartDelayMs: 5000,
    stopTimeoutMs: STOP_TIMEOUT_MS,
    logger,
    handle,
  });
  loops.push(l);
  l.start();
  return l;
}

async function publish(n: number): Promise<void> {
  for (let i = 0; i < n; i++)
    await bus.js.publish(`${names.prefix}.pcn.draft.v1.DraftCreated`, `m${i}`, {
      msgID: `${names.prefix}-m${i}`,
    });
}

async function consumerInfo() {
  return bus.jsm.consumers.info(names.stream('draft'), names.durable('fixture', 'pull'));
}

/** How long `stop()` took, failing the test (rather than hanging it) past `limitMs`. */
async function timedStop(l: PullLoop, limitMs: number): Promise<number> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    l.stop().then(() => 'stopped'),
    new Promise<string>((r) => (timer = setTimeout(() => r('still stopping'), limitMs))),
  ]);
  clearTimeout(timer);
  expect(outcome).toBe('stopped');
  return Date.now() - started;
}

/** A handler that acks (confirmed, as the consumers do) once released, or never. */
function blockingHandler(seen: string[]) {
  return (msg: JsMsg) =>
    new Promise<void>((resolve) => {
      seen.push(msg.string());
      releases.push(() => resolve());
    }).then(async () => {
      await msg.ackAck();
    });
}

describe('pull loop shutdown', () => {
  it('stops at once when stopped right after start (while it binds to its consumer)', async () => {
    await provision();
    const l = loop(() => Promise.resolve());
    expect(await timedStop(l, 5000)).toBeLessThan(STOP_TIMEOUT_MS);
  });

  it('stops at once while a pull is waiting for messages', async () => {
    await provision();
    const l = loop(() => Promise.resolve());
    await waitFor(async () => (await consumerInfo()).num_waiting > 0, {
      description: 'a pull request waiting on the consumer',
    });
    expect(await timedStop(l, 5000)).toBeLessThan(STOP_TIMEOUT_MS);
  });

  it('lets a handler that finishes in time ack its message; messages pulled but not started go back before their ack wait', async () => {
    await provision(LONG_ACK_WAIT_MS);
    await publish(3);
    const seen: string[] = [];
    // One at a time: m0 runs, m1 waits in the loop's buffer (two pulled per handler slot).
    const l = loop(blockingHandler(seen), 1);
    await waitFor(() => seen.length === 1, { description: 'the first message in its handler' });
    await waitFor(async () => (await consumerInfo()).num_ack_pending === 2, {
      description: 'm0 and m1 pulled',
    });
    const stopping = timedStop(l, 5000);
    setTimeout(() => releases.shift()?.(), 200);
    expect(await stopping).toBeLessThan(STOP_TIMEOUT_MS);
    expect(seen).toEqual(['m0']);
    // m0 acked by its handler before stop returned.
    expect((await consumerInfo()).ack_floor.stream_seq).toBe(1);

    const again: string[] = [];
    loop(async (msg) => {
      again.push(msg.string());
      msg.ack();
    });
    // m1 was released (nak), not kept until its ack wait (a minute) ran out.
    await waitFor(() => again.length === 2, {
      timeoutMs: 15_000,
      description: 'm1 and m2 handled by a new loop, well within the ack wait',
    });
    expect(again.sort()).toEqual(['m1', 'm2']);
    await waitFor(async () => (await consumerInfo()).ack_floor.stream_seq === 3, {
      description: 'everything acked',
    });
  });

  it('returns within its stop timeout while a handler hangs, and the message is redelivered, not lost', async () => {
    await provision();
    await publish(1);
    const seen: string[] = [];
    const signals: AbortSignal[] = [];
    const l = loop((msg, signal) => {
      signals.push(signal);
      return blockingHandler(seen)(msg);
    });
    await waitFor(() => seen.length === 1, { description: 'the message in its handler' });
    const took = await timedStop(l, STOP_TIMEOUT_MS + 3000);
    expect(took).toBeGreaterThanOrEqual(STOP_TIMEOUT_MS - 50);
    // The handler was told, so it can let go of waits of its own.
    expect(signals[0]?.aborted).toBe(true);

    const again: string[] = [];
    loop(async (msg) => {
      again.push(msg.string());
      msg.ack();
    });
    // Back after the ack wait, to a loop that handles it.
    await waitFor(() => again.length === 1, {
      timeoutMs: ACK_WAIT_MS * 10,
      description: 'the hung message redelivered',
    });
    expect(again).toEqual(['m0']);
    await waitFor(async () => (await consumerInfo()).ack_floor.stream_seq === 1, {
      description: 'm0 acked',
    });
  });
});

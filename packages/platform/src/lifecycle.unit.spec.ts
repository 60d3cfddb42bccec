import { describe, expect, it } from 'vitest';
import { Lifecycle } from './lifecycle.js';
import { captureLogs } from './capture-logs.js';

function setup() {
  const { logger, lines: logs } = captureLogs({ level: 'trace' });
  return { lifecycle: new Lifecycle(logger, 1000), logs };
}

/** A promise and the functions that settle it, for steps the test finishes by hand. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('Lifecycle', () => {
  it('runs disposers in reverse registration order', async () => {
    const { lifecycle } = setup();
    const order: string[] = [];
    for (const name of ['store', 'nats', 'consumers', 'grpc', 'readiness']) {
      lifecycle.defer(name, () => {
        order.push(name);
      });
    }
    await lifecycle.shutdown('test');
    expect(order).toEqual(['readiness', 'grpc', 'consumers', 'nats', 'store']);
  });

  it('waits for an async step before starting the next one', async () => {
    const { lifecycle } = setup();
    const order: string[] = [];
    const gate = deferred();
    let started!: () => void;
    const firstStarted = new Promise<void>((resolve) => (started = resolve));
    lifecycle.defer('second', () => {
      order.push('second');
    });
    lifecycle.defer('first', async () => {
      order.push('first:start');
      started();
      await gate.promise;
      order.push('first:end');
    });

    const done = lifecycle.shutdown('test');
    await firstStarted;
    expect(order).toEqual(['first:start']);
    gate.resolve();
    await done;
    expect(order).toEqual(['first:start', 'first:end', 'second']);
  });

  it('runs every step once, even when shutdown is called twice, and returns the same promise', async () => {
    const { lifecycle } = setup();
    const calls: string[] = [];
    lifecycle.defer('a', () => {
      calls.push('a');
    });
    lifecycle.defer('b', async () => {
      await Promise.resolve();
      calls.push('b');
    });

    const first = lifecycle.shutdown('SIGTERM');
    const second = lifecycle.shutdown('SIGINT');
    expect(second).toBe(first);
    await Promise.all([first, second]);
    await lifecycle.shutdown('again');
    expect(calls).toEqual(['b', 'a']);
  });

  it('keeps going after a failing step, then rejects', async () => {
    const { lifecycle, logs } = setup();
    const order: string[] = [];
    lifecycle.defer('store', () => {
      order.push('store');
    });
    lifecycle.defer('nats', () => {
      order.push('nats');
      throw new Error('drain failed');
    });
    lifecycle.defer('consumers', async () => {
      order.push('consumers');
      await Promise.resolve();
      throw new Error('consumer stuck');
    });
    lifecycle.defer('grpc', () => {
      order.push('grpc');
    });

    await expect(lifecycle.shutdown('test')).rejects.toThrow('shutdown finished with errors');
    expect(order).toEqual(['grpc', 'consumers', 'nats', 'store']);

    const failures = logs().filter((l) => l.msg === 'shutdown step failed');
    expect(failures.map((l) => l.step)).toEqual(['consumers', 'nats']);
    expect(failures.every((l) => l.level === 'error')).toBe(true);

    // A second call reports the same failure without running anything again.
    await expect(lifecycle.shutdown('again')).rejects.toThrow('shutdown finished with errors');
    expect(order).toHaveLength(4);
  });

  it('resolves with nothing registered, and logs the reason', async () => {
    const { lifecycle, logs } = setup();
    await expect(lifecycle.shutdown('SIGTERM')).resolves.toBeUndefined();
    expect(logs()).toContainEqual(
      expect.objectContaining({ msg: 'shutting down', reason: 'SIGTERM' }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { Mutex } from './mutex.js';

describe('Mutex', () => {
  it('runs holders one at a time, first come first served', async () => {
    const mutex = new Mutex();
    const log: string[] = [];
    const task = (name: string) =>
      mutex.run(async () => {
        log.push(`${name} start`);
        await new Promise((resolve) => setTimeout(resolve, 1));
        log.push(`${name} end`);
      });
    await Promise.all([task('a'), task('b'), task('c')]);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    expect(mutex.locked).toBe(false);
  });

  it('stays locked while handing over to a waiter', async () => {
    const mutex = new Mutex();
    const release = mutex.tryAcquire();
    expect(release).not.toBeNull();
    expect(mutex.tryAcquire()).toBeNull();
    const waiting = mutex.acquire();
    release?.();
    expect(mutex.locked).toBe(true);
    expect(mutex.tryAcquire()).toBeNull();
    const next = await waiting;
    next();
    next();
    expect(mutex.locked).toBe(false);
  });

  it('releases when the holder throws', async () => {
    const mutex = new Mutex();
    await expect(mutex.run(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(mutex.locked).toBe(false);
  });
});

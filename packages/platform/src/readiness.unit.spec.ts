import { describe, expect, it } from 'vitest';
import { Readiness } from './readiness.js';

describe('Readiness', () => {
  it('is ready with no checks', async () => {
    expect(await new Readiness().probe()).toEqual({ ready: true, checks: {} });
  });

  it('is ready when every check passes', async () => {
    const readiness = new Readiness();
    readiness.add('store', () => Promise.resolve());
    readiness.add('nats', async () => {
      await Promise.resolve();
    });
    expect(await readiness.probe()).toEqual({ ready: true, checks: { store: 'ok', nats: 'ok' } });
  });

  it('is not ready when one check fails, and says why', async () => {
    const readiness = new Readiness();
    readiness.add('store', () => Promise.resolve());
    readiness.add('nats', () => Promise.reject(new Error('NATS connection closed')));
    expect(await readiness.probe()).toEqual({
      ready: false,
      checks: { store: 'ok', nats: 'NATS connection closed' },
    });
  });

  it('treats a check that throws synchronously, or rejects with a non-Error, as failing', async () => {
    const readiness = new Readiness();
    readiness.add('sync', () => {
      throw new Error('boom');
    });
    // A driver may reject with anything; the report must still say the check failed.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    readiness.add('odd', () => Promise.reject('plain string'));
    expect(await readiness.probe()).toEqual({
      ready: false,
      checks: { sync: 'boom', odd: 'failed' },
    });
  });

  it('is not ready when a check hangs past the timeout, and does not wait for it', async () => {
    const readiness = new Readiness(50);
    readiness.add('store', () => Promise.resolve());
    readiness.add('mongo', () => new Promise<void>(() => undefined));
    const started = Date.now();
    const report = await readiness.probe();
    expect(report).toEqual({ ready: false, checks: { store: 'ok', mongo: 'timed out' } });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('checks again on every probe', async () => {
    const readiness = new Readiness();
    let healthy = false;
    readiness.add('store', () => (healthy ? Promise.resolve() : Promise.reject(new Error('down'))));
    expect((await readiness.probe()).ready).toBe(false);
    healthy = true;
    expect((await readiness.probe()).ready).toBe(true);
  });

  it('is not ready after stop(), for good, without running the checks', async () => {
    const readiness = new Readiness();
    let runs = 0;
    readiness.add('store', () => {
      runs += 1;
      return Promise.resolve();
    });
    expect((await readiness.probe()).ready).toBe(true);
    expect(readiness.stopped).toBe(false);

    readiness.stop();
    expect(readiness.stopped).toBe(true);
    expect(await readiness.probe()).toEqual({
      ready: false,
      checks: { lifecycle: 'shutting down' },
    });
    expect(await readiness.probe()).toEqual({
      ready: false,
      checks: { lifecycle: 'shutting down' },
    });
    expect(runs).toBe(1);
  });

  it('replaces a check added twice under the same name', async () => {
    const readiness = new Readiness();
    readiness.add('store', () => Promise.reject(new Error('old')));
    readiness.add('store', () => Promise.resolve());
    expect(await readiness.probe()).toEqual({ ready: true, checks: { store: 'ok' } });
  });
});

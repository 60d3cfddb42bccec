import { captureLogs, GrpcServer, Readiness, registerHealth } from '@pcn/platform';
import { afterEach, describe, expect, it } from 'vitest';
import { probeHealth } from './health-probe.js';

const servers: GrpcServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.shutdown(1000)));
});

async function start(readiness: Readiness): Promise<string> {
  const server = new GrpcServer({
    logger: captureLogs({ service: 'probe-test', level: 'silent' }).logger,
  });
  registerHealth(server, readiness, []);
  servers.push(server);
  const port = await server.listen('127.0.0.1', 0);
  return `127.0.0.1:${port}`;
}

describe('probeHealth (the compose healthcheck of a backend)', () => {
  it('answers SERVING for readiness and liveness when the dependencies answer', async () => {
    const readiness = new Readiness(200);
    readiness.add('store', () => Promise.resolve());
    const address = await start(readiness);
    await expect(probeHealth({ address, service: 'readiness' })).resolves.toBe('SERVING');
    await expect(probeHealth({ address, service: 'liveness' })).resolves.toBe('SERVING');
  });

  it('says NOT_SERVING for readiness while the store is down, SERVING for liveness', async () => {
    const readiness = new Readiness(200);
    readiness.add('store', () => Promise.reject(new Error('store unreachable')));
    const address = await start(readiness);
    await expect(probeHealth({ address, service: 'readiness' })).resolves.toBe('NOT_SERVING');
    await expect(probeHealth({ address, service: 'liveness' })).resolves.toBe('SERVING');
  });

  it('says why when nothing listens, within its deadline', async () => {
    const readiness = new Readiness(200);
    const address = await start(readiness);
    await servers.pop()?.shutdown(1000);
    const started = Date.now();
    const answer = await probeHealth({ address, service: 'liveness', deadlineMs: 1000 });
    expect(answer).not.toBe('SERVING');
    expect(answer.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

import { health } from '@pcn/contracts';
import {
  CORRELATION_ID_HEADER,
  createLogger,
  GrpcServer,
  isUuidV7,
  Readiness,
  registerHealth,
} from '@pcn/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackendHealth, type BackendHealth } from '../infra/backend-health.js';
import { createGatewayHttpServer } from './http-server.js';

const logger = createLogger({ service: 'test', version: '0', level: 'silent', pretty: false });
const MAX = 64 * 1024;
let backend: GrpcServer;
let backendReadiness: Readiness;
let backends: BackendHealth;
let gateway: ReturnType<typeof createGatewayHttpServer>;
let readiness: Readiness;
let base: string;

beforeAll(async () => {
  backend = new GrpcServer({ logger });
  backendReadiness = new Readiness();
  registerHealth(backend, backendReadiness, []);
  const port = await backend.listen('127.0.0.1', 0);
  // Port 1 on loopback refuses connections: an unreachable backend.
  backends = createBackendHealth({ draft: `127.0.0.1:${port}`, outreach: '127.0.0.1:1' }, 500);
  readiness = new Readiness();
  gateway = createGatewayHttpServer({
    logger,
    readiness,
    context: { backends },
    maxRequestBytes: MAX,
    development: false,
  });
  base = `http://127.0.0.1:${await gateway.listen('127.0.0.1', 0)}`;
});

afterAll(async () => {
  await gateway.close(1000);
  backends.close();
  await backend.shutdown(1000);
});

function post(body: string, headers: Record<string, string> = {}) {
  return fetch(`${base}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...headers,
    },
    body,
  });
}

describe('gateway over HTTP', () => {
  it('answers { __typename } over POST with application/graphql-response+json', async () => {
    const res = await post(JSON.stringify({ query: '{ __typename }' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/graphql-response+json');
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('answers queries over GET and refuses mutations over GET', async () => {
    const get = await fetch(`${base}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(get.status).toBe(200);
    const mutation = await fetch(`${base}/graphql?query=${encodeURIComponent('mutation { x }')}`, {
      headers: { accept: 'application/graphql-response+json' },
    });
    expect(mutation.status).toBe(405);
  });

  it('reports each backend’s gRPC health', async () => {
    const res = await post(JSON.stringify({ query: '{ network { services { name status } } }' }));
    expect(await res.json()).toEqual({
      data: {
        network: {
          services: [
            { name: 'draft', status: 'SERVING' },
            { name: 'outreach', status: 'UNREACHABLE' },
          ],
        },
      },
    });
    backendReadiness.add('store', () => Promise.reject(new Error('disk gone')));
    const degraded = await post(
      JSON.stringify({ query: '{ network { services { name status } } }' }),
    );
    const body = (await degraded.json()) as {
      data: { network: { services: { status: string }[] } };
    };
    expect(body.data.network.services[0]?.status).toBe('NOT_SERVING');
  });

  it('rejects malformed JSON and invalid queries with 400 and a code, never a stack', async () => {
    const malformed = await post('{"query": ');
    expect(malformed.status).toBe(400);
    const invalid = await post(JSON.stringify({ query: '{ nope }' }));
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as {
      errors: { message: string; extensions: { code: string } }[];
    };
    expect(body.errors[0]?.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  });

  it('refuses a body over the size limit with 413, and a chunked upload with 411', async () => {
    const big = JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(MAX) } });
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(
      ((await declared.json()) as { errors: { extensions: { code: string } }[] }).errors[0]
        ?.extensions.code,
    ).toBe('PAYLOAD_TOO_LARGE');
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++)
          controller.enqueue(new TextEncoder().encode('x'.repeat(MAX / 2)));
        controller.close();
      },
    });
    const streamed = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: chunks,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(411);
  });

  it('carries the caller’s correlation id into backend calls and back in the response', async () => {
    const seen: string[] = [];
    const probe = new GrpcServer({ logger });
    const impl: health.HealthServer = {
      check: (call, callback) => {
        seen.push(String(call.metadata.get(CORRELATION_ID_HEADER)[0]));
        callback(null, { status: health.HealthCheckResponse_ServingStatus.SERVING });
      },
      watch: (call) => call.end(),
    };
    probe.addService(health.HealthService, impl);
    const port = await probe.listen('127.0.0.1', 0);
    const probeBackends = createBackendHealth({ draft: `127.0.0.1:${port}` }, 1000);
    const gw = createGatewayHttpServer({
      logger,
      readiness: new Readiness(),
      context: { backends: probeBackends },
      maxRequestBytes: MAX,
      development: false,
    });
    const url = `http://127.0.0.1:${await gw.listen('127.0.0.1', 0)}/graphql`;
    try {
      const query = JSON.stringify({ query: '{ network { services { status } } }' });
      const given = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-correlation-id': 'req-42' },
        body: query,
      });
      expect(given.headers.get('x-correlation-id')).toBe('req-42');
      const hostile = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-correlation-id': 'bad id; drop' },
        body: query,
      });
      const fresh = hostile.headers.get('x-correlation-id') ?? '';
      expect(isUuidV7(fresh)).toBe(true);
      expect(seen).toEqual(['req-42', fresh]);
    } finally {
      await gw.close(1000);
      probeBackends.close();
      await probe.shutdown(1000);
    }
  });

  it('serves liveness, and readiness that turns off at shutdown', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    readiness.add('nats', () => Promise.reject(new Error('NATS connection closed')));
    const down = await fetch(`${base}/readyz`);
    expect(down.status).toBe(503);
    const body = await down.text();
    expect(JSON.parse(body)).toEqual({ ready: false, checks: { nats: 'failing' } });
    expect(body).not.toContain('NATS connection closed');
  });
});

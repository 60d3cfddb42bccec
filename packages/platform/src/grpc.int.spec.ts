import {
  Client,
  credentials,
  Metadata,
  type Interceptor,
  InterceptingCall,
  status,
  type CallOptions,
  type ClientUnaryCall,
  type ServiceError,
} from '@grpc/grpc-js';
import { health, ops } from '@pcn/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { currentContext, runInContext, type CallerIdentity, type WorkContext } from './context.js';
import {
  ConflictError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  isDomainError,
} from './errors.js';
import { callUnary, createGrpcClient } from './grpc-client.js';
import { LIVENESS_SERVICE, registerHealth } from './grpc-health.js';
import {
  CALLER_CLOCK_SKEW_SECONDS,
  CALLER_HEADER,
  CALLER_SIGNATURE_HEADER,
  CALLER_SIGNATURE_TTL_SECONDS,
  CORRELATION_ID_HEADER,
  useInternalSecret,
} from './grpc-metadata.js';
import { GrpcServer, type UnaryHandler } from './grpc-server.js';
import { isUuidV7, type Clock } from './ids.js';
import { captureLogs } from './capture-logs.js';
import { Readiness } from './readiness.js';

type OutboxRequest = ops.GetOutboxStatusRequest;
type OutboxResponse = ops.GetOutboxStatusResponse;
type Handler = UnaryHandler<OutboxRequest, OutboxResponse>;

const OUTBOX_PATH = '/pcn.ops.v1.OpsService/GetOutboxStatus';

/** Two methods that answer with the caller they saw (JSON), to tell methods apart on the wire. */
const bytes = { serialize: (b: Buffer) => b, deserialize: (b: Buffer) => b };
const probeMethod = (name: string) => ({
  path: `/pcn.test.v1.Probe/${name}`,
  requestStream: false,
  responseStream: false,
  requestSerialize: bytes.serialize,
  requestDeserialize: bytes.deserialize,
  responseSerialize: bytes.serialize,
  responseDeserialize: bytes.deserialize,
});
const PROBE_SERVICE = { Read: probeMethod('Read'), Write: probeMethod('Write') };
const whoSaw = (context: WorkContext) => Buffer.from(JSON.stringify(context.caller ?? null));
const RESPONSE: OutboxResponse = {
  service: 'draft',
  pending: '3',
  oldestPendingTime: new Date('2025-01-02T03:04:05.000Z'),
  published: '42',
};
const { ServingStatus } = { ServingStatus: health.HealthCheckResponse_ServingStatus };

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Log lines of the server under test, parsed. */
function collectingLogger() {
  return captureLogs({ service: 'grpc-test', level: 'debug' });
}

interface Harness {
  server: GrpcServer;
  address: string;
  /** What the ops handler does; each test sets it. */
  handle: Handler;
  /** How often the ops handler ran. */
  calls: number;
  logs: ReturnType<typeof collectingLogger>;
  readiness: Readiness;
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startServer(
  options: { maxMessageBytes?: number; audience?: string; clock?: Clock } = {},
): Promise<Harness> {
  const logs = collectingLogger();
  const server = new GrpcServer({ logger: logs.logger, audience: 'draft', ...options });
  const readiness = new Readiness(200);
  const harness: Harness = {
    server,
    address: '',
    handle: () => Promise.resolve(RESPONSE),
    calls: 0,
    logs,
    readiness,
  };
  const implementation: ops.OpsServiceServer = {
    getOutboxStatus: server.unary<OutboxRequest, OutboxResponse>('getOutboxStatus', (req, ctx) => {
      harness.calls += 1;
      return harness.handle(req, ctx);
    }),
    // Not called here: BackendHost serves it, and pcn-admin's status test reads it.
    getServiceInfo: server.unary('getServiceInfo', () =>
      Promise.resolve({
        service: 'draft',
        version: '0.0.0',
        replicaId: 'test',
        startedAt: undefined,
      }),
    ),
    // Not called here: BackendHost serves it, and pcn-admin's erase test calls it.
    erasePersonalData: server.unary('erasePersonalData', () =>
      Promise.resolve({ service: 'draft', erased: [], note: '', streamMessages: [] }),
    ),
  };
  server.addService(ops.OpsServiceService, implementation);
  server.addService(PROBE_SERVICE, {
    Read: server.unary('Read', (_req: Buffer, ctx) => Promise.resolve(whoSaw(ctx))),
    Write: server.unary('Write', (_req: Buffer, ctx) => Promise.resolve(whoSaw(ctx))),
  });
  registerHealth(server, readiness, ['pcn.ops.v1.OpsService']);
  const port = await server.listen('127.0.0.1', 0);
  expect(port).toBeGreaterThan(0);
  expect(server.port).toBe(port);
  harness.address = `127.0.0.1:${port}`;
  cleanups.push(() => server.shutdown(2000));
  return harness;
}

function opsClient(address: string): ops.OpsServiceClient {
  const client = createGrpcClient(ops.OpsServiceClient, address, { audience: 'draft' });
  cleanups.push(() => client.close());
  return client;
}

function getOutboxStatus(
  client: ops.OpsServiceClient,
  deadlineMs?: number,
): Promise<OutboxResponse> {
  return callUnary(client.getOutboxStatus.bind(client), {}, deadlineMs ? { deadlineMs } : {});
}

/** Settles to the rejection reason, and fails the test if the promise resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

function isServiceError(err: unknown): err is ServiceError {
  return err instanceof Error && typeof (err as Partial<ServiceError>).code === 'number';
}

function codeOf(err: unknown): status | undefined {
  return isServiceError(err) ? err.code : undefined;
}

describe('GrpcServer with createGrpcClient / callUnary', () => {
  it('refuses to tell its port before it listens', () => {
    const server = new GrpcServer({ logger: collectingLogger().logger });
    expect(() => server.port).toThrow('not listening');
  });

  it('answers a call and decodes the response', async () => {
    const harness = await startServer();
    const client = opsClient(harness.address);
    await expect(getOutboxStatus(client)).resolves.toEqual(RESPONSE);
    expect(harness.calls).toBe(1);
    await vi.waitFor(() => expect(harness.server.inFlight).toBe(0));
  });

  it('carries the correlation id, causation id and caller identity of the client context into the handler', async () => {
    const harness = await startServer();
    const client = opsClient(harness.address);
    const seen = deferred<{ context: WorkContext; current: WorkContext | undefined }>();
    harness.handle = (_req, context) => {
      seen.resolve({ context, current: currentContext() });
      return Promise.resolve(RESPONSE);
    };
    const caller: CallerIdentity = {
      kind: 'user',
      id: 'user-42',
      roles: ['editor', 'reviewer'],
      organizationId: 'org-7',
      unitIds: ['unit-a', 'unit-b'],
    };
    const sent: WorkContext = { correlationId: 'corr-e2e-1', causationId: 'evt-9', caller };

    await runInContext(sent, () => getOutboxStatus(client));

    const { context, current } = await seen.promise;
    expect(context).toEqual(sent);
    expect(current).toEqual(sent);
  });

  it('gives a call made outside any context a fresh UUIDv7 correlation id and no caller', async () => {
    const harness = await startServer();
    const client = opsClient(harness.address);
    const seen: WorkContext[] = [];
    harness.handle = (_req, context) => {
      seen.push(context);
      return Promise.resolve(RESPONSE);
    };
    await getOutboxStatus(client);
    await getOutboxStatus(client);

    expect(seen).toHaveLength(2);
    for (const context of seen) {
      expect(isUuidV7(context.correlationId)).toBe(true);
      expect(context.caller).toBeUndefined();
    }
    expect(seen[0]?.correlationId).not.toBe(seen[1]?.correlationId);
  });

  it('drops a forged caller header and replaces a malformed correlation id on the wire', async () => {
    const harness = await startServer();
    const client = opsClient(harness.address);
    const seen = deferred<WorkContext>();
    harness.handle = (_req, context) => {
      seen.resolve(context);
      return Promise.resolve(RESPONSE);
    };
    const metadata = new Metadata();
    metadata.set(CORRELATION_ID_HEADER, 'has spaces; and=junk');
    metadata.set(
      CALLER_HEADER,
      Buffer.from(JSON.stringify({ kind: 'root', id: 'admin', roles: ['*'] })).toString(
        'base64url',
      ),
    );
    await new Promise<void>((resolve, reject) => {
      client.getOutboxStatus({}, metadata, { deadline: Date.now() + 5000 }, (err) =>
        err ? reject(err) : resolve(),
      );
    });

    const context = await seen.promise;
    expect(context.caller).toBeUndefined();
    expect(isUuidV7(context.correlationId)).toBe(true);
  });

  it.each([
    [
      'InvalidArgumentError',
      () =>
        new InvalidArgumentError([
          { field: 'title.vi', description: 'must not be empty' },
          { field: 'summary', description: 'too long' },
        ]),
    ],
    ['NotFoundError', () => new NotFoundError('Draft', 'd-404')],
    ['FailedPreconditionError', () => new FailedPreconditionError('closed', 'CONSULTATION_CLOSED')],
    ['PermissionDeniedError', () => new PermissionDeniedError('outside your unit', 'OUTSIDE_UNIT')],
    ['ConflictError', () => new ConflictError('Draft', 'd-1', 3, 5)],
  ])('delivers a thrown %s to the client as the same domain error', async (_name, make) => {
    const harness = await startServer();
    const client = opsClient(harness.address);
    const thrown = make();
    harness.handle = () => Promise.reject(thrown);

    const received = await rejectionOf(getOutboxStatus(client));

    expect(isDomainError(received)).toBe(true);
    expect(received).toBeInstanceOf(
      thrown instanceof FailedPreconditionError ? FailedPreconditionError : thrown.constructor,
    );
    const err = received as typeof thrown;
    expect(err.message).toBe(thrown.message);
    expect(err.reason).toBe(thrown.reason);
    expect(err.code).toBe(thrown.code);
    if (thrown instanceof InvalidArgumentError) {
      expect((err as InvalidArgumentError).violations).toEqual(thrown.violations);
    }
    if (thrown instanceof NotFoundError) {
      expect((err as NotFoundError).resourceId).toBe('d-404');
    }
    // Domain errors are expected outcomes: logged at debug, never as failures.
    expect(harness.logs.lines().filter((l) => l.level === 'error')).toEqual([]);
  });

  it('masks an unexpected error as INTERNAL without its message, and logs it with the correlation id', async () => {
    const harness = await startServer();
    const client = opsClient(harness.address);
    harness.handle = () =>
      Promise.reject(new Error('SQLITE_CORRUPT: /var/lib/pcn/draft.db password=hunter2'));

    const received = await runInContext({ correlationId: 'corr-internal' }, () =>
      rejectionOf(getOutboxStatus(client)),
    );

    expect(isDomainError(received)).toBe(false);
    expect(codeOf(received)).toBe(status.INTERNAL);
    const err = received as ServiceError;
    expect(err.details).toBe('Internal error');
    for (const text of [err.message, err.details, JSON.stringify(err.metadata.toJSON())]) {
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('SQLITE_CORRUPT');
    }
    const failure = harness.logs.lines().find((l) => l.msg === 'call failed');
    expect(failure).toMatchObject({
      level: 'error',
      method: 'getOutboxStatus',
      correlationId: 'corr-internal',
    });
    expect(JSON.stringify(failure)).toContain('SQLITE_CORRUPT');
  });

  it('maps an error thrown synchronously by a handler (before it returns a promise), and keeps in-flight accounting', async () => {
    const harness = await startServer();
    const client = opsClient(harness.address);
    // UnaryHandler only promises a Promise-returning function; a plain function can throw first.
    harness.handle = () => {
      throw new InvalidArgumentError([{ field: 'service', description: 'unknown' }]);
    };

    const received = await rejectionOf(getOutboxStatus(client, 2000));
    expect(received).toBeInstanceOf(InvalidArgumentError);
    expect((received as InvalidArgumentError).violations).toEqual([
      { field: 'service', description: 'unknown' },
    ]);
    await vi.waitFor(() => expect(harness.server.inFlight).toBe(0));

    // The server still answers afterwards.
    harness.handle = () => Promise.resolve(RESPONSE);
    await expect(getOutboxStatus(client)).resolves.toEqual(RESPONSE);
  });

  it('fails with DEADLINE_EXCEEDED when the handler takes longer than the deadline', async () => {
    const harness = await startServer();
    const client = opsClient(harness.address);
    const entered = deferred();
    const release = deferred<OutboxResponse>();
    harness.handle = () => {
      entered.resolve();
      return release.promise;
    };

    const call = rejectionOf(getOutboxStatus(client, 200));
    await entered.promise;
    const received = await call;
    expect(codeOf(received)).toBe(status.DEADLINE_EXCEEDED);

    release.resolve(RESPONSE);
    await vi.waitFor(() => expect(harness.server.inFlight).toBe(0));
  });

  it('refuses a request larger than maxMessageBytes with RESOURCE_EXHAUSTED, without running the handler', async () => {
    const harness = await startServer({ maxMessageBytes: 1024 });
    const raw = createGrpcClient(Client, harness.address, { audience: 'draft' });
    cleanups.push(() => raw.close());
    // An OutboxStatus request padded with an unknown length-delimited field (number 15), which a
    // decoder skips: only its size matters. The two-byte varint length holds 128 to 16383.
    const padded = (size: number) =>
      Buffer.concat([
        Buffer.from([0x7a, 0x80 | (size & 0x7f), size >> 7]),
        Buffer.alloc(size, 0x61),
      ]);
    const method = (
      request: Buffer,
      metadata: Metadata,
      options: Partial<CallOptions>,
      callback: (error: ServiceError | null, response: Buffer) => void,
    ): ClientUnaryCall =>
      raw.makeUnaryRequest(
        OUTBOX_PATH,
        (b: Buffer) => b,
        (b: Buffer) => b,
        request,
        metadata,
        options,
        (error, response) => callback(error, response ?? Buffer.alloc(0)),
      );

    // A small padded request gets through, so the refusal below is about size alone.
    await expect(callUnary(method, padded(200))).resolves.toBeInstanceOf(Buffer);
    expect(harness.calls).toBe(1);

    const received = await rejectionOf(callUnary(method, padded(4096)));
    expect(codeOf(received)).toBe(status.RESOURCE_EXHAUSTED);
    expect(harness.calls).toBe(1);
  });
});

describe('GrpcServer.shutdown', () => {
  it('lets a call in flight finish while shutdown waits, and refuses calls that start after', async () => {
    const harness = await startServer();
    const client = opsClient(harness.address);
    const entered = deferred();
    const release = deferred<OutboxResponse>();
    harness.handle = () => {
      entered.resolve();
      return release.promise;
    };

    const inFlightCall = getOutboxStatus(client, 10_000);
    await entered.promise;
    expect(harness.server.inFlight).toBe(1);

    let shutdownDone = false;
    const shutdown = harness.server.shutdown(10_000).then(() => {
      shutdownDone = true;
    });

    // A call on the same connection, and one on a new connection, both after shutdown began.
    const sameConnection = await rejectionOf(getOutboxStatus(client, 5000));
    expect(codeOf(sameConnection)).toBe(status.UNAVAILABLE);
    const newConnection = await rejectionOf(getOutboxStatus(opsClient(harness.address), 5000));
    expect(codeOf(newConnection)).toBe(status.UNAVAILABLE);
    expect(harness.calls).toBe(1);

    expect(shutdownDone).toBe(false);
    expect(harness.server.inFlight).toBe(1);

    release.resolve(RESPONSE);
    await expect(inFlightCall).resolves.toEqual(RESPONSE);
    await shutdown;
    expect(shutdownDone).toBe(true);
    expect(harness.server.inFlight).toBe(0);
  });

  it('cancels calls still running at the timeout and resolves', async () => {
    const harness = await startServer();
    const client = opsClient(harness.address);
    const entered = deferred();
    const release = deferred<OutboxResponse>();
    harness.handle = () => {
      entered.resolve();
      return release.promise;
    };

    const stuck = rejectionOf(getOutboxStatus(client, 10_000));
    await entered.promise;
    await harness.server.shutdown(200);
    expect(codeOf(await stuck)).toBeDefined();
    expect(codeOf(await stuck)).not.toBe(status.OK);
    expect(harness.logs.lines()).toContainEqual(
      expect.objectContaining({ level: 'warn', inFlight: 1 }),
    );
    release.resolve(RESPONSE);
  });
});

describe('registerHealth', () => {
  function check(address: string, service: string): Promise<health.HealthCheckResponse> {
    const client = createGrpcClient(health.HealthClient, address, { audience: 'draft' });
    cleanups.push(() => client.close());
    return callUnary(client.check.bind(client), { service });
  }

  /** The raw status of a Health.Check, without the domain error mapping of callUnary. */
  function rawCheck(address: string, service: string): Promise<ServiceError | null> {
    const client = createGrpcClient(health.HealthClient, address, { audience: 'draft' });
    cleanups.push(() => client.close());
    return new Promise((resolve) => {
      client.check({ service }, new Metadata(), { deadline: Date.now() + 5000 }, (err) =>
        resolve(err),
      );
    });
  }

  it('reports SERVING for the server, readiness and served services when every check passes', async () => {
    const harness = await startServer();
    harness.readiness.add('store', () => Promise.resolve());
    for (const service of ['', 'readiness', 'pcn.ops.v1.OpsService', LIVENESS_SERVICE]) {
      await expect(check(harness.address, service)).resolves.toEqual({
        status: ServingStatus.SERVING,
      });
    }
  });

  it('reports NOT_SERVING when a readiness check fails or hangs, and SERVING for liveness', async () => {
    const harness = await startServer();
    let storeUp = false;
    harness.readiness.add('store', () =>
      storeUp ? Promise.resolve() : Promise.reject(new Error('store unreachable')),
    );
    await expect(check(harness.address, '')).resolves.toEqual({
      status: ServingStatus.NOT_SERVING,
    });
    await expect(check(harness.address, 'pcn.ops.v1.OpsService')).resolves.toEqual({
      status: ServingStatus.NOT_SERVING,
    });
    await expect(check(harness.address, LIVENESS_SERVICE)).resolves.toEqual({
      status: ServingStatus.SERVING,
    });

    storeUp = true;
    await expect(check(harness.address, '')).resolves.toEqual({ status: ServingStatus.SERVING });

    harness.readiness.add('nats', () => new Promise<void>(() => undefined));
    await expect(check(harness.address, '')).resolves.toEqual({
      status: ServingStatus.NOT_SERVING,
    });
  });

  it('reports NOT_SERVING after readiness.stop(), and SERVING for liveness', async () => {
    const harness = await startServer();
    harness.readiness.add('store', () => Promise.resolve());
    await expect(check(harness.address, '')).resolves.toEqual({ status: ServingStatus.SERVING });

    harness.readiness.stop();
    await expect(check(harness.address, '')).resolves.toEqual({
      status: ServingStatus.NOT_SERVING,
    });
    await expect(check(harness.address, 'readiness')).resolves.toEqual({
      status: ServingStatus.NOT_SERVING,
    });
    await expect(check(harness.address, LIVENESS_SERVICE)).resolves.toEqual({
      status: ServingStatus.SERVING,
    });
  });

  it('answers NOT_FOUND for an unknown service name', async () => {
    const harness = await startServer();
    const err = await rawCheck(harness.address, 'pcn.nope.v1.Unknown');
    expect(err?.code).toBe(status.NOT_FOUND);
    expect(err?.details).toContain('pcn.nope.v1.Unknown');

    // Through callUnary, the status arrives as a NotFoundError.
    const viaCallUnary = await rejectionOf(check(harness.address, 'pcn.nope.v1.Unknown'));
    expect(viaCallUnary).toBeInstanceOf(NotFoundError);
  });
});

describe('signed caller identities on the wire', () => {
  const caller: CallerIdentity = { kind: 'user', id: 'editor-1', roles: ['agency_editor'] };
  afterEach(() => useInternalSecret(undefined));

  /** A server clock that the test moves. */
  function movableClock(): Clock & { advance(seconds: number): void } {
    let offsetMs = 0;
    return {
      now: () => new Date(Date.now() + offsetMs),
      advance: (seconds) => {
        offsetMs += seconds * 1000;
      },
    };
  }

  /** What a process holding the secret sends: callUnary on a createGrpcClient client. */
  function trustedCall(
    address: string,
    method: 'Read' | 'Write',
    audience: string,
    record?: (metadata: Metadata) => void,
  ): Promise<CallerIdentity | null> {
    // Runs after the signer, so it sees the metadata as it goes on the wire.
    const recorder: Interceptor = (options, nextCall) =>
      new InterceptingCall(nextCall(options), {
        start(metadata, listener, next) {
          record?.(metadata.clone());
          next(metadata, listener);
        },
      });
    const client = createGrpcClient(Client, address, { audience, interceptors: [recorder] });
    cleanups.push(() => client.close());
    const call = (
      request: Buffer,
      metadata: Metadata,
      options: Partial<CallOptions>,
      callback: (error: ServiceError | null, response: Buffer) => void,
    ): ClientUnaryCall =>
      client.makeUnaryRequest(
        PROBE_SERVICE[method].path,
        bytes.serialize,
        bytes.deserialize,
        request,
        metadata,
        options,
        (error, response) => callback(error, response ?? Buffer.alloc(0)),
      );
    return runInContext({ correlationId: 'corr-signed', caller }, () =>
      callUnary(call, Buffer.alloc(0)),
    ).then((b) => JSON.parse(b.toString()) as CallerIdentity | null);
  }

  /** What an attacker without the secret sends: a plain client and captured metadata. */
  function replay(address: string, method: 'Read' | 'Write', metadata: Metadata) {
    const client = new Client(address, credentials.createInsecure());
    cleanups.push(() => client.close());
    return new Promise<CallerIdentity | null>((resolve, reject) => {
      client.makeUnaryRequest(
        PROBE_SERVICE[method].path,
        bytes.serialize,
        bytes.deserialize,
        Buffer.alloc(0),
        metadata.clone(),
        { deadline: Date.now() + 5000 },
        (error, response) =>
          error ? reject(error) : resolve(JSON.parse(String(response)) as CallerIdentity | null),
      );
    });
  }

  async function capture(address: string): Promise<Metadata> {
    let captured: Metadata | undefined;
    await expect(
      trustedCall(address, 'Read', 'draft', (md) => {
        captured = md;
      }),
    ).resolves.toEqual(caller);
    expect(captured?.get(CALLER_SIGNATURE_HEADER)).toHaveLength(1);
    return captured as Metadata;
  }

  it('carries a caller signed for the method and the receiving service', async () => {
    useInternalSecret('k7Qz1pWm9sXc4vBn8tYr2uLe6oHa3iDg0fJk5');
    const draft = await startServer({ audience: 'draft' });
    await expect(trustedCall(draft.address, 'Read', 'draft')).resolves.toEqual(caller);
    await expect(trustedCall(draft.address, 'Write', 'draft')).resolves.toEqual(caller);
    // A client that names another service gets its callers dropped here.
    await expect(trustedCall(draft.address, 'Read', 'notification')).resolves.toBeNull();
  });

  it('drops a captured header replayed on another method, to another service, or after its window', async () => {
    useInternalSecret('k7Qz1pWm9sXc4vBn8tYr2uLe6oHa3iDg0fJk5');
    const clock = movableClock();
    const draft = await startServer({ audience: 'draft', clock });
    const notification = await startServer({ audience: 'notification' });
    const captured = await capture(draft.address);

    // Replayed as captured, the header works only on its own method and service, in its window.
    await expect(replay(draft.address, 'Read', captured)).resolves.toEqual(caller);
    await expect(replay(draft.address, 'Write', captured)).resolves.toBeNull();
    await expect(replay(notification.address, 'Read', captured)).resolves.toBeNull();

    // The caller header without its signature, or with another caller under it, is dropped too.
    const unsigned = captured.clone();
    unsigned.remove(CALLER_SIGNATURE_HEADER);
    await expect(replay(draft.address, 'Read', unsigned)).resolves.toBeNull();
    const swapped = captured.clone();
    swapped.set(
      CALLER_HEADER,
      Buffer.from(JSON.stringify({ ...caller, roles: ['network_admin'] })).toString('base64url'),
    );
    await expect(replay(draft.address, 'Read', swapped)).resolves.toBeNull();

    clock.advance(CALLER_SIGNATURE_TTL_SECONDS + CALLER_CLOCK_SKEW_SECONDS + 2);
    await expect(replay(draft.address, 'Read', captured)).resolves.toBeNull();
  });
});

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  credentials,
  loadPackageDefinition,
  type Client,
  type ClientDuplexStream,
} from '@grpc/grpc-js';
import { loadFileDescriptorSetFromBuffer, loadSync } from '@grpc/proto-loader';
import { health, ops } from '@pcn/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs } from './capture-logs.js';
import { registerHealth } from './grpc-health.js';
import { GrpcServer } from './grpc-server.js';
import { Readiness } from './readiness.js';

// The reflection protocol's own proto, as grpcurl speaks it.
const reflectionProto = join(
  dirname(createRequire(import.meta.url).resolve('@grpc/reflection')),
  '..',
  'proto',
  'grpc',
  'reflection',
  'v1',
  'reflection.proto',
);

interface ReflectionResponse {
  listServicesResponse?: { service: { name: string }[] };
  fileDescriptorResponse?: { fileDescriptorProto: Buffer[] };
  errorResponse?: { errorCode: number; errorMessage: string };
}
type ReflectionClient = Client & {
  serverReflectionInfo(): ClientDuplexStream<Record<string, string>, ReflectionResponse>;
};

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function serve(): Promise<string> {
  const server = new GrpcServer({ logger: captureLogs({ service: 't' }).logger });
  const unused = () => Promise.reject(new Error('not called in this test'));
  server.addService(ops.OpsServiceService, {
    getOutboxStatus: server.unary('GetOutboxStatus', unused),
    getServiceInfo: server.unary('GetServiceInfo', unused),
    erasePersonalData: server.unary('ErasePersonalData', unused),
  } satisfies ops.OpsServiceServer);
  registerHealth(server, new Readiness(), ['pcn.ops.v1.OpsService']);
  const port = await server.listen('127.0.0.1', 0);
  cleanups.push(() => server.shutdown(1000));
  return `127.0.0.1:${port}`;
}

function reflectionClient(address: string): ReflectionClient {
  const pkg = loadPackageDefinition(loadSync(reflectionProto)) as unknown as {
    grpc: { reflection: { v1: { ServerReflection: new (...a: unknown[]) => ReflectionClient } } };
  };
  const client = new pkg.grpc.reflection.v1.ServerReflection(address, credentials.createInsecure());
  cleanups.push(() => client.close());
  return client;
}

/** One request and its answer on the reflection stream. */
function ask(
  client: ReflectionClient,
  request: Record<string, string>,
): Promise<ReflectionResponse> {
  return new Promise((resolve, reject) => {
    const call = client.serverReflectionInfo();
    call.once('data', (res: ReflectionResponse) => {
      resolve(res);
      call.end();
    });
    call.once('error', reject);
    call.write(request);
  });
}

describe('gRPC server reflection', () => {
  it('lists every service the server added, as grpcurl list does', async () => {
    const client = reflectionClient(await serve());
    const res = await ask(client, { listServices: '' });
    expect(res.listServicesResponse?.service.map((s) => s.name).sort()).toEqual([
      'grpc.health.v1.Health',
      'pcn.ops.v1.OpsService',
    ]);
  });

  it('describes a service from the contracts, with its methods', async () => {
    const client = reflectionClient(await serve());
    const res = await ask(client, { fileContainingSymbol: 'pcn.ops.v1.OpsService' });
    const files = (res.fileDescriptorResponse?.fileDescriptorProto ?? []).map((b) =>
      Buffer.from(b).toString('latin1'),
    );
    // proto-loader names descriptors by package (`pcn_ops_v1.proto`), consistently with imports.
    const ops = files.find((f) => f.includes('pcn.ops.v1'));
    expect(ops).toContain('GetOutboxStatus');
    expect(ops).toContain('GetServiceInfo');
    // Its import travels with it, so a client can decode Timestamp fields.
    expect(files.some((f) => f.includes('google.protobuf') && f.includes('Timestamp'))).toBe(true);
    expect(health.protobufPackage).toBe('grpc.health.v1');
  });

  it('gives a client everything it needs to call a method, as grpcurl rebuilds it', async () => {
    const client = reflectionClient(await serve());
    const res = await ask(client, { fileContainingSymbol: 'pcn.ops.v1.OpsService' });
    // A FileDescriptorSet of what came back (field 1, repeated): it must stand on its own, every
    // import included, or the client cannot decode the messages.
    const files = res.fileDescriptorResponse?.fileDescriptorProto ?? [];
    const set = Buffer.concat(
      files.flatMap((f) => {
        const bytes = Buffer.from(f);
        const length: number[] = [];
        for (let n = bytes.length; ; n >>>= 7) {
          if (n < 0x80) {
            length.push(n);
            break;
          }
          length.push((n & 0x7f) | 0x80);
        }
        return [Buffer.from([0x0a, ...length]), bytes];
      }),
    );
    const rebuilt = loadFileDescriptorSetFromBuffer(set);
    const service = rebuilt['pcn.ops.v1.OpsService'] as Record<string, { path: string }>;
    expect(service['GetServiceInfo']?.path).toBe('/pcn.ops.v1.OpsService/GetServiceInfo');
    expect(service['GetOutboxStatus']?.path).toBe('/pcn.ops.v1.OpsService/GetOutboxStatus');
    expect(rebuilt['pcn.ops.v1.GetServiceInfoResponse']).toBeDefined();
  });

  it('answers NOT_FOUND for a symbol the server does not serve', async () => {
    const client = reflectionClient(await serve());
    const res = await ask(client, { fileContainingSymbol: 'pcn.secret.v1.Nothing' });
    expect(res.errorResponse?.errorCode).toBe(5);
  });
});

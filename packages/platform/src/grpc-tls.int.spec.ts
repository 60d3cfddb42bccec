import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Client, credentials, status, type ServiceError } from '@grpc/grpc-js';
import { ops } from '@pcn/contracts';
import { tempDir, type TempDir } from '@pcn/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from './capture-logs.js';
import { ConfigError } from './config.js';
import { runInContext, type CallerIdentity, type WorkContext } from './context.js';
import { callUnary, createGrpcClient } from './grpc-client.js';
import { useInternalSecret } from './grpc-metadata.js';
import { GrpcServer } from './grpc-server.js';
import { loadGrpcTls, useGrpcTls, type GrpcTls } from './grpc-tls.js';

// Certificates are made with the openssl command line, as an operator would make them.
const openssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!openssl) console.warn('grpc-tls.int.spec: skipped, the openssl command is not installed');

let dir: TempDir;
const files = {
  ca: '',
  otherCa: '',
  cert: '',
  key: '',
};

function run(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir.path, stdio: 'ignore' });
}

/** A CA, and one certificate it signed for 127.0.0.1 that serves and also identifies a client. */
function makeCertificates(): void {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2');
  run('req', '-x509', ...ec, '-keyout', 'other-ca.key', '-out', 'other-ca.pem', '-days', '2');
  writeFileSync(
    dir.file('node.ext'),
    'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\nbasicConstraints=CA:FALSE\n',
  );
  run('req', ...ec, '-keyout', 'node.key', '-out', 'node.csr', '-subj', '/CN=pcn-node');
  run(
    'x509',
    '-req',
    '-in',
    'node.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'node.pem',
    '-days',
    '2',
    '-extfile',
    'node.ext',
  );
  Object.assign(files, {
    ca: dir.file('ca.pem'),
    otherCa: dir.file('other-ca.pem'),
    cert: dir.file('node.pem'),
    key: dir.file('node.key'),
  });
}

const RESPONSE: ops.GetOutboxStatusResponse = {
  service: 'draft',
  pending: '0',
  published: '0',
  oldestPendingTime: undefined,
};

beforeAll(async () => {
  dir = await tempDir('pcn-grpc-tls-');
  // -subj for the self-signed CAs comes from this config, so openssl never prompts.
  process.env.OPENSSL_CONF = dir.file('openssl.cnf');
  writeFileSync(
    dir.file('openssl.cnf'),
    '[req]\ndistinguished_name=dn\nprompt=no\nx509_extensions=v3_ca\n[dn]\nCN=pcn-test-ca\n[v3_ca]\nbasicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n',
  );
  if (openssl) makeCertificates();
});
afterAll(async () => {
  delete process.env.OPENSSL_CONF;
  await dir.remove();
});

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  useGrpcTls(undefined);
  useInternalSecret(undefined);
});

async function tlsServer(material: GrpcTls): Promise<{ address: string; seen: WorkContext[] }> {
  useGrpcTls(material);
  const server = new GrpcServer({
    logger: captureLogs({ service: 't' }).logger,
    audience: 'draft',
  });
  const seen: WorkContext[] = [];
  server.addService(ops.OpsServiceService, {
    getOutboxStatus: server.unary('GetOutboxStatus', (_req, context) => {
      seen.push(context);
      return Promise.resolve(RESPONSE);
    }),
  });
  const port = await server.listen('127.0.0.1', 0);
  cleanups.push(() => server.shutdown(1000));
  // By name, as between hosts: the certificate names localhost.
  return { address: `localhost:${port}`, seen };
}

function rawCall(client: Client): Promise<ServiceError | null> {
  cleanups.push(() => client.close());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      '/pcn.ops.v1.OpsService/GetOutboxStatus',
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.alloc(0),
      { deadline: Date.now() + 3000 },
      (err) => resolve(err),
    );
  });
}

describe.skipIf(!openssl)('gRPC over TLS between hosts', () => {
  it('serves mutual TLS from the configured files and carries signed callers over it', async () => {
    const material = loadGrpcTls({
      GRPC_TLS_CA_FILE: files.ca,
      GRPC_TLS_CERT_FILE: files.cert,
      GRPC_TLS_KEY_FILE: files.key,
    });
    expect(material?.ca).toBeInstanceOf(Buffer);
    useInternalSecret('k7Qz1pWm9sXc4vBn8tYr2uLe6oHa3iDg0fJk5');
    const server = await tlsServer(material as GrpcTls);
    const client = createGrpcClient(ops.OpsServiceClient, server.address, { audience: 'draft' });
    cleanups.push(() => client.close());
    const caller: CallerIdentity = { kind: 'user', id: 'u-1', roles: ['agency_editor'] };
    await expect(
      runInContext({ correlationId: 'corr-tls', caller }, () =>
        callUnary(client.getOutboxStatus.bind(client), {}),
      ),
    ).resolves.toEqual(RESPONSE);
    expect(server.seen[0]?.caller).toEqual(caller);
  });

  it('refuses a plaintext client, a client without a certificate, and a client that trusts another CA', async () => {
    const material = loadGrpcTls({
      GRPC_TLS_CA_FILE: files.ca,
      GRPC_TLS_CERT_FILE: files.cert,
      GRPC_TLS_KEY_FILE: files.key,
    }) as GrpcTls;
    const server = await tlsServer(material);

    const plaintext = await rawCall(new Client(server.address, credentials.createInsecure()));
    expect(plaintext?.code).toBe(status.UNAVAILABLE);

    const noCertificate = await rawCall(
      new Client(server.address, credentials.createSsl(material.ca ?? null)),
    );
    expect(noCertificate?.code).toBe(status.UNAVAILABLE);

    const otherCa = loadGrpcTls({
      GRPC_TLS_CA_FILE: files.otherCa,
      GRPC_TLS_CERT_FILE: files.cert,
      GRPC_TLS_KEY_FILE: files.key,
    }) as GrpcTls;
    const distrusting = await rawCall(
      new Client(
        server.address,
        credentials.createSsl(otherCa.ca ?? null, otherCa.key ?? null, otherCa.cert ?? null),
      ),
    );
    expect(distrusting?.code).toBe(status.UNAVAILABLE);
    expect(server.seen).toHaveLength(0);

    // The same client with the right CA and its certificate gets through.
    const trusted = await rawCall(
      new Client(
        server.address,
        credentials.createSsl(material.ca ?? null, material.key ?? null, material.cert ?? null),
      ),
    );
    expect(trusted).toBeNull();
    expect(server.seen).toHaveLength(1);
  });
});

describe('loadGrpcTls', () => {
  it('is off when no file is named', () => {
    expect(loadGrpcTls({})).toBeUndefined();
  });

  it('names an unreadable file and a certificate without its key', () => {
    let err: unknown;
    try {
      loadGrpcTls({
        GRPC_TLS_CA_FILE: dir.file('missing-ca.pem'),
        GRPC_TLS_CERT_FILE: dir.file('missing-cert.pem'),
      });
    } catch (caught) {
      err = caught;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems.map((p) => p.variable)).toEqual([
      'GRPC_TLS_CA_FILE',
      'GRPC_TLS_CERT_FILE',
      'GRPC_TLS_KEY_FILE',
    ]);
  });
});

import { readFileSync } from 'node:fs';
import { credentials, ServerCredentials, type ChannelCredentials } from '@grpc/grpc-js';
import { ConfigError } from './config.js';

/** PEM material for gRPC between hosts; see `grpcTlsEnv`. */
export interface GrpcTls {
  /** CA that signed the network's certificates: clients check servers, servers check clients. */
  ca?: Buffer;
  /** This process's certificate chain and key: served by servers, presented by clients. */
  cert?: Buffer;
  key?: Buffer;
}

let tls: GrpcTls | undefined;

/**
 * Turns TLS on for every gRPC client and server this process makes from now on. Servers serve
 * TLS when they have a certificate and key, and with a CA also require a client certificate it
 * signed (mutual TLS). Clients use TLS when they have a CA or a certificate: they check the
 * server's certificate against the CA (or the system's CAs without one) and the host name of the
 * address, and present their own certificate when they have one.
 */
export function useGrpcTls(material: GrpcTls | undefined): void {
  tls = material && (material.ca || material.cert) ? material : undefined;
}

export function grpcChannelCredentials(): ChannelCredentials {
  if (!tls) return credentials.createInsecure();
  return credentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null);
}

export function grpcServerCredentials(): ServerCredentials {
  if (!tls?.cert || !tls.key) return ServerCredentials.createInsecure();
  return ServerCredentials.createSsl(
    tls.ca ?? null,
    [{ cert_chain: tls.cert, private_key: tls.key }],
    tls.ca !== undefined,
  );
}

/** Reads the files named by the `grpcTlsEnv` variables; a missing or unreadable one is named. */
export function loadGrpcTls(config: {
  GRPC_TLS_CA_FILE?: string | undefined;
  GRPC_TLS_CERT_FILE?: string | undefined;
  GRPC_TLS_KEY_FILE?: string | undefined;
}): GrpcTls | undefined {
  const problems: { variable: string; expected: string }[] = [];
  const read = (variable: keyof typeof config): Buffer | undefined => {
    const path = config[variable];
    if (path === undefined) return undefined;
    try {
      return readFileSync(path);
    } catch {
      problems.push({ variable, expected: 'cannot be read; expected the path of a PEM file' });
      return undefined;
    }
  };
  const material: GrpcTls = {};
  const ca = read('GRPC_TLS_CA_FILE');
  const cert = read('GRPC_TLS_CERT_FILE');
  const key = read('GRPC_TLS_KEY_FILE');
  if ((config.GRPC_TLS_CERT_FILE === undefined) !== (config.GRPC_TLS_KEY_FILE === undefined))
    problems.push({
      variable:
        config.GRPC_TLS_CERT_FILE === undefined ? 'GRPC_TLS_CERT_FILE' : 'GRPC_TLS_KEY_FILE',
      expected: 'is required with the other of GRPC_TLS_CERT_FILE and GRPC_TLS_KEY_FILE',
    });
  if (problems.length > 0) throw new ConfigError(problems);
  if (ca) material.ca = ca;
  if (cert) material.cert = cert;
  if (key) material.key = key;
  return ca || cert ? material : undefined;
}

import { createHmac, timingSafeEqual } from 'node:crypto';
import { Metadata } from '@grpc/grpc-js';
import { acceptCorrelationId, type CallerIdentity, type WorkContext } from './context.js';

export const CORRELATION_ID_HEADER = 'x-correlation-id';
export const CAUSATION_ID_HEADER = 'x-causation-id';
/** base64url JSON of a CallerIdentity, set by the gateway; services check permissions from it. */
export const CALLER_HEADER = 'x-pcn-caller';

/** HMAC-SHA256 of the caller header under the network's internal secret. */
export const CALLER_SIGNATURE_HEADER = 'x-pcn-caller-sig';

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

let signingKey: Buffer | undefined;

/**
 * Signs outgoing caller identities and requires a valid signature on incoming ones, with a secret
 * every process of the network shares (`INTERNAL_SECRET`). Without it, a peer that can reach a
 * service's gRPC port could claim any role; with it, only holders of the secret can.
 */
export function useInternalSecret(secret: string | undefined): void {
  signingKey = secret ? Buffer.from(secret, 'utf8') : undefined;
}

function sign(value: string, key: Buffer): string {
  return createHmac('sha256', key).update(value).digest('base64url');
}

function signatureValid(value: string, signature: string | undefined, key: Buffer): boolean {
  if (!signature) return false;
  const expected = Buffer.from(sign(value, key));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
const ROLES_LIMIT = 32;
const UNITS_LIMIT = 1000;

/** Writes the work context into outgoing metadata. */
export function contextToMetadata(context: WorkContext, metadata = new Metadata()): Metadata {
  metadata.set(CORRELATION_ID_HEADER, context.correlationId);
  if (context.causationId) metadata.set(CAUSATION_ID_HEADER, context.causationId);
  if (context.caller) {
    const value = Buffer.from(JSON.stringify(context.caller)).toString('base64url');
    metadata.set(CALLER_HEADER, value);
    if (signingKey) metadata.set(CALLER_SIGNATURE_HEADER, sign(value, signingKey));
  }
  return metadata;
}

function single(metadata: Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === 'string' ? value : undefined;
}

function parseCaller(raw: string | undefined): CallerIdentity | undefined {
  if (!raw || raw.length > 8192) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const v = value as Record<string, unknown>;
    const kinds = ['user', 'api-client', 'anonymous', 'service'];
    if (typeof v.kind !== 'string' || !kinds.includes(v.kind)) return undefined;
    if (typeof v.id !== 'string' || !ID_PATTERN.test(v.id)) return undefined;
    if (!Array.isArray(v.roles) || v.roles.length > ROLES_LIMIT) return undefined;
    if (!v.roles.every((r) => typeof r === 'string')) return undefined;
    const caller: CallerIdentity = {
      kind: v.kind as CallerIdentity['kind'],
      id: v.id,
      roles: v.roles,
    };
    // A malformed scope drops the whole caller: a missing scope must never read as "unrestricted".
    if (v.organizationId !== undefined) {
      if (typeof v.organizationId !== 'string' || !ID_PATTERN.test(v.organizationId))
        return undefined;
      caller.organizationId = v.organizationId;
    }
    if (v.unitIds !== undefined) {
      if (!Array.isArray(v.unitIds) || v.unitIds.length > UNITS_LIMIT) return undefined;
      if (!v.unitIds.every((u) => typeof u === 'string' && ID_PATTERN.test(u))) return undefined;
      caller.unitIds = v.unitIds as string[];
    }
    return caller;
  } catch {
    return undefined;
  }
}

/**
 * Reads the work context from incoming metadata. A missing or malformed correlation id is replaced
 * by a fresh one; a malformed caller is dropped, which leaves the call anonymous.
 */
export function contextFromMetadata(metadata: Metadata): WorkContext {
  const context: WorkContext = {
    correlationId: acceptCorrelationId(single(metadata, CORRELATION_ID_HEADER)),
  };
  const causation = single(metadata, CAUSATION_ID_HEADER);
  if (causation && ID_PATTERN.test(causation)) context.causationId = causation;
  const raw = single(metadata, CALLER_HEADER);
  // With a secret configured, an unsigned or forged caller is dropped: the call is anonymous.
  const trusted =
    raw !== undefined &&
    (!signingKey || signatureValid(raw, single(metadata, CALLER_SIGNATURE_HEADER), signingKey));
  const caller = trusted ? parseCaller(raw) : undefined;
  if (caller) context.caller = caller;
  return context;
}

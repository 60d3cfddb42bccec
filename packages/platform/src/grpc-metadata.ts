import { createHmac, timingSafeEqual } from 'node:crypto';
import { Metadata } from '@grpc/grpc-js';
import { acceptCorrelationId, type CallerIdentity, type WorkContext } from './context.js';

export const CORRELATION_ID_HEADER = 'x-correlation-id';
export const CAUSATION_ID_HEADER = 'x-causation-id';
/** base64url JSON of a CallerIdentity, set by the gateway; services check permissions from it. */
export const CALLER_HEADER = 'x-pcn-caller';

/**
 * `v1.<issued-at>.<expires-at>.<mac>`: times in Unix seconds; the MAC is HMAC-SHA256, under the
 * network's internal secret, of the caller header, the full gRPC method path, the receiving
 * service (the audience) and both times. A captured header therefore works only for that method,
 * on that service, until it expires.
 */
export const CALLER_SIGNATURE_HEADER = 'x-pcn-caller-sig';

/** How long a signed caller identity is accepted after it is signed (one call, with retries). */
export const CALLER_SIGNATURE_TTL_SECONDS = 60;
/** Clock difference tolerated between hosts when checking the validity window. */
export const CALLER_CLOCK_SKEW_SECONDS = 15;

const ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const SIGNATURE_PATTERN = /^v1\.(\d{1,12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

/** Where a call goes: the full method path (`/pcn.draft.v1.DraftService/GetDraft`) and service. */
export interface CallTarget {
  method: string;
  /** The receiving service's name, as it calls itself: `draft`, `notification`, ... */
  audience: string;
}

let signingKey: Buffer | undefined;

/**
 * Signs outgoing caller identities and requires a valid signature on incoming ones, with a secret
 * every process of the network shares (`INTERNAL_SECRET`). Without it, a peer that can reach a
 * service's gRPC port could claim any role; with it, only holders of the secret can, and only for
 * the method, service and minute they signed for.
 */
export function useInternalSecret(secret: string | undefined): void {
  signingKey = secret ? Buffer.from(secret, 'utf8') : undefined;
  signedThisSecond.clear();
  verified.clear();
}

/**
 * The same caller calls the same method many times a second (a list page, each request of a busy
 * officer): signatures made this second, and callers already verified, are kept so that each is
 * computed once. Only exact inputs hit; the validity window is still checked on every call.
 */
const CACHE_LIMIT = 10_000;
const signedThisSecond = new Map<string, string>();
let signedSecond = 0;
const verified = new Map<
  string,
  { iat: number; exp: number; caller: CallerIdentity | undefined }
>();

function mac(value: string, target: CallTarget, iat: number, exp: number, key: Buffer): string {
  // Newline-separated: none of the parts can hold a newline (method paths and service names are
  // plain identifiers, the caller is base64url), so no two different inputs read the same.
  return createHmac('sha256', key)
    .update(['pcn-caller/v1', target.audience, target.method, iat, exp, value].join('\n'))
    .digest('base64url');
}

/**
 * Signs the caller header already in `metadata` for one call, if this process holds the internal
 * secret. The client interceptor of `createGrpcClient` calls this with the call's method.
 */
export function signCallerMetadata(metadata: Metadata, target: CallTarget, now = new Date()): void {
  const value = single(metadata, CALLER_HEADER);
  if (value === undefined || !signingKey) return;
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + CALLER_SIGNATURE_TTL_SECONDS;
  if (iat !== signedSecond || signedThisSecond.size >= CACHE_LIMIT) {
    signedThisSecond.clear();
    signedSecond = iat;
  }
  const key = `${target.audience}\n${target.method}\n${value}`;
  let signature = signedThisSecond.get(key);
  if (signature === undefined) {
    signature = `v1.${iat}.${exp}.${mac(value, target, iat, exp, signingKey)}`;
    signedThisSecond.set(key, signature);
  }
  metadata.set(CALLER_SIGNATURE_HEADER, signature);
}

function signatureValid(
  value: string,
  signature: string | undefined,
  expected: CallTarget & { now?: Date },
  key: Buffer,
): boolean {
  const match = signature === undefined ? null : SIGNATURE_PATTERN.exec(signature);
  if (!match) return false;
  const iat = Number(match[1]);
  const exp = Number(match[2]);
  const now = Math.floor((expected.now ?? new Date()).getTime() / 1000);
  // A signer cannot stretch the window: it is at most the TTL, whatever `exp` says.
  if (exp < iat || exp - iat > CALLER_SIGNATURE_TTL_SECONDS) return false;
  if (now < iat - CALLER_CLOCK_SKEW_SECONDS || now > exp + CALLER_CLOCK_SKEW_SECONDS) return false;
  const want = Buffer.from(mac(value, expected, iat, exp, key));
  const given = Buffer.from(match[3] ?? '');
  return want.length === given.length && timingSafeEqual(want, given);
}
const ROLES_LIMIT = 32;
const UNITS_LIMIT = 1000;

/**
 * Writes the work context into outgoing metadata. With a `target`, the caller is also signed for
 * it; without one, the client interceptor signs it once it knows the method.
 */
export function contextToMetadata(
  context: WorkContext,
  metadata = new Metadata(),
  target?: CallTarget & { now?: Date },
): Metadata {
  metadata.set(CORRELATION_ID_HEADER, context.correlationId);
  if (context.causationId) metadata.set(CAUSATION_ID_HEADER, context.causationId);
  if (context.caller) {
    const value = Buffer.from(JSON.stringify(context.caller)).toString('base64url');
    metadata.set(CALLER_HEADER, value);
    if (target) signCallerMetadata(metadata, target, target.now);
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
 * by a fresh one; a malformed caller is dropped, which leaves the call anonymous. With the internal
 * secret in use, so is a caller whose signature is missing, forged, made for another method
 * or service than `expected`, or outside its validity window at `expected.now` (default: now).
 */
export function contextFromMetadata(
  metadata: Metadata,
  expected?: CallTarget & { now?: Date },
): WorkContext {
  const context: WorkContext = {
    correlationId: acceptCorrelationId(single(metadata, CORRELATION_ID_HEADER)),
  };
  const causation = single(metadata, CAUSATION_ID_HEADER);
  if (causation && ID_PATTERN.test(causation)) context.causationId = causation;
  const raw = single(metadata, CALLER_HEADER);
  // With a secret configured, an unsigned or forged caller is dropped: the call is anonymous.
  const caller =
    raw === undefined
      ? undefined
      : !signingKey
        ? parseCaller(raw)
        : expected === undefined
          ? undefined
          : signedCaller(raw, single(metadata, CALLER_SIGNATURE_HEADER), expected, signingKey);
  if (caller) context.caller = caller;
  return context;
}

/** The caller of a correctly signed header, from the cache of verified ones when it is there. */
function signedCaller(
  raw: string,
  signature: string | undefined,
  expected: CallTarget & { now?: Date },
  key: Buffer,
): CallerIdentity | undefined {
  if (signature === undefined) return undefined;
  const cacheKey = `${expected.audience}\n${expected.method}\n${signature}\n${raw}`;
  const hit = verified.get(cacheKey);
  if (hit) {
    const now = Math.floor((expected.now ?? new Date()).getTime() / 1000);
    const inWindow =
      now >= hit.iat - CALLER_CLOCK_SKEW_SECONDS && now <= hit.exp + CALLER_CLOCK_SKEW_SECONDS;
    return inWindow ? hit.caller : undefined;
  }
  if (!signatureValid(raw, signature, expected, key)) return undefined;
  const match = SIGNATURE_PATTERN.exec(signature);
  const caller = parseCaller(raw);
  if (caller) deepFreeze(caller);
  if (verified.size >= CACHE_LIMIT) verified.clear();
  verified.set(cacheKey, { iat: Number(match?.[1]), exp: Number(match?.[2]), caller });
  return caller;
}

/** A cached caller is shared by calls: frozen, so no call can change another's. */
function deepFreeze(caller: CallerIdentity): void {
  Object.freeze(caller.roles);
  if (caller.unitIds) Object.freeze(caller.unitIds);
  Object.freeze(caller);
}

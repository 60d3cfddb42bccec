import { Metadata } from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallerIdentity, WorkContext } from './context.js';
import {
  CALLER_HEADER,
  CAUSATION_ID_HEADER,
  CORRELATION_ID_HEADER,
  contextFromMetadata,
  contextToMetadata,
  CALLER_CLOCK_SKEW_SECONDS,
  CALLER_SIGNATURE_HEADER,
  CALLER_SIGNATURE_TTL_SECONDS,
  useInternalSecret,
} from './grpc-metadata.js';
import { isUuidV7 } from './ids.js';

/**
 * Metadata that a hostile or broken peer could put on the wire. grpc-js validates values in
 * `set`, so this writes around that check to reach contextFromMetadata's own defences.
 */
class RawMetadata extends Metadata {
  static of(entries: Record<string, string>): RawMetadata {
    const metadata = new RawMetadata();
    for (const [key, value] of Object.entries(entries)) metadata.internalRepr.set(key, [value]);
    return metadata;
  }
}

function encodeCaller(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

const validCaller = {
  kind: 'user',
  id: 'user-42',
  roles: ['editor', 'reviewer'],
} as const;

function metadataWithCaller(caller: unknown): Metadata {
  const metadata = new Metadata();
  metadata.set(CORRELATION_ID_HEADER, 'corr-1');
  metadata.set(CALLER_HEADER, encodeCaller(caller));
  return metadata;
}

describe('contextToMetadata / contextFromMetadata', () => {
  it('round-trips a full work context', () => {
    const context: WorkContext = {
      correlationId: '01890a5d-ac96-774b-bcce-b302099a8057',
      causationId: 'evt:draft.published:42',
      caller: {
        kind: 'api-client',
        id: 'client_7',
        roles: ['publisher'],
        organizationId: 'org-1',
        unitIds: ['unit-a', 'unit-b'],
      },
    };
    expect(contextFromMetadata(contextToMetadata(context))).toEqual(context);
  });

  it.each<CallerIdentity>([
    { kind: 'user', id: 'u1', roles: [] },
    { kind: 'service', id: 'draft', roles: ['system'] },
    { kind: 'anonymous', id: 'anonymous', roles: [] },
    { kind: 'api-client', id: 'a.b:c-d_e', roles: Array.from({ length: 32 }, (_, i) => `r${i}`) },
  ])('round-trips caller %j', (caller) => {
    const context: WorkContext = { correlationId: 'corr-1', caller };
    expect(contextFromMetadata(contextToMetadata(context))).toEqual(context);
  });

  it('writes only the correlation id when there is nothing else', () => {
    const metadata = contextToMetadata({ correlationId: 'corr-only' });
    expect(metadata.get(CORRELATION_ID_HEADER)).toEqual(['corr-only']);
    expect(metadata.get(CAUSATION_ID_HEADER)).toEqual([]);
    expect(metadata.get(CALLER_HEADER)).toEqual([]);
    expect(contextFromMetadata(metadata)).toEqual({ correlationId: 'corr-only' });
  });

  it('adds to existing metadata instead of replacing it', () => {
    const existing = new Metadata();
    existing.set('x-other', 'kept');
    const metadata = contextToMetadata({ correlationId: 'corr-1' }, existing);
    expect(metadata).toBe(existing);
    expect(metadata.get('x-other')).toEqual(['kept']);
  });

  it('encodes the caller as base64url JSON', () => {
    const metadata = contextToMetadata({ correlationId: 'c', caller: validCaller });
    const raw = metadata.get(CALLER_HEADER)[0];
    expect(typeof raw).toBe('string');
    expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(raw as string, 'base64url').toString('utf8'))).toEqual(
      validCaller,
    );
  });
});

describe('contextFromMetadata with hostile or broken input', () => {
  it('makes a fresh UUIDv7 correlation id when none arrives', () => {
    const a = contextFromMetadata(new Metadata());
    const b = contextFromMetadata(new Metadata());
    expect(isUuidV7(a.correlationId)).toBe(true);
    expect(isUuidV7(b.correlationId)).toBe(true);
    expect(a.correlationId).not.toBe(b.correlationId);
    expect(a).toEqual({ correlationId: a.correlationId });
  });

  it('keeps a 128-character correlation id', () => {
    const id = 'a'.repeat(128);
    expect(contextFromMetadata(RawMetadata.of({ [CORRELATION_ID_HEADER]: id })).correlationId).toBe(
      id,
    );
  });

  it.each([
    ['with a newline', 'corr-1\nX-Injected: yes'],
    ['with a carriage return', 'corr-1\r'],
    ['with spaces', 'corr 1'],
    ['too long', 'a'.repeat(129)],
    ['far too long', 'a'.repeat(10_000)],
    ['empty', ''],
    ['with non-ASCII', 'corr-ä'],
    ['with a JSON payload', '{"$ne":null}'],
  ])('replaces a correlation id %s by a fresh UUIDv7', (_case, value) => {
    const context = contextFromMetadata(RawMetadata.of({ [CORRELATION_ID_HEADER]: value }));
    expect(context.correlationId).not.toBe(value);
    expect(isUuidV7(context.correlationId)).toBe(true);
  });

  it.each([
    ['with a newline', 'evt-1\nX-Injected: yes'],
    ['too long', 'e'.repeat(129)],
    ['with spaces', 'evt 1'],
  ])('drops a causation id %s', (_case, value) => {
    const context = contextFromMetadata(
      RawMetadata.of({ [CORRELATION_ID_HEADER]: 'corr-1', [CAUSATION_ID_HEADER]: value }),
    );
    expect(context).toEqual({ correlationId: 'corr-1' });
  });

  it.each([
    ['malformed base64', '!!!%%%not base64***'],
    ['base64 of something that is not JSON', Buffer.from('hello, world').toString('base64url')],
    ['base64 of truncated JSON', Buffer.from('{"kind":"user","id":"u1"').toString('base64url')],
    ['JSON null', encodeCaller(null)],
    ['a JSON string', encodeCaller('user-42')],
    ['a JSON number', encodeCaller(42)],
    ['a JSON array', encodeCaller([validCaller])],
    ['an unknown kind', encodeCaller({ ...validCaller, kind: 'admin' })],
    ['a kind that is not a string', encodeCaller({ ...validCaller, kind: ['user'] })],
    ['a missing kind', encodeCaller({ id: 'user-42', roles: [] })],
    ['a missing id', encodeCaller({ kind: 'user', roles: [] })],
    ['an id that is not a string', encodeCaller({ ...validCaller, id: 42 })],
    ['an empty id', encodeCaller({ ...validCaller, id: '' })],
    ['an id with spaces', encodeCaller({ ...validCaller, id: 'user 42' })],
    ['an id with a newline', encodeCaller({ ...validCaller, id: 'user-42\nadmin' })],
    ['a 500-character id', encodeCaller({ ...validCaller, id: 'u'.repeat(500) })],
    ['missing roles', encodeCaller({ kind: 'user', id: 'user-42' })],
    ['roles that are not an array', encodeCaller({ ...validCaller, roles: 'admin' })],
    ['roles that are not strings', encodeCaller({ ...validCaller, roles: ['editor', 1] })],
    ['roles that are objects', encodeCaller({ ...validCaller, roles: [{ name: 'admin' }] })],
    [
      'too many roles',
      encodeCaller({ ...validCaller, roles: Array.from({ length: 33 }, (_, i) => `r${i}`) }),
    ],
    [
      'an oversized header (otherwise valid)',
      encodeCaller({ ...validCaller, organizationId: 'o'.repeat(7000) }),
    ],
    ['a huge header', 'A'.repeat(1_000_000)],
  ])('drops a caller with %s, leaving the call anonymous', (_case, header) => {
    const context = contextFromMetadata(
      RawMetadata.of({ [CORRELATION_ID_HEADER]: 'corr-1', [CALLER_HEADER]: header }),
    );
    expect(context).toEqual({ correlationId: 'corr-1' });
    expect(context.caller).toBeUndefined();
  });

  it('keeps only the known fields of a valid caller', () => {
    const json =
      '{"kind":"user","id":"user-42","roles":["editor","reviewer"],"isAdmin":true,' +
      '"__proto__":{"polluted":true},"constructor":"x"}';
    const context = contextFromMetadata(
      RawMetadata.of({
        [CORRELATION_ID_HEADER]: 'corr-1',
        [CALLER_HEADER]: Buffer.from(json).toString('base64url'),
      }),
    );
    expect(context.caller).toEqual(validCaller);
    expect(Object.keys(context.caller ?? {}).sort()).toEqual(['id', 'kind', 'roles']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('drops a caller that only has the `anonymous` kind but a hostile id', () => {
    const context = contextFromMetadata(
      metadataWithCaller({ kind: 'anonymous', id: '../../etc/passwd', roles: [] }),
    );
    expect(context.caller).toBeUndefined();
  });

  // The contract of contextFromMetadata: "a malformed caller is dropped, which leaves the call
  // anonymous". A caller whose scoping fields are malformed is malformed; keeping it with those
  // fields stripped could widen what it may do, where absent scopes mean "not restricted".
  it.each([
    ['an organizationId that is not a string', { organizationId: 42 }],
    ['an organizationId with spaces', { organizationId: 'org 1' }],
    ['unitIds that are not strings', { unitIds: ['unit-a', 7] }],
    ['a unit id with spaces', { unitIds: ['unit a'] }],
  ])('drops a caller with %s instead of keeping it unscoped', (_case, extra) => {
    const context = contextFromMetadata(metadataWithCaller({ ...validCaller, ...extra }));
    expect(context.caller).toBeUndefined();
  });
});

describe('signed caller identities', () => {
  afterEach(() => useInternalSecret(undefined));
  const caller: CallerIdentity = {
    kind: 'user',
    id: 'u-1',
    roles: ['agency_editor'],
    organizationId: 'org-a',
  };
  // The signature now covers the method and the receiving service (issue #8): both sides name them.
  const target = { method: '/pcn.draft.v1.DraftService/CreateDraft', audience: 'draft' };
  const signedAt = new Date('2026-03-02T01:00:00.000Z');
  const at = (offsetSeconds: number) => ({
    ...target,
    now: new Date(signedAt.getTime() + offsetSeconds * 1000),
  });

  it('accept a caller signed with the shared secret', () => {
    useInternalSecret('s'.repeat(32));
    const md = contextToMetadata({ correlationId: 'c-1', caller }, undefined, target);
    expect(md.get(CALLER_SIGNATURE_HEADER)).toHaveLength(1);
    expect(contextFromMetadata(md, target).caller).toEqual(caller);
  });

  it('drop an unsigned, forged or re-signed-by-someone-else caller', () => {
    const unsigned = contextToMetadata(
      { correlationId: 'c-1', caller: { ...caller, roles: ['network_admin'] } },
      undefined,
      target,
    );
    useInternalSecret('s'.repeat(32));
    expect(contextFromMetadata(unsigned, target).caller).toBeUndefined();
    const signed = contextToMetadata({ correlationId: 'c-1', caller }, undefined, target);
    const forged = signed.clone();
    forged.set(
      CALLER_HEADER,
      Buffer.from(JSON.stringify({ ...caller, roles: ['network_admin'] })).toString('base64url'),
    );
    expect(contextFromMetadata(forged, target).caller).toBeUndefined();
    useInternalSecret('t'.repeat(32));
    expect(contextFromMetadata(signed, target).caller).toBeUndefined();
  });

  it('drop a caller signed for another method or another service', () => {
    useInternalSecret('s'.repeat(32));
    const md = contextToMetadata({ correlationId: 'c-1', caller }, undefined, target);
    expect(contextFromMetadata(md, target).caller).toEqual(caller);
    const otherMethod = { ...target, method: '/pcn.draft.v1.DraftService/DeleteDraft' };
    expect(contextFromMetadata(md, otherMethod).caller).toBeUndefined();
    expect(contextFromMetadata(md, { ...target, audience: 'notification' }).caller).toBeUndefined();
    // A receiver that does not say which method and service it is checks nothing, so trusts nothing.
    expect(contextFromMetadata(md).caller).toBeUndefined();
  });

  it('accept a caller within its minute (with the tolerated skew on both sides), and drop it outside', () => {
    useInternalSecret('s'.repeat(32));
    const md = contextToMetadata({ correlationId: 'c-1', caller }, undefined, {
      ...target,
      now: signedAt,
    });
    const last = CALLER_SIGNATURE_TTL_SECONDS + CALLER_CLOCK_SKEW_SECONDS;
    expect(contextFromMetadata(md, at(0)).caller).toEqual(caller);
    expect(contextFromMetadata(md, at(last)).caller).toEqual(caller);
    expect(contextFromMetadata(md, at(last + 1)).caller).toBeUndefined();
    expect(contextFromMetadata(md, at(3600)).caller).toBeUndefined();
    // A receiver whose clock is behind the signer's, within the skew, still accepts it.
    expect(contextFromMetadata(md, at(-CALLER_CLOCK_SKEW_SECONDS)).caller).toEqual(caller);
    expect(contextFromMetadata(md, at(-CALLER_CLOCK_SKEW_SECONDS - 1)).caller).toBeUndefined();
  });

  it('verify a repeated header once, yet check its window on every call and share nothing mutable', () => {
    useInternalSecret('s'.repeat(32));
    const md = contextToMetadata({ correlationId: 'c-1', caller }, undefined, {
      ...target,
      now: signedAt,
    });
    const first = contextFromMetadata(md, at(1)).caller;
    const second = contextFromMetadata(md, at(2)).caller;
    expect(second).toEqual(caller);
    expect(second).toBe(first);
    expect(Object.isFrozen(second) && Object.isFrozen(second?.roles)).toBe(true);
    expect(() => (second?.roles as string[]).push('network_admin')).toThrow();
    const last = CALLER_SIGNATURE_TTL_SECONDS + CALLER_CLOCK_SKEW_SECONDS;
    expect(contextFromMetadata(md, at(last + 1)).caller).toBeUndefined();
    // A new secret forgets what the old one verified.
    useInternalSecret('t'.repeat(32));
    expect(contextFromMetadata(md, at(3)).caller).toBeUndefined();
  });

  it('drop a signature whose times were edited to stretch its window', () => {
    useInternalSecret('s'.repeat(32));
    const md = contextToMetadata({ correlationId: 'c-1', caller }, undefined, {
      ...target,
      now: signedAt,
    });
    const [version, iat, , mac] = String(md.get(CALLER_SIGNATURE_HEADER)[0]).split('.');
    const stretched = md.clone();
    stretched.set(CALLER_SIGNATURE_HEADER, `${version}.${iat}.${Number(iat) + 86_400}.${mac}`);
    expect(contextFromMetadata(stretched, at(3600)).caller).toBeUndefined();
    expect(contextFromMetadata(stretched, at(0)).caller).toBeUndefined();
    for (const junk of [
      '',
      'v1',
      'v1.1.2',
      `v2.${iat}.${Number(iat) + 60}.${mac}`,
      'x'.repeat(9000),
    ]) {
      const bad = md.clone();
      bad.set(CALLER_SIGNATURE_HEADER, junk);
      expect(contextFromMetadata(bad, at(0)).caller, junk.slice(0, 20)).toBeUndefined();
    }
  });
});

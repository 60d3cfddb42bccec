import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { rpcDetails, rpcStatus } from '@pcn/contracts';
import { describe, expect, it } from 'vitest';
import {
  AlreadyExistsError,
  ConflictError,
  type DomainError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  ResourceExhaustedError,
  UnauthenticatedError,
  isDomainError,
} from './errors.js';
import { ERROR_DOMAIN, fromGrpcError, toGrpcError } from './grpc-errors.js';

const DETAILS_KEY = 'grpc-status-details-bin';

/** What a grpc-js client hands its callback for the status a server sent. */
function asServiceError(sent: Partial<ServiceError>): ServiceError {
  const code = sent.code ?? status.UNKNOWN;
  const details = sent.details ?? '';
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), {
    code,
    details,
    metadata: sent.metadata ?? new Metadata(),
  });
}

function decodedStatus(sent: Partial<ServiceError>): rpcStatus.Status {
  const raw = sent.metadata?.get(DETAILS_KEY)[0];
  if (!(raw instanceof Buffer)) throw new Error(`no ${DETAILS_KEY} in the metadata`);
  return rpcStatus.Status.decode(raw);
}

function detail(decoded: rpcStatus.Status, typeName: string): Uint8Array | undefined {
  return decoded.details.find((d) => d.typeUrl === `type.googleapis.com/${typeName}`)?.value;
}

function errorInfoOf(sent: Partial<ServiceError>): rpcDetails.ErrorInfo {
  const value = detail(decodedStatus(sent), 'google.rpc.ErrorInfo');
  if (!value) throw new Error('no ErrorInfo detail');
  return rpcDetails.ErrorInfo.decode(value);
}

const violations = [
  { field: 'title.vi', description: 'must not be empty' },
  { field: 'consultation.endsAt', description: 'must be at least 60 days after start' },
];

describe('toGrpcError', () => {
  it.each([
    [
      'InvalidArgumentError',
      new InvalidArgumentError(violations),
      status.INVALID_ARGUMENT,
      'INVALID_ARGUMENT',
    ],
    ['NotFoundError', new NotFoundError('Draft', 'd-1'), status.NOT_FOUND, 'NOT_FOUND'],
    [
      'AlreadyExistsError',
      new AlreadyExistsError('slug taken', 'SLUG_TAKEN'),
      status.ALREADY_EXISTS,
      'SLUG_TAKEN',
    ],
    [
      'FailedPreconditionError',
      new FailedPreconditionError('consultation too short', 'CONSULTATION_TOO_SHORT'),
      status.FAILED_PRECONDITION,
      'CONSULTATION_TOO_SHORT',
    ],
    [
      'PermissionDeniedError',
      new PermissionDeniedError('not your unit'),
      status.PERMISSION_DENIED,
      'PERMISSION_DENIED',
    ],
    ['UnauthenticatedError', new UnauthenticatedError(), status.UNAUTHENTICATED, 'UNAUTHENTICATED'],
    ['ConflictError', new ConflictError('Draft', 'd-1', 3, 4), status.ABORTED, 'VERSION_CONFLICT'],
  ])(
    'maps %s to its status, keeping the message and the reason in ErrorInfo',
    (_name, err, code, reason) => {
      const sent = toGrpcError(err);
      expect(sent.code).toBe(code);
      expect(sent.details).toBe(err.message);

      const decoded = decodedStatus(sent);
      expect(decoded.code).toBe(code);
      expect(decoded.message).toBe(err.message);
      expect(errorInfoOf(sent)).toEqual({ reason, domain: ERROR_DOMAIN, metadata: {} });
    },
  );

  it('puts field violations of an InvalidArgumentError in a BadRequest detail', () => {
    const sent = toGrpcError(new InvalidArgumentError(violations));
    expect(sent.code).toBe(status.INVALID_ARGUMENT);
    expect(sent.details).toBe(
      'title.vi: must not be empty; consultation.endsAt: must be at least 60 days after start',
    );
    const value = detail(decodedStatus(sent), 'google.rpc.BadRequest');
    expect(value).toBeDefined();
    expect(rpcDetails.BadRequest.decode(value ?? new Uint8Array()).fieldViolations).toEqual(
      violations.map((v) => ({ ...v, reason: '' })),
    );
  });

  it('names the resource of NOT_FOUND and ABORTED in a ResourceInfo detail', () => {
    for (const err of [
      new NotFoundError('Draft', 'd-1'),
      new ConflictError('Draft', 'd-1', 3, 4),
    ]) {
      const value = detail(decodedStatus(toGrpcError(err)), 'google.rpc.ResourceInfo');
      expect(value).toBeDefined();
      expect(rpcDetails.ResourceInfo.decode(value ?? new Uint8Array())).toMatchObject({
        resourceType: 'Draft',
        resourceName: 'd-1',
      });
    }
  });

  it.each([
    ['a plain Error', new Error('SQLITE_BUSY: database /var/lib/pcn/draft.db is locked')],
    ['a TypeError', new TypeError("Cannot read properties of undefined (reading 'secretField')")],
    ['a thrown string', 'connection string mongodb://admin:pw@db/ failed'],
    ['undefined', undefined],
    [
      'an object that looks like a domain error',
      { code: 'NOT_FOUND', message: 'fake', reason: 'X' },
    ],
  ])('maps %s to INTERNAL with a generic message and no details', (_case, thrown) => {
    const sent = toGrpcError(thrown);
    expect(sent.code).toBe(status.INTERNAL);
    expect(sent.details).toBe('Internal error');
    expect(sent.metadata?.get(DETAILS_KEY)).toEqual([]);
    const everything = JSON.stringify({ details: sent.details, metadata: sent.metadata?.toJSON() });
    for (const leak of ['SQLITE', 'draft.db', 'secretField', 'mongodb', 'fake']) {
      expect(everything).not.toContain(leak);
    }
  });
});

describe('fromGrpcError', () => {
  it('restores an InvalidArgumentError with its message and violations', () => {
    const original = new InvalidArgumentError(violations, 'the draft is invalid');
    const restored = fromGrpcError(asServiceError(toGrpcError(original)));
    expect(restored).toBeInstanceOf(InvalidArgumentError);
    const err = restored as InvalidArgumentError;
    expect(err.message).toBe('the draft is invalid');
    expect(err.reason).toBe('INVALID_ARGUMENT');
    expect(err.violations).toEqual(violations);
    expect(err.code).toBe('INVALID_ARGUMENT');
  });

  it('restores a NotFoundError with its resource and message', () => {
    const restored = fromGrpcError(asServiceError(toGrpcError(new NotFoundError('Draft', 'd-1'))));
    expect(restored).toBeInstanceOf(NotFoundError);
    const err = restored as NotFoundError;
    expect(err.message).toBe('Draft d-1 was not found');
    expect(err.resourceType).toBe('Draft');
    expect(err.resourceId).toBe('d-1');
    expect(err.reason).toBe('NOT_FOUND');
  });

  it.each([
    [AlreadyExistsError, new AlreadyExistsError('slug taken', 'SLUG_TAKEN')],
    [AlreadyExistsError, new AlreadyExistsError('already there')],
    [
      FailedPreconditionError,
      new FailedPreconditionError('consultation too short', 'CONSULTATION_TOO_SHORT'),
    ],
    [PermissionDeniedError, new PermissionDeniedError('not your unit', 'OUTSIDE_UNIT')],
    [PermissionDeniedError, new PermissionDeniedError('no')],
    [UnauthenticatedError, new UnauthenticatedError()],
    [UnauthenticatedError, new UnauthenticatedError('API key expired', 'API_KEY_EXPIRED')],
  ])('restores %o with its message and reason', (Class, original) => {
    const restored = fromGrpcError(asServiceError(toGrpcError(original)));
    expect(restored).toBeInstanceOf(Class);
    expect(isDomainError(restored)).toBe(true);
    const err = restored as DomainError;
    expect(err.message).toBe(original.message);
    expect(err.reason).toBe(original.reason);
    expect(err.code).toBe(original.code);
  });

  it('restores a ConflictError (ABORTED with reason VERSION_CONFLICT) with its message and resource', () => {
    const original = new ConflictError('Draft', 'd-1', 3, 4);
    const restored = fromGrpcError(asServiceError(toGrpcError(original)));
    expect(restored).toBeInstanceOf(ConflictError);
    const err = restored as ConflictError;
    expect(err.message).toBe(original.message);
    expect(err.reason).toBe('VERSION_CONFLICT');
    expect(err.code).toBe('CONFLICT');
    expect(err.resourceType).toBe('Draft');
    expect(err.resourceId).toBe('d-1');
  });

  it('restores a ResourceExhaustedError with its reason and when to retry', () => {
    const original = new ResourceExhaustedError(
      'Too many codes; try again in 12 minutes',
      'TOO_MANY_VERIFICATIONS',
      701.2,
    );
    const sent = toGrpcError(original);
    expect(sent.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(errorInfoOf(sent).metadata).toEqual({ retryAfterSeconds: '702' });
    const err = fromGrpcError(asServiceError(sent));
    expect(err).toBeInstanceOf(ResourceExhaustedError);
    expect(err.message).toBe(original.message);
    expect((err as ResourceExhaustedError).reason).toBe('TOO_MANY_VERIFICATIONS');
    expect((err as ResourceExhaustedError).retryAfterSeconds).toBe(702);
  });

  it('returns an ABORTED status without VERSION_CONFLICT unchanged', () => {
    const original = asServiceError({ code: status.ABORTED, details: 'transaction aborted' });
    expect(fromGrpcError(original)).toBe(original);
  });

  it.each([
    status.INTERNAL,
    status.UNAVAILABLE,
    status.DEADLINE_EXCEEDED,
    status.RESOURCE_EXHAUSTED,
    status.UNKNOWN,
    status.CANCELLED,
    status.UNIMPLEMENTED,
  ])('returns status %i, which has no domain meaning, unchanged', (code) => {
    const original = asServiceError({ code, details: 'transport trouble' });
    expect(fromGrpcError(original)).toBe(original);
  });

  it('restores the masked INTERNAL of an unexpected error as the bare status', () => {
    const original = asServiceError(toGrpcError(new Error('secret internals')));
    const restored = fromGrpcError(original);
    expect(restored).toBe(original);
    expect((restored as ServiceError).code).toBe(status.INTERNAL);
    expect(restored.message).not.toContain('secret internals');
  });

  it.each([
    ['garbage bytes', Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f])],
    ['a truncated status', Buffer.from([0x0a, 0x10, 0x01])],
    ['an empty buffer', Buffer.alloc(0)],
    [
      'a status whose ErrorInfo is garbage',
      Buffer.from(
        rpcStatus.Status.encode({
          code: status.FAILED_PRECONDITION,
          message: 'x',
          details: [
            {
              typeUrl: 'type.googleapis.com/google.rpc.ErrorInfo',
              value: Buffer.from([0xff, 0xff, 0xff]),
            },
          ],
        }).finish(),
      ),
    ],
    [
      'a status whose BadRequest is garbage',
      Buffer.from(
        rpcStatus.Status.encode({
          code: status.INVALID_ARGUMENT,
          message: 'x',
          details: [
            {
              typeUrl: 'type.googleapis.com/google.rpc.BadRequest',
              value: Buffer.from([0x0a, 0xff]),
            },
          ],
        }).finish(),
      ),
    ],
  ])('does not throw on %s in the details, and still maps the status', (_case, bytes) => {
    for (const code of [
      status.INVALID_ARGUMENT,
      status.NOT_FOUND,
      status.ALREADY_EXISTS,
      status.FAILED_PRECONDITION,
      status.PERMISSION_DENIED,
      status.UNAUTHENTICATED,
      status.ABORTED,
    ]) {
      const metadata = new Metadata();
      metadata.set(DETAILS_KEY, bytes);
      const original = asServiceError({ code, details: 'peer message', metadata });
      let restored: unknown;
      expect(() => {
        restored = fromGrpcError(original);
      }).not.toThrow();
      if (code === status.ABORTED) expect(restored).toBe(original);
      else expect(isDomainError(restored)).toBe(true);
    }
  });

  it('maps a domain status without details to the domain class with default reasons', () => {
    const restored = fromGrpcError(
      asServiceError({ code: status.FAILED_PRECONDITION, details: 'rule broken' }),
    );
    expect(restored).toBeInstanceOf(FailedPreconditionError);
    expect((restored as FailedPreconditionError).reason).toBe('FAILED_PRECONDITION');
    expect(restored.message).toBe('rule broken');

    const invalid = fromGrpcError(
      asServiceError({ code: status.INVALID_ARGUMENT, details: 'bad' }),
    );
    expect(invalid).toBeInstanceOf(InvalidArgumentError);
    expect((invalid as InvalidArgumentError).violations).toEqual([]);
    expect(invalid.message).toBe('bad');
  });
});

import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { type Any, rpcDetails, rpcStatus } from '@pcn/contracts';
import {
  AlreadyExistsError,
  ConflictError,
  DomainError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  ResourceExhaustedError,
  UnauthenticatedError,
  type DomainErrorCode,
} from './errors.js';

const STATUS_DETAILS_KEY = 'grpc-status-details-bin';
const TYPE_PREFIX = 'type.googleapis.com/';
/** ErrorInfo.domain for errors raised by this network. */
export const ERROR_DOMAIN = 'pcn.gov.vn';

const CODE_TO_STATUS: Record<DomainErrorCode, status> = {
  INVALID_ARGUMENT: status.INVALID_ARGUMENT,
  NOT_FOUND: status.NOT_FOUND,
  ALREADY_EXISTS: status.ALREADY_EXISTS,
  FAILED_PRECONDITION: status.FAILED_PRECONDITION,
  PERMISSION_DENIED: status.PERMISSION_DENIED,
  UNAUTHENTICATED: status.UNAUTHENTICATED,
  CONFLICT: status.ABORTED,
  RESOURCE_EXHAUSTED: status.RESOURCE_EXHAUSTED,
};

/** ErrorInfo metadata key of `ResourceExhaustedError.retryAfterSeconds` (whole seconds). */
const RETRY_AFTER_KEY = 'retryAfterSeconds';

function pack(typeName: string, value: Uint8Array): Any {
  return { typeUrl: TYPE_PREFIX + typeName, value: Buffer.from(value) };
}

/**
 * Turns an error from a handler into a gRPC status. Domain errors keep their message and carry
 * `google.rpc` details (ErrorInfo with the reason; BadRequest with field violations). Anything else
 * becomes INTERNAL with a generic message, so no internals leak to the caller.
 */
export function toGrpcError(err: unknown): Partial<ServiceError> {
  if (!(err instanceof DomainError)) {
    return { code: status.INTERNAL, details: 'Internal error', metadata: new Metadata() };
  }
  const code = CODE_TO_STATUS[err.code];
  const details: Any[] = [
    pack(
      'google.rpc.ErrorInfo',
      rpcDetails.ErrorInfo.encode({
        reason: err.reason,
        domain: ERROR_DOMAIN,
        metadata:
          err instanceof ResourceExhaustedError
            ? { [RETRY_AFTER_KEY]: String(err.retryAfterSeconds) }
            : {},
      }).finish(),
    ),
  ];
  if (err instanceof InvalidArgumentError) {
    details.push(
      pack(
        'google.rpc.BadRequest',
        rpcDetails.BadRequest.encode({
          fieldViolations: err.violations.map((v) => ({
            field: v.field,
            description: v.description,
            reason: '',
          })),
        }).finish(),
      ),
    );
  }
  if (err instanceof NotFoundError || err instanceof ConflictError) {
    details.push(
      pack(
        'google.rpc.ResourceInfo',
        rpcDetails.ResourceInfo.encode({
          resourceType: err.resourceType,
          resourceName: err.resourceId,
          owner: '',
          description: '',
        }).finish(),
      ),
    );
  }
  const metadata = new Metadata();
  metadata.set(
    STATUS_DETAILS_KEY,
    Buffer.from(rpcStatus.Status.encode({ code, message: err.message, details }).finish()),
  );
  return { code, details: err.message, metadata };
}

/**
 * The inverse of `toGrpcError`, for clients: a gRPC status with details becomes the same domain
 * error class on this side. Statuses without a domain meaning are returned unchanged.
 */
export function fromGrpcError(err: ServiceError): DomainError | ServiceError {
  const raw = err.metadata?.get(STATUS_DETAILS_KEY)[0];
  let reason = '';
  let retryAfter: string | undefined;
  let violations: { field: string; description: string }[] = [];
  let resource: { type: string; name: string } | undefined;
  if (raw instanceof Buffer) {
    try {
      const decoded = rpcStatus.Status.decode(raw);
      for (const detail of decoded.details) {
        const typeName = detail.typeUrl.slice(detail.typeUrl.lastIndexOf('/') + 1);
        if (typeName === 'google.rpc.ErrorInfo') {
          const info = rpcDetails.ErrorInfo.decode(detail.value);
          reason = info.reason;
          retryAfter = info.metadata[RETRY_AFTER_KEY];
        }
        if (typeName === 'google.rpc.BadRequest')
          violations = rpcDetails.BadRequest.decode(detail.value).fieldViolations.map((v) => ({
            field: v.field,
            description: v.description,
          }));
        if (typeName === 'google.rpc.ResourceInfo') {
          const info = rpcDetails.ResourceInfo.decode(detail.value);
          resource = { type: info.resourceType, name: info.resourceName };
        }
      }
    } catch {
      // Malformed details from a peer: fall back to the bare status below.
    }
  }
  const message = err.details;
  switch (err.code) {
    case status.INVALID_ARGUMENT:
      return new InvalidArgumentError(violations, message);
    case status.NOT_FOUND: {
      const notFound = new NotFoundError(resource?.type ?? 'resource', resource?.name ?? '');
      // Keep the server's own words when it sent no resource details.
      if (!resource) notFound.message = message;
      return notFound;
    }
    case status.ALREADY_EXISTS:
      return new AlreadyExistsError(message, reason || undefined);
    case status.FAILED_PRECONDITION:
      return new FailedPreconditionError(message, reason || 'FAILED_PRECONDITION');
    case status.PERMISSION_DENIED:
      return new PermissionDeniedError(message, reason || undefined);
    case status.UNAUTHENTICATED:
      return new UnauthenticatedError(message, reason || undefined);
    case status.RESOURCE_EXHAUSTED:
      // Only our own refusals carry a reason; a transport limit (message too large) stays as is.
      if (reason === '') return err;
      return new ResourceExhaustedError(message, reason, Number(retryAfter) || 0);
    case status.ABORTED:
      if (reason === 'VERSION_CONFLICT') {
        const conflict = new ConflictError(
          resource?.type ?? 'resource',
          resource?.name ?? '',
          0,
          null,
        );
        conflict.message = message;
        return conflict;
      }
      return err;
    default:
      return err;
  }
}

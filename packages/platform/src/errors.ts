/**
 * Domain errors. Use cases throw these; the gRPC layer maps them to status codes and the gateway
 * maps those to GraphQL `extensions.code`. Anything else is an unexpected error and is masked.
 */
export type DomainErrorCode =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'PERMISSION_DENIED'
  | 'UNAUTHENTICATED'
  | 'CONFLICT'
  | 'RESOURCE_EXHAUSTED';

export interface FieldViolation {
  /** Dotted path of the offending field, for example `title.vi`. */
  field: string;
  description: string;
}

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  /** Machine-readable reason in UPPER_SNAKE_CASE, for example `CONSULTATION_TOO_SHORT`. */
  readonly reason: string;

  constructor(message: string, reason: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.reason = reason;
  }
}

export class InvalidArgumentError extends DomainError {
  readonly code = 'INVALID_ARGUMENT';
  readonly violations: readonly FieldViolation[];

  constructor(violations: readonly FieldViolation[], message?: string) {
    super(
      message ?? violations.map((v) => `${v.field}: ${v.description}`).join('; '),
      'INVALID_ARGUMENT',
    );
    this.violations = violations;
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
  constructor(
    readonly resourceType: string,
    readonly resourceId: string,
  ) {
    super(`${resourceType} ${resourceId} was not found`, 'NOT_FOUND');
  }
}

export class AlreadyExistsError extends DomainError {
  readonly code = 'ALREADY_EXISTS';
  constructor(message: string, reason = 'ALREADY_EXISTS') {
    super(message, reason);
  }
}

/** A rule forbids the operation in the current state; `reason` names the rule. */
export class FailedPreconditionError extends DomainError {
  readonly code = 'FAILED_PRECONDITION';
}

export class PermissionDeniedError extends DomainError {
  readonly code = 'PERMISSION_DENIED';
  constructor(message: string, reason = 'PERMISSION_DENIED') {
    super(message, reason);
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
  constructor(message = 'Sign in or present an API key', reason = 'UNAUTHENTICATED') {
    super(message, reason);
  }
}

/** Optimistic concurrency: the caller's expected version is stale. Maps to gRPC ABORTED. */
export class ConflictError extends DomainError {
  readonly code = 'CONFLICT';
  constructor(
    readonly resourceType: string,
    readonly resourceId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number | null,
  ) {
    super(
      actualVersion === null
        ? `${resourceType} ${resourceId} no longer exists (expected version ${expectedVersion})`
        : `${resourceType} ${resourceId} is at version ${actualVersion}, not ${expectedVersion}; reload and retry`,
      'VERSION_CONFLICT',
    );
  }
}

/**
 * A limit on how often something may be done was reached (for example verification codes per
 * contact per hour). Maps to gRPC RESOURCE_EXHAUSTED and GraphQL `RATE_LIMITED`; `retryAfterSeconds`
 * says when the next attempt can succeed, so the message can tell a person when to come back.
 */
export class ResourceExhaustedError extends DomainError {
  readonly code = 'RESOURCE_EXHAUSTED';
  readonly retryAfterSeconds: number;
  constructor(message: string, reason: string, retryAfterSeconds: number) {
    super(message, reason);
    this.retryAfterSeconds = Math.max(0, Math.ceil(retryAfterSeconds));
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

import { status, type ServiceError } from '@grpc/grpc-js';
import {
  AlreadyExistsError,
  DomainError,
  FailedPreconditionError,
  InvalidArgumentError,
  ResourceExhaustedError,
  type DomainErrorCode,
} from '@pcn/platform';
import type { ASTNode, GraphQLError } from 'graphql';
// Errors are made with Yoga's own helper, so they are GraphQLErrors of the graphql instance Yoga
// uses (graphql can be loaded twice: its CommonJS and ESM builds).
import { createGraphQLError, maskError as yogaMaskError } from 'graphql-yoga';

/** `extensions.code` for each domain error; clients switch on these. */
const CODES: Record<DomainErrorCode, string> = {
  INVALID_ARGUMENT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  PERMISSION_DENIED: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  ALREADY_EXISTS: 'CONFLICT',
  FAILED_PRECONDITION: 'FAILED_PRECONDITION',
  RESOURCE_EXHAUSTED: 'RATE_LIMITED',
};

const HTTP: Partial<Record<string, number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403 };

/** A domain error as the GraphQL error a client sees: its message, a code, and the details. */
export function domainToGraphQLError(err: DomainError, base?: GraphQLError): GraphQLError {
  const code = CODES[err.code];
  const extensions: Record<string, unknown> = { code, reason: err.reason };
  if (err instanceof InvalidArgumentError)
    extensions.fields = err.violations.map((v) => ({ path: v.field, message: v.description }));
  if (err instanceof AlreadyExistsError) extensions.reason = 'ALREADY_EXISTS';
  if (err instanceof FailedPreconditionError) extensions.rule = err.reason;
  // No HTTP status: one refused field of a request with several mutations must not fail the rest.
  if (err instanceof ResourceExhaustedError) extensions.retryAfterSeconds = err.retryAfterSeconds;
  const httpStatus = HTTP[code];
  if (httpStatus) extensions.http = { status: httpStatus };
  return createGraphQLError(err.message, {
    nodes: base?.nodes,
    source: base?.source ?? undefined,
    positions: base?.positions,
    path: base?.path,
    extensions,
  });
}

function wrapped(err: unknown): err is { originalError: unknown } {
  return (
    typeof err === 'object' && err !== null && 'originalError' in err && Boolean(err.originalError)
  );
}

/** A gRPC call's failure as grpc-js reports it (a status the client could not map). */
export function isServiceError(err: unknown): err is ServiceError {
  return (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    'metadata' in err &&
    'details' in err
  );
}

/**
 * Yoga's error masking, kept on: domain errors keep their message and get a code; a backend that
 * is down says so; anything else becomes "Unexpected error." with no internals.
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  // Resolver errors arrive wrapped, sometimes twice. Duck-typed, not `instanceof GraphQLError`:
  // graphql can be loaded twice (its CommonJS and ESM builds), giving two GraphQLError classes.
  let original: unknown = error;
  while (wrapped(original)) original = original.originalError;
  const base = wrapped(error) ? (error as GraphQLError) : undefined;
  if (original instanceof DomainError) return domainToGraphQLError(original, base);
  if (
    isServiceError(original) &&
    (original.code === status.UNAVAILABLE || original.code === status.DEADLINE_EXCEEDED)
  )
    return createGraphQLError('A backend service is unavailable; try again shortly', {
      path: base?.path,
      extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
    });
  return yogaMaskError(error, message, isDev);
}

/** Input the schema accepted but that is still wrong, for errors raised in the gateway itself. */
export function badInput(path: string, message: string): InvalidArgumentError {
  return new InvalidArgumentError([{ field: path, description: message }]);
}

/**
 * Names a backend's field violations by their GraphQL argument path: `contacts[0].address` from
 * the notification service becomes `input.contacts[0].address`.
 */
export async function fieldsUnder<T>(prefix: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (err) {
    if (err instanceof InvalidArgumentError)
      throw new InvalidArgumentError(
        err.violations.map((v) => ({
          field: v.field ? `${prefix}.${v.field}` : prefix,
          description: v.description,
        })),
      );
    throw err;
  }
}

/** Which limit a request went over; `extensions.limit` of a QUERY_TOO_COMPLEX error. */
export type QueryLimitName = 'depth' | 'aliases' | 'rootFields' | 'cost';

/**
 * A request refused for its shape before any of it ran: `QUERY_TOO_COMPLEX`, naming the limit,
 * its value and what the request came to. HTTP 400 for `application/graphql-response+json`, 200
 * for `application/json`, as GraphQL over HTTP asks of request errors.
 */
export function queryTooComplex(
  limit: QueryLimitName,
  message: string,
  details: { max: number; found?: number; nodes?: readonly ASTNode[] },
): GraphQLError {
  return createGraphQLError(message, {
    nodes: details.nodes,
    extensions: {
      code: 'QUERY_TOO_COMPLEX',
      limit,
      max: details.max,
      ...(details.found !== undefined && Number.isFinite(details.found)
        ? { found: details.found }
        : {}),
      http: { spec: true, status: 400 },
    },
  });
}

/** An answer over the byte cap, sent instead of it. */
export function responseTooLarge(maxBytes: number): GraphQLError {
  return createGraphQLError(
    `The answer would be larger than ${maxBytes} bytes; ask for fewer items (first), fields or aliases.`,
    {
      extensions: { code: 'RESPONSE_TOO_LARGE', max: maxBytes, http: { spec: true, status: 400 } },
    },
  );
}

/**
 * The level of a Yoga error log line. Yoga reports every GraphQL error it answers with, user
 * mistakes included; ERROR is kept for what an operator must act on:
 * - info: the caller's own mistake (bad input, a wrong verification code, a draft that is not
 *   there, a stale version, a rule the request breaks, a malformed query);
 * - warn: a refusal worth watching (credentials refused, no permission, rate limited);
 * - error: everything else (an unexpected error, a backend down).
 */
import { DomainError, type DomainErrorCode } from '@pcn/platform';

export type YogaLogLevel = 'info' | 'warn' | 'error';

/** Domain errors, as resolvers throw them (Yoga logs them before they are masked). */
const DOMAIN_LEVEL: Record<DomainErrorCode, 'info' | 'warn'> = {
  INVALID_ARGUMENT: 'info',
  NOT_FOUND: 'info',
  CONFLICT: 'info',
  ALREADY_EXISTS: 'info',
  FAILED_PRECONDITION: 'info',
  UNAUTHENTICATED: 'warn',
  PERMISSION_DENIED: 'warn',
  RESOURCE_EXHAUSTED: 'warn',
};

const USER_MISTAKES: ReadonlySet<string> = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'FAILED_PRECONDITION',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
]);
const REFUSALS: ReadonlySet<string> = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED']);

/** One logged argument's level: by its domain error, else its GraphQL code; else error. */
function levelOf(arg: unknown): YogaLogLevel {
  // Resolver errors arrive wrapped (GraphQLError.originalError), sometimes twice.
  let current: unknown = arg;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if (current instanceof DomainError) return DOMAIN_LEVEL[current.code] ?? 'error';
    const code = (current as { extensions?: { code?: unknown } }).extensions?.code;
    if (typeof code === 'string') {
      if (USER_MISTAKES.has(code)) return 'info';
      if (REFUSALS.has(code)) return 'warn';
      return 'error';
    }
    current = (current as { originalError?: unknown }).originalError;
  }
  return 'error';
}

const RANK: Record<YogaLogLevel, number> = { info: 0, warn: 1, error: 2 };

/** The most severe level among what Yoga logs in one call. */
export function yogaLogLevel(args: readonly unknown[]): YogaLogLevel {
  if (args.length === 0) return 'error';
  return args.map(levelOf).reduce((a, b) => (RANK[b] > RANK[a] ? b : a));
}

import type { z } from 'zod';
import { InvalidArgumentError, type FieldViolation } from './errors.js';

/**
 * The one way an edge turns a zod failure into field violations, which GraphQL reports as
 * `BAD_USER_INPUT` with `fields[].path` and gRPC as `google.rpc.BadRequest`. Paths read as a
 * client writes them: `contacts[0].address`, under `prefix` when the input sits in a field.
 */
export function zodViolations(error: z.ZodError, prefix = ''): FieldViolation[] {
  return error.issues.map((issue) => ({
    field: fieldPath(prefix, issue.path) || 'input',
    description: issue.message,
  }));
}

/** Parses `value` with `schema`, or throws `InvalidArgumentError` naming every bad field. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix = '',
): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new InvalidArgumentError(zodViolations(result.error, prefix));
}

function fieldPath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

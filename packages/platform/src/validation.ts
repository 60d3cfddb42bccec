import { z } from 'zod';
import { InvalidArgumentError, type FieldViolation } from './errors.js';

/**
 * The one way an edge validates a command's input: zod schemas, and these helpers for input that
 * arrives from the network. Failures become field violations, which GraphQL reports as
 * `BAD_USER_INPUT` with `fields[].path` and gRPC as `google.rpc.BadRequest`.
 *
 * zod 4 trap: a problem marked final (`abort: true`, or `.max()`/`.length()` on a list) makes
 * every `when`-gated rule further up silently skip. The helpers below never mark one final, so a
 * rule across fields still runs when a field was refused.
 */

/** At most this many violations in one answer, so hostile input cannot make it huge. */
export const MAX_VIOLATIONS = 100;

type Path = readonly PropertyKey[];

/**
 * Turns a zod failure into field violations. Paths read as a client writes them:
 * `contacts[0].address`, under `prefix` when the input sits in a field.
 */
export function zodViolations(error: z.ZodError, prefix = ''): FieldViolation[] {
  return error.issues.map((issue) => ({
    field: fieldPath(prefix, issue.path) || 'input',
    description: issue.message,
  }));
}

export interface ParseOptions {
  /** Put before every field path, when the input sits in a field (`content`). */
  prefix?: string;
  /** Field names in the order a client reads them: violations are sorted by it (`byFieldOrder`). */
  fieldOrder?: readonly string[];
  /** Keep only the first this many violations (after sorting), such as `MAX_VIOLATIONS`. */
  maxViolations?: number;
}

/**
 * Parses `value` with `schema`, or throws `InvalidArgumentError` naming every bad field (the
 * first `maxViolations` of them). A string option is the prefix.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  value: unknown,
  options: string | ParseOptions = '',
): z.output<S> {
  const {
    prefix = '',
    fieldOrder,
    maxViolations,
  } = typeof options === 'string' ? { prefix: options } : options;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  let issues = result.error.issues;
  if (fieldOrder) {
    const order = byFieldOrder(fieldOrder);
    issues = [...issues].sort((a, b) => order(a.path, b.path));
  }
  const violations = zodViolations(new z.ZodError(issues), prefix);
  throw new InvalidArgumentError(
    maxViolations === undefined ? violations : violations.slice(0, maxViolations),
  );
}

/**
 * Compares two problem paths in the order a client reads the fields: object keys by their place
 * in `fields` (others after them), list items by index, and a problem with a whole item after
 * those of its fields. zod reports a rule only after the fields it spans; this puts it back.
 */
export function byFieldOrder(fields: readonly string[]): (a: Path, b: Path) => number {
  const rank = (key: PropertyKey) => fields.indexOf(String(key)) + 1 || fields.length + 1;
  return (a, b) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const [x, y] = [a[i], b[i]];
      if (x === y) continue;
      return typeof x === 'number' && typeof y === 'number' ? x - y : rank(x!) - rank(y!);
    }
    return b.length - a.length;
  };
}

/** An object that is not a list (and not null): what a command's fields arrive in. */
export const isObjectInput = (value: unknown): value is object =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `value[key]` when it is an own property of an object, else `undefined`: nothing arrives through
 * a prototype (`__proto__`, `constructor`), and a getter that throws reads as absent.
 */
export function ownProperty(value: unknown, key: string): unknown {
  if (!isObjectInput(value)) return undefined;
  try {
    return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

/** `schema`, given only the named own properties of an object (anything else as it is). */
export const ownFields = <S extends z.ZodType>(keys: readonly string[], schema: S) =>
  z.preprocess(
    (v) =>
      isObjectInput(v) ? Object.fromEntries(keys.map((key) => [key, ownProperty(v, key)])) : v,
    schema,
  );

/** `z.object(shape)` reading only the object's own properties; `error` words a non-object. */
export const ownObject = <S extends z.ZodRawShape>(shape: S, error?: string) =>
  ownFields(Object.keys(shape), z.object(shape, { error }));

/** The problem of a list longer than `max` (as a refinement), without a final mark. */
export function refuseLongerThan(max: number) {
  return (items: readonly unknown[], ctx: z.RefinementCtx) => {
    if (items.length > max)
      ctx.addIssue({
        code: 'custom',
        message: `must have at most ${max} items (got ${items.length})`,
      });
  };
}

/**
 * A list of at most `max` items. Anything else, or a longer list, is refused whole before any
 * item is read, so a million-item list costs one length check.
 */
export const boundedList = <S extends z.ZodType>(item: S, max: number) =>
  z
    .unknown()
    .superRefine((items, ctx) => {
      if (!Array.isArray(items)) ctx.addIssue({ code: 'custom', message: 'must be a list' });
      else refuseLongerThan(max)(items, ctx);
    })
    .pipe(z.array(item));

/** A rule of `checkedString`: the test, and the problem (or how to word it) when it fails. */
export type StringRule = [
  ok: (value: string) => boolean,
  problem: string | ((v: string) => string),
];

/**
 * A string with one problem at most: the first of `rules` it breaks. zod's own `abort: true`
 * would do the same but would also stop the rules across fields (see the trap above).
 * `typeError` words a value that is not a string.
 */
export const checkedString = (
  typeError: string | ((issue: { input: unknown }) => string),
  ...rules: StringRule[]
) =>
  z.string({ error: typeError }).superRefine((value, ctx) => {
    const broken = rules.find(([ok]) => !ok(value))?.[1];
    if (broken)
      ctx.addIssue({
        code: 'custom',
        message: typeof broken === 'string' ? broken : broken(value),
      });
  });

function fieldPath(prefix: string, path: Path): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

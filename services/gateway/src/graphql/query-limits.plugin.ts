import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import {
  getOperationAST,
  getVariableValues,
  Kind,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FragmentDefinitionNode,
  type GraphQLError,
  type ValidationContext,
} from 'graphql';
import { createGraphQLError, handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';
import { queryTooComplex, responseTooLarge, type QueryLimitName } from './errors.js';
import { queryCost, type DirectorySizes } from './query-cost.js';
import { rootFieldsRule } from './root-fields.rule.js';

/** What one request may ask for; see the README's security section for the defaults. */
export interface QueryLimits {
  /** Deepest selection (fragments count a level). */
  maxDepth: number;
  /** Aliased fields in the whole operation, fragments included. */
  maxAliases: number;
  /** What the root fields may weigh together: a mutation `mutationFieldWeight`, a read 1. */
  maxRootFields: number;
  mutationFieldWeight: number;
  /** Priced once variables are known: about one per value in the answer (see queryCost). */
  maxCost: number;
  /** Largest answer sent, in bytes (each event of a subscription on its own). */
  maxResponseBytes: number;
}

class OverLimit extends Error {}

/**
 * Whether `value` takes more than `limit` bytes as JSON, stopping as soon as it does. Strings count
 * their UTF-8 bytes and quotes (escapes are not counted: text here holds no control characters
 * but newlines and tabs).
 */
export function jsonBytesOver(value: unknown, limit: number): boolean {
  let total = 0;
  const add = (n: number) => {
    total += n;
    if (total > limit) throw new OverLimit();
  };
  const visit = (v: unknown): void => {
    if (typeof v === 'string') add(Buffer.byteLength(v) + 2);
    else if (typeof v === 'number') add(String(v).length);
    else if (typeof v === 'boolean') add(v ? 4 : 5);
    else if (v === null || v === undefined) add(4);
    else if (Array.isArray(v)) {
      add(v.length + 1);
      for (const item of v) visit(item);
    } else if (typeof v === 'object') {
      const toJSON = (v as { toJSON?: () => unknown }).toJSON;
      if (typeof toJSON === 'function') return visit(toJSON.call(v));
      add(2);
      for (const key in v) {
        add(key.length + 4);
        visit((v as Record<string, unknown>)[key]);
      }
    } // functions and symbols are left out of JSON
  };
  try {
    visit(value);
    return false;
  } catch (err) {
    if (err instanceof OverLimit) return true;
    throw err;
  }
}

/** Armor's rejection ("Syntax Error: … limit of N exceeded, found M.") as a coded error. */
function reportArmorRejection(limit: QueryLimitName, max: number, describe: (n: number) => string) {
  return (context: ValidationContext | null, err: GraphQLError) => {
    const found = Number(/found (\d+)/.exec(err.message)?.[1] ?? NaN);
    context?.reportError(
      queryTooComplex(limit, describe(found), {
        max,
        ...(Number.isFinite(found) ? { found } : {}),
      }),
    );
  };
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions)
    if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  return fragments;
}

/**
 * The request's cost over the limit, as the error to answer with; undefined when it fits, or when
 * its variables do not coerce (execution then says why).
 */
async function overCost(
  args: ExecutionArgs,
  limits: QueryLimits,
  directorySizes: () => Promise<DirectorySizes>,
): Promise<GraphQLError | undefined> {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation) return undefined;
  const coerced = getVariableValues(
    args.schema,
    operation.variableDefinitions ?? [],
    args.variableValues ?? {},
  );
  if (coerced.errors) return undefined;
  let sizes: DirectorySizes;
  try {
    sizes = await directorySizes();
  } catch {
    // Never counted yet, and the store does not answer: nothing can be priced.
    return createGraphQLError('The directory is unavailable; try again shortly', {
      extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
    });
  }
  const cost = queryCost({
    schema: args.schema,
    operation,
    fragments: fragmentsOf(args.document),
    variables: coerced.coerced,
    sizes,
    maxFields: Math.max(limits.maxCost, 1000),
  });
  if (cost <= limits.maxCost) return undefined;
  return queryTooComplex(
    'cost',
    Number.isFinite(cost)
      ? `The query costs ${cost} (about one per value in its answer, lists counted at their ` +
          `size), over the limit of ${limits.maxCost}; ask for fewer items (first), fields or aliases.`
      : `The query expands to too many fields to price, over the limit of ${limits.maxCost}; ` +
          `use fewer fragments and fields.`,
    { max: limits.maxCost, found: cost, nodes: [operation] },
  );
}

/**
 * The gateway's limits on what one request may ask, as a Yoga plugin (so both the public cache's
 * misses and every other request pass them): depth, aliases and the weight of root fields while
 * validating; the cost, with the variables' values and the directory's real list sizes, before
 * executing; and a byte cap on the answer. Each refusal is an error with `extensions.code`
 * `QUERY_TOO_COMPLEX` (naming the limit) or `RESPONSE_TOO_LARGE`, never a partial answer.
 */
export function useQueryLimits(
  limits: QueryLimits,
  directorySizes: () => Promise<DirectorySizes>,
): Plugin {
  if (limits.mutationFieldWeight > limits.maxRootFields)
    throw new Error(
      `MUTATION_FIELD_WEIGHT (${limits.mutationFieldWeight}) is over MAX_ROOT_FIELDS ` +
        `(${limits.maxRootFields}): no mutation could run; lower the one or raise the other`,
    );
  const rules = [
    maxDepthRule({
      n: limits.maxDepth,
      propagateOnRejection: false,
      onReject: [
        reportArmorRejection(
          'depth',
          limits.maxDepth,
          (found) =>
            `The query's depth is ${Number.isFinite(found) ? found : 'too high'}, over the limit ` +
            `of ${limits.maxDepth}; ask for fewer nested levels.`,
        ),
      ],
    }),
    maxAliasesRule({
      n: limits.maxAliases,
      propagateOnRejection: false,
      onReject: [
        reportArmorRejection(
          'aliases',
          limits.maxAliases,
          (found) =>
            `The query has ${Number.isFinite(found) ? found : 'too many'} aliases, over the ` +
            `limit of ${limits.maxAliases}; send fewer aliased fields per request.`,
        ),
      ],
    }),
    rootFieldsRule({ max: limits.maxRootFields, mutationWeight: limits.mutationFieldWeight }),
  ];
  const capped = (result: ExecutionResult, setResult: (r: ExecutionResult) => void) => {
    if (jsonBytesOver(result, limits.maxResponseBytes))
      setResult({ errors: [responseTooLarge(limits.maxResponseBytes)] });
  };
  return {
    onValidate({ addValidationRule }) {
      for (const rule of rules) addValidationRule(rule);
    },
    async onSubscribe({ args, setResultAndStopExecution }) {
      const error = await overCost(args, limits, directorySizes);
      if (error) {
        setResultAndStopExecution({ errors: [error] });
        return undefined;
      }
      return {
        onSubscribeResult: (payload) =>
          handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) =>
            capped(result, setResult),
          ),
      };
    },
    async onExecute({ args, setResultAndStopExecution }) {
      const error = await overCost(args, limits, directorySizes);
      if (error) {
        setResultAndStopExecution({ errors: [error] });
        return undefined;
      }
      return {
        onExecuteDone: (payload) =>
          handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) =>
            capped(result, setResult),
          ),
      };
    },
  };
}

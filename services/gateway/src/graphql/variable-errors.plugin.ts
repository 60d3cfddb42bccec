import type { ExecutionResult, GraphQLError } from 'graphql';
import { createGraphQLError, isAsyncIterable, type Plugin } from 'graphql-yoga';

/**
 * A variable whose value does not fit its type (`"memo"` for a `DocumentType`, a string for an
 * `Int`) is refused by graphql-js before execution with an error that has no `extensions.code`,
 * unlike every other refusal of the gateway. This gives those errors `BAD_USER_INPUT`. graphql-js
 * marks them by their message alone (`Variable "$input" got invalid value …`), and only errors
 * of a result without data (nothing ran) are looked at.
 */
export function useCodedVariableErrors(): Plugin {
  const code = (result: ExecutionResult): ExecutionResult | undefined => {
    if (result.data != null || !result.errors?.some(uncodedVariableError)) return undefined;
    return {
      ...result,
      errors: result.errors.map((e) =>
        uncodedVariableError(e)
          ? createGraphQLError(e.message, {
              nodes: e.nodes ?? null,
              extensions: { ...e.extensions, code: 'BAD_USER_INPUT' },
            })
          : e,
      ),
    };
  };
  return {
    onExecute: () => ({
      onExecuteDone: ({ result, setResult }) => {
        if (isAsyncIterable(result)) return;
        const coded = code(result);
        if (coded) setResult(coded);
      },
    }),
    onSubscribe: () => ({
      onSubscribeResult: ({ result, setResult }) => {
        if (isAsyncIterable(result)) return;
        const coded = code(result);
        if (coded) setResult(coded);
      },
    }),
  };
}

function uncodedVariableError(error: GraphQLError): boolean {
  return error.extensions['code'] === undefined && error.message.startsWith('Variable "$');
}

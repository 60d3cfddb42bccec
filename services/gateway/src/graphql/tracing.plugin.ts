import { activeSpan, withSpan, withSpanSync, type TracedSpan } from '@pcn/platform';
import { getOperationAST, Kind, type DocumentNode } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

/**
 * OpenTelemetry spans for GraphQL: `graphql.parse`, `graphql.validate` and `graphql.execute` (or
 * `graphql.subscribe`), each with the operation's type and name (OpenTelemetry's GraphQL
 * conventions), on Yoga's own instrumentation hooks. The gRPC calls a resolver makes nest under
 * the execute span. Never the variables nor the document: they may hold people's data.
 *
 * Not `@opentelemetry/instrumentation-graphql`: it patches graphql-js's `execute`, which Yoga never
 * calls (it executes with @graphql-tools/executor), and Yoga's parse and validation caches skip its
 * parse and validate spans. Not `@envelop/opentelemetry`: it is built on sdk-trace-base 1.x (the
 * SDK here is 2.x) and records the document. Installed only while the tracing SDK runs.
 */
export function useGraphQLTracing(): Plugin {
  return {
    instrumentation: {
      parse: (_payload, parse) => withSpanSync('graphql.parse', {}, () => parse()),
      validate: (_payload, validate) => withSpanSync('graphql.validate', {}, () => validate()),
      execute: (_payload, execute) => withSpan('graphql.execute', {}, async () => execute()),
      subscribe: (_payload, subscribe) =>
        withSpan('graphql.subscribe', {}, async () => subscribe()),
    },
    // The hooks run inside the spans above: they add what only the document tells. Envelop types
    // its graphql values as `any`, so each is checked here.
    onParse: ({ context }) => {
      const span = activeSpan();
      return ({ result }) => describeOperation(span, result, operationNameOf(context));
    },
    onValidate: ({ params, context }) => {
      const span = activeSpan();
      describeOperation(span, params.documentAST, operationNameOf(context));
      return ({ result }) => {
        if (result.length > 0) failWith(span, 'invalid', result, 'GRAPHQL_VALIDATION_FAILED');
      };
    },
    onExecute: ({ args }) => {
      const span = activeSpan();
      describeOperation(span, args.document, operationNameOf({ params: args }));
      return {
        onExecuteDone: ({ result }) => {
          if (!isAsyncIterable(result))
            failWith(span, 'errors', (result.errors ?? []) as unknown[]);
        },
      };
    },
    onSubscribe: ({ args }) => {
      describeOperation(activeSpan(), args.document, operationNameOf({ params: args }));
    },
  };
}

/** The operation the request names (Yoga's context carries the request's params). */
function operationNameOf(context: unknown): string | undefined {
  const name = (context as { params?: { operationName?: unknown } } | undefined)?.params
    ?.operationName;
  return typeof name === 'string' ? name : undefined;
}

/** The operation's type and name (a name the client chose for it, never a value it sent). */
function describeOperation(span: TracedSpan, document: unknown, operationName?: string): void {
  if ((document as Partial<DocumentNode> | null)?.kind !== Kind.DOCUMENT) return;
  const operation = getOperationAST(document as DocumentNode, operationName);
  if (!operation) return;
  span.setAttributes({
    'graphql.operation.type': operation.operation,
    ...(operation.name ? { 'graphql.operation.name': operation.name.value } : {}),
  });
}

/** Marks the span failed with the errors' codes only: their messages may quote input. */
function failWith(
  span: TracedSpan,
  what: string,
  errors: readonly unknown[],
  fallback = 'UNKNOWN',
): void {
  if (errors.length === 0) return;
  const codeOf = (e: unknown) => {
    const code = (e as { extensions?: { code?: unknown } } | null)?.extensions?.code;
    return typeof code === 'string' ? code : fallback;
  };
  const codes = [...new Set(errors.map(codeOf))].sort();
  span.setAttributes({ 'graphql.error.codes': codes });
  span.fail(`${errors.length} ${what}: ${codes.join(', ')}`);
}

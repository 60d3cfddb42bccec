import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
} from '@opentelemetry/api';

// Only the OpenTelemetry API lives here: without the SDK (tracing off, the default) every call
// below is a no-op on the API's empty context, so it costs nothing. The SDK is started by
// `tracing-preload.ts`, loaded with `node --import` only when tracing is on.

const tracer = () => trace.getTracer('pcn');

/** A W3C trace context header value: version 00, trace id, parent span id, flags. */
export const TRACEPARENT_PATTERN = /^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/** The `traceparent` of the active span, to carry where instrumentation cannot (outbox, NATS). */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const value = carrier.traceparent;
  return value !== undefined && TRACEPARENT_PATTERN.test(value) ? value : undefined;
}

/** The context a carried `traceparent` names; the active context when there is none or it is bad. */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  if (traceparent === undefined || !TRACEPARENT_PATTERN.test(traceparent)) return context.active();
  return propagation.extract(context.active(), { traceparent });
}

export type TracedSpanKind = 'internal' | 'producer' | 'consumer';

const kinds = {
  internal: SpanKind.INTERNAL,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
} as const;

export interface SpanOptions {
  kind?: TracedSpanKind;
  attributes?: Attributes;
  /** Parent carried from elsewhere (an outbox row, message headers); else the active span. */
  traceparent?: string;
}

/**
 * Runs `work` in a span of its own (a child of `traceparent` when given), ended when it settles
 * and marked as an error when it throws. `work` gets the span's own `traceparent`.
 */
export async function withSpan<R>(
  name: string,
  options: SpanOptions,
  work: (traceparent: string | undefined) => Promise<R>,
): Promise<R> {
  const parent = contextFromTraceparent(options.traceparent);
  const span = tracer().startSpan(
    name,
    { kind: kinds[options.kind ?? 'internal'], attributes: options.attributes },
    parent,
  );
  // Without the SDK the span is a no-op: skip the context switch.
  if (!span.isRecording()) {
    return context.with(parent, () => work(options.traceparent));
  }
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await work(currentTraceparent());
    } catch (err) {
      span.recordException(err instanceof Error ? err : String(err));
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** `trace_id` and `span_id` of the active span for a log line; empty without one. */
export function traceLogFields(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return trace.isSpanContextValid(span.spanContext()) ? { trace_id: traceId, span_id: spanId } : {};
}

/** Tracing is on when an exporter is named (`OTEL_TRACES_EXPORTER`, other than `none`). */
export function tracingEnabled(env: NodeJS.ProcessEnv): boolean {
  const exporter = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  return (
    exporter !== undefined &&
    exporter !== '' &&
    exporter !== 'none' &&
    env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true'
  );
}

const SHUTDOWN = Symbol.for('pcn.tracing.shutdown');

/** Flushes and stops the tracing SDK, when one runs; a service calls it last on its way out. */
export async function shutdownTracing(): Promise<void> {
  const shutdown = (globalThis as Record<symbol, (() => Promise<void>) | undefined>)[SHUTDOWN];
  if (shutdown) await shutdown().catch(() => undefined);
}

/** @internal Called by the preload that started the SDK. */
export function registerTracingShutdown(shutdown: () => Promise<void>): void {
  (globalThis as Record<symbol, (() => Promise<void>) | undefined>)[SHUTDOWN] = shutdown;
}

import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
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

export type TracedSpanKind = 'internal' | 'producer' | 'consumer' | 'client';

const kinds = {
  internal: SpanKind.INTERNAL,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  client: SpanKind.CLIENT,
} as const;

/** What work may tell its span once it knows more (an outcome); a no-op with tracing off. */
export interface TracedSpan {
  setAttributes(attributes: Attributes): void;
  /** Marks the span as failed, with a message that names no personal data. */
  fail(message: string): void;
}

function handleOf(span: Span): TracedSpan {
  return {
    setAttributes: (attributes) => void span.setAttributes(attributes),
    fail: (message) => void span.setStatus({ code: SpanStatusCode.ERROR, message }),
  };
}
const NO_SPAN: TracedSpan = { setAttributes: () => undefined, fail: () => undefined };

export interface SpanOptions {
  kind?: TracedSpanKind;
  attributes?: Attributes;
  /** Parent carried from elsewhere (an outbox row, message headers); else the active span. */
  traceparent?: string;
}

/**
 * Runs `work` in a span of its own (a child of `traceparent` when given), ended when it settles
 * and marked as an error when it throws. `work` gets the span's own `traceparent`, and the span to
 * add what it learns (an outcome) to.
 */
export async function withSpan<R>(
  name: string,
  options: SpanOptions,
  work: (traceparent: string | undefined, span: TracedSpan) => Promise<R>,
): Promise<R> {
  const parent = contextFromTraceparent(options.traceparent);
  const span = tracer().startSpan(
    name,
    { kind: kinds[options.kind ?? 'internal'], attributes: options.attributes },
    parent,
  );
  // Without the SDK the span is a no-op: skip the context switch.
  if (!span.isRecording()) {
    return context.with(parent, () => work(options.traceparent, NO_SPAN));
  }
  return context.with(trace.setSpan(parent, span), async () => {
    try {
      return await work(currentTraceparent(), handleOf(span));
    } catch (err) {
      failed(span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}

/** `withSpan` for synchronous work (a parse, a validation), a child of the active span. */
export function withSpanSync<R>(
  name: string,
  options: Omit<SpanOptions, 'traceparent'>,
  work: (span: TracedSpan) => R,
): R {
  const span = tracer().startSpan(name, {
    kind: kinds[options.kind ?? 'internal'],
    attributes: options.attributes,
  });
  if (!span.isRecording()) return work(NO_SPAN);
  return context.with(trace.setSpan(context.active(), span), () => {
    try {
      return work(handleOf(span));
    } catch (err) {
      failed(span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}

function failed(span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/** The active span, to add what work learnt on the way (a no-op without a recording span). */
export function activeSpan(): TracedSpan {
  const span = trace.getActiveSpan();
  return span?.isRecording() ? handleOf(span) : NO_SPAN;
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

/**
 * Whether the tracing SDK runs in this process (the preload started it). Code that would cost
 * something per request even as a no-op (a GraphQL plugin) is installed only then.
 */
export function tracingStarted(): boolean {
  return (globalThis as Record<symbol, unknown>)[SHUTDOWN] !== undefined;
}

/** Flushes and stops the tracing SDK, when one runs; a service calls it last on its way out. */
export async function shutdownTracing(): Promise<void> {
  const shutdown = (globalThis as Record<symbol, (() => Promise<void>) | undefined>)[SHUTDOWN];
  if (shutdown) await shutdown().catch(() => undefined);
}

/** @internal Called by the preload that started the SDK. */
export function registerTracingShutdown(shutdown: () => Promise<void>): void {
  (globalThis as Record<symbol, (() => Promise<void>) | undefined>)[SHUTDOWN] = shutdown;
}

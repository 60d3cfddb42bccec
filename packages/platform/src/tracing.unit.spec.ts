import { context, propagation, trace } from '@opentelemetry/api';
import { api, core, node, tracing } from '@opentelemetry/sdk-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogs } from './capture-logs.js';
import { runInContext } from './context.js';
import {
  activeSpan,
  contextFromTraceparent,
  currentTraceparent,
  traceLogFields,
  tracingEnabled,
  tracingStarted,
  withSpan,
  withSpanSync,
} from './tracing.js';

const TRACE_ID = 'ab'.repeat(16);
const PARENT = `00-${TRACE_ID}-${'cd'.repeat(8)}-01`;

describe('tracingEnabled', () => {
  it('is off by default and with `none`; on when an exporter is named', () => {
    expect(tracingEnabled({})).toBe(false);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: '' })).toBe(false);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: ' None ' })).toBe(false);
    expect(tracingEnabled({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(false);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(tracingEnabled({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'true' })).toBe(false);
  });
});

// Order matters: the SDK is registered globally by the second block, so the first runs without it.
describe('without the SDK (tracing off)', () => {
  it('carries nothing and logs no trace ids, and spans run their work unchanged', async () => {
    expect(currentTraceparent()).toBeUndefined();
    expect(traceLogFields()).toEqual({});
    const seen = await withSpan('work', { traceparent: PARENT }, (tp) => Promise.resolve(tp));
    expect(seen).toBe(PARENT);
    const { logger, lines } = captureLogs({ service: 'draft', version: '1', level: 'info' });
    await runInContext({ correlationId: 'c-1' }, () =>
      withSpan('work', { traceparent: PARENT }, async () => logger.info('inside')),
    );
    expect(lines()[0]).not.toHaveProperty('trace_id');
    expect(lines()[0]).toMatchObject({ correlationId: 'c-1' });
    // Outcomes told to a span that is not there cost nothing and break nothing.
    expect(withSpanSync('parse', {}, (span) => (span.setAttributes({ a: 1 }), 'doc'))).toBe('doc');
    await withSpan('send', {}, async (_tp, span) => span.fail('no'));
    activeSpan().setAttributes({ a: 1 });
    expect(tracingStarted()).toBe(false);
  });
});

describe('with the SDK (tracing on)', () => {
  const exporter = new tracing.InMemorySpanExporter();
  const provider = new node.NodeTracerProvider({
    spanProcessors: [new tracing.SimpleSpanProcessor(exporter)],
  });
  beforeAll(() => {
    provider.register({ propagator: new core.W3CTraceContextPropagator() });
  });
  afterAll(async () => {
    await provider.shutdown();
    trace.disable();
    context.disable();
    propagation.disable();
  });

  it('continues a carried traceparent, hands the child its own, and logs its ids', async () => {
    const { logger, lines } = captureLogs({ service: 'draft', version: '1', level: 'info' });
    const child = await withSpan(
      'pcn.draft.v1.DraftCreated publish',
      { kind: 'producer', traceparent: PARENT },
      async (tp) => {
        logger.info('publishing');
        expect(currentTraceparent()).toBe(tp);
        return tp;
      },
    );
    expect(child).toMatch(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`));
    const [span] = exporter.getFinishedSpans();
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(span?.parentSpanContext?.spanId).toBe('cd'.repeat(8));
    expect(span?.kind).toBe(api.SpanKind.PRODUCER);
    expect(lines()[0]).toMatchObject({ trace_id: TRACE_ID, span_id: span?.spanContext().spanId });
  });

  it('marks a span that throws as an error and rethrows', async () => {
    exporter.reset();
    await expect(
      withSpan('store transaction', {}, () => Promise.reject(new Error('conflict'))),
    ).rejects.toThrow('conflict');
    expect(exporter.getFinishedSpans()[0]?.status.code).toBe(api.SpanStatusCode.ERROR);
  });

  it('lets work add its outcome, and nests synchronous spans under the active one', async () => {
    exporter.reset();
    await withSpan('deliver', { kind: 'client', traceparent: PARENT }, async (_tp, span) => {
      withSpanSync('render', { attributes: { step: 'render' } }, () => {
        activeSpan().setAttributes({ rendered: true });
      });
      span.setAttributes({ outcome: 'retry' });
      span.fail('sms retry: 503');
      return Promise.resolve();
    });
    const [render, deliver] = exporter.getFinishedSpans();
    expect(render?.parentSpanContext?.spanId).toBe(deliver?.spanContext().spanId);
    expect(render?.attributes).toEqual({ step: 'render', rendered: true });
    expect(deliver?.kind).toBe(api.SpanKind.CLIENT);
    expect(deliver?.attributes).toEqual({ outcome: 'retry' });
    expect(deliver?.status).toEqual({ code: api.SpanStatusCode.ERROR, message: 'sms retry: 503' });
    expect(() =>
      withSpanSync('validate', {}, () => {
        throw new Error('bad');
      }),
    ).toThrow('bad');
    expect(exporter.getFinishedSpans()[2]?.status.code).toBe(api.SpanStatusCode.ERROR);
  });

  it('ignores a hostile traceparent: a fresh trace, never its text', async () => {
    for (const bad of [
      `00-${'0'.repeat(32)}-${'cd'.repeat(8)}-01`,
      `00-${TRACE_ID}-${'cd'.repeat(8)}-01\r\nx-injected: 1`,
      `ff-${TRACE_ID}-${'cd'.repeat(8)}-01`,
      'x'.repeat(100_000),
    ]) {
      expect(trace.getSpan(contextFromTraceparent(bad))).toBeUndefined();
      const tp = await withSpan('work', { traceparent: bad }, (t) => Promise.resolve(t));
      expect(tp).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
      expect(tp).not.toContain(TRACE_ID);
    }
  });
});

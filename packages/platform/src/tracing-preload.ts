// Loaded with `node --import @pcn/platform/tracing-preload` (or its dist path) before a service's
// main.ts. With tracing off (no OTEL_TRACES_EXPORTER, or `none`) it does nothing and loads no SDK.
// With it on, it registers the ESM loader hook first, so that http and gRPC imported
// afterwards are instrumented, then starts the SDK.
import { register } from 'node:module';
import { tracingEnabled } from './tracing.js';

if (tracingEnabled(process.env)) {
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const { startTracing } = await import('./tracing-sdk.js');
  startTracing();
}

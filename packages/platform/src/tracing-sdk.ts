import { basename, dirname } from 'node:path';
import { GrpcInstrumentation } from '@opentelemetry/instrumentation-grpc';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { registerTracingShutdown } from './tracing.js';

/** `draft` for `services/draft/dist/main.js`: the service name when OTEL_SERVICE_NAME is unset. */
function serviceFromEntry(entry: string | undefined): string | undefined {
  if (!entry) return undefined;
  const dir = dirname(entry);
  return basename(basename(dir) === 'dist' || basename(dir) === 'src' ? dirname(dir) : dir);
}

/**
 * Starts the OpenTelemetry SDK. Exporter, endpoint, protocol, sampler and resource come from the
 * standard OTEL_* variables; only traces (metrics are Prometheus, logs go to stdout).
 */
export function startTracing(): void {
  // GraphQL's spans come from the gateway's Yoga plugin (graphql/tracing.plugin.ts): Yoga does not
  // run graphql-js's execute, which @opentelemetry/instrumentation-graphql patches.
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? serviceFromEntry(process.argv[1]),
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes are not requests anyone follows.
        ignoreIncomingRequestHook: (req) => /^\/(metrics|healthz?|readyz?)\b/.test(req.url ?? ''),
      }),
      new GrpcInstrumentation({ ignoreGrpcMethods: [/^Check$/, /^Watch$/] }),
    ],
  });
  sdk.start();
  registerTracingShutdown(() => sdk.shutdown());
}

// Composition root of the gateway: the network's one public door (GraphQL over HTTP).
import { BusNames, connectBus, DEFAULT_STREAM_SETTINGS, provisionStreams } from '@pcn/events';
import {
  createLogger,
  exitOnBootFailure,
  Lifecycle,
  packageVersion,
  Readiness,
  storeConfig,
} from '@pcn/platform';
import { openStore } from '@pcn/storage';
import { loadGatewayConfig } from './config.js';
import { createGatewayHttpServer } from './http/http-server.js';
import { createBackendHealth } from './infra/backend-health.js';

async function main(): Promise<void> {
  const config = loadGatewayConfig();
  const logger = createLogger({
    service: 'gateway',
    version: packageVersion(import.meta.url),
    level: config.LOG_LEVEL,
    pretty: config.NODE_ENV === 'development',
  });
  const lifecycle = new Lifecycle(logger, config.SHUTDOWN_TIMEOUT_MS);
  lifecycle.exitOnSignals();
  const readiness = new Readiness();

  // The gateway owns the network's identity and directory; they are stored here.
  const store = await openStore(storeConfig(config, 'pcn_gateway'));
  lifecycle.defer('close store', () => store.close());
  await store.migrate([]);
  readiness.add('store', () => store.ping());

  const bus = await connectBus(config.NATS_URL, 'pcn-gateway', logger);
  lifecycle.defer('drain NATS', () => bus.drain());
  await provisionStreams(bus.jsm, new BusNames(config.BUS_PREFIX), logger, {
    ...DEFAULT_STREAM_SETTINGS,
    replicas: config.STREAM_REPLICAS,
  });
  readiness.add('nats', () => bus.ping());

  const backends = createBackendHealth({
    draft: config.DRAFT_GRPC_ADDRESS,
    outreach: config.OUTREACH_GRPC_ADDRESS,
    feedback: config.FEEDBACK_GRPC_ADDRESS,
    notification: config.NOTIFICATION_GRPC_ADDRESS,
  });
  lifecycle.defer('close gRPC clients', () => backends.close());

  const http = createGatewayHttpServer({
    logger,
    readiness,
    context: { backends },
    maxRequestBytes: config.MAX_REQUEST_BYTES,
    development: config.NODE_ENV === 'development',
  });
  const port = await http.listen(config.HTTP_HOST, config.HTTP_PORT);
  lifecycle.defer('stop HTTP server', () => http.close(config.SHUTDOWN_TIMEOUT_MS - 1000));
  lifecycle.defer('readiness off', () => readiness.stop());
  logger.info({ url: `http://${config.HTTP_HOST}:${port}/graphql` }, 'gateway listening');
}

main().catch(exitOnBootFailure);

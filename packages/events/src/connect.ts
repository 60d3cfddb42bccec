import {
  jetstream,
  jetstreamManager,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@pcn/platform';

export interface Bus {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
  /** Throws unless connected and the server answers; used by readiness. */
  ping(): Promise<void>;
  /** Drains subscriptions and pending publishes, then closes. */
  drain(): Promise<void>;
}

/** Connects to NATS with endless reconnects (a service outlives a broker restart). */
export async function connectBus(
  servers: readonly string[],
  name: string,
  logger: Logger,
): Promise<Bus> {
  const nc = await connect({
    servers: [...servers],
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    // Otherwise every request (each JetStream publish awaits one) makes an Error up front only
    // to capture where it started: a measurable part of publishing. Our errors carry context.
    noAsyncTraces: true,
  });
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnect' || s.type === 'error')
        logger.warn({ nats: s.type }, 'NATS connection status');
    }
  })();
  const js = jetstream(nc);
  const jsm = await jetstreamManager(nc);
  return {
    nc,
    js,
    jsm,
    async ping() {
      if (nc.isClosed()) throw new Error('NATS connection closed');
      await nc.flush();
    },
    async drain() {
      if (!nc.isClosed()) await nc.drain();
    },
  };
}

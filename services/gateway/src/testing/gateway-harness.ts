import { freePorts, type TempDir } from '@pcn/testing';
import { inject } from 'vitest';
import { loadGatewayConfig, type GatewayConfig } from '../config.js';
import { startGateway, type Gateway } from '../gateway.js';
import {
  startNotificationBackend,
  type Clock,
  type NotificationBackend,
} from './notification-backend.js';

/** What every test gateway needs of its own, and any setting a test changes. */
export type GatewayTestEnv = { BUS_PREFIX: string; SQLITE_FILE: string } & Record<string, string>;

/**
 * A gateway's config for a test, on the test's nats-server: not production (production refuses
 * demo data and a missing INTERNAL_SECRET), demo data on, no rate limit to trip over, and every
 * backend on a dead address unless `env` names one.
 */
export function testGatewayConfig(env: GatewayTestEnv): GatewayConfig {
  return loadGatewayConfig({
    NODE_ENV: 'test',
    NATS_URL: inject('natsUrl'),
    HTTP_PORT: '0',
    LOG_LEVEL: process.env.PCN_TEST_LOG_LEVEL ?? 'silent',
    JWT_SECRET: 'test-secret-test-secret-test-secret-42',
    DEMO_DATA: 'true',
    RATE_LIMIT_PER_MINUTE: '100000',
    DRAFT_GRPC_ADDRESS: '127.0.0.1:1',
    OUTREACH_GRPC_ADDRESS: '127.0.0.1:1',
    FEEDBACK_GRPC_ADDRESS: '127.0.0.1:1',
    NOTIFICATION_GRPC_ADDRESS: '127.0.0.1:1',
    ...env,
  });
}

/** A gateway in this process, with `testGatewayConfig(env)`; the test shuts it down. */
export function startTestGateway(env: GatewayTestEnv): Promise<Gateway> {
  return startGateway(testGatewayConfig(env), { handleSignals: false });
}

export interface GatewayWithNotifications {
  gateway: Gateway;
  backend: NotificationBackend;
}

/**
 * A test gateway and the real notification service behind it, both in this process, on one bus
 * prefix and INTERNAL_SECRET, their SQLite files in `dir`. The gateway starts first: its boot must
 * not wait for the notification service. `gateway` adds to its settings; `notification` to the
 * service's (see `startNotificationBackend`).
 */
export async function startGatewayWithNotifications(options: {
  dir: TempDir;
  busPrefix: string;
  internalSecret: string;
  gateway?: Record<string, string>;
  notification?: { env?: Record<string, string>; clock?: Clock };
}): Promise<GatewayWithNotifications> {
  const grpcPort = await freePorts(1);
  const gateway = await startTestGateway({
    BUS_PREFIX: options.busPrefix,
    SQLITE_FILE: options.dir.file('gateway.db'),
    INTERNAL_SECRET: options.internalSecret,
    NOTIFICATION_GRPC_ADDRESS: `127.0.0.1:${grpcPort}`,
    ...options.gateway,
  });
  try {
    const backend = await startNotificationBackend({
      natsUrl: inject('natsUrl'),
      busPrefix: options.busPrefix,
      sqliteFile: options.dir.file('notification.db'),
      grpcPort,
      internalSecret: options.internalSecret,
      publicBaseUrl: gateway.url.replace('/graphql', ''),
      ...options.notification,
    });
    return { gateway, backend };
  } catch (err) {
    await gateway.lifecycle.shutdown('test setup failed');
    throw err;
  }
}

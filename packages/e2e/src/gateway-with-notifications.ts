import { freePorts, type TempDir } from '@pcn/testing';
import type { Clock, Logger } from '@pcn/platform';
import { startTestGateway, type Gateway } from '@pcn/gateway/testing';
import { inject } from 'vitest';
import { startNotificationBackend, type NotificationBackend } from './notification-backend.js';

export interface GatewayWithNotifications {
  gateway: Gateway;
  backend: NotificationBackend;
  /** Shuts the gateway down, then the service. */
  stop(): Promise<void>;
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
  /** The gateway's logger, for tests that read its log. */
  gatewayLogger?: Logger;
  notification?: { env?: Record<string, string>; clock?: Clock };
}): Promise<GatewayWithNotifications> {
  const grpcPort = await freePorts(1);
  const gateway = await startTestGateway(
    {
      BUS_PREFIX: options.busPrefix,
      SQLITE_FILE: options.dir.file('gateway.db'),
      INTERNAL_SECRET: options.internalSecret,
      NOTIFICATION_GRPC_ADDRESS: `127.0.0.1:${grpcPort}`,
      ...options.gateway,
    },
    { logger: options.gatewayLogger },
  );
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
    return {
      gateway,
      backend,
      async stop() {
        await gateway.lifecycle.shutdown('test done');
        await backend.stop();
      },
    };
  } catch (err) {
    await gateway.lifecycle.shutdown('test setup failed');
    throw err;
  }
}

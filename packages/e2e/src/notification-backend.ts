import type { Clock } from '@pcn/platform';
import { waitFor } from '@pcn/testing';
import {
  loadNotificationConfig,
  startNotificationService,
  startRecordingProvider,
  startSmtpSink,
  type NotificationService,
  type SmtpSink,
} from '@pcn/notification-service/testing';

// The real notification service, SMTP sink and recording provider, started in the test's process.
export type {
  ReceivedMail,
  RecordedRequest,
  RecordingProvider,
  SmtpSink,
} from '@pcn/notification-service/testing';
export { startRecordingProvider };
export type { Clock };

export interface NotificationBackend {
  sink: SmtpSink;
  /** The service itself: its store and consumers, for tests that look inside. */
  service: NotificationService;
  /**
   * Resolves once the service has taken in the directory's unit tree from the gateway's events:
   * it has handled one at least and none is waiting for it.
   */
  unitTreeReceived(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The notification service on `grpcPort`, sending email to a fresh SMTP sink; `env` adds to or
 * overrides its settings, and `clock` replaces the system clock.
 */
export async function startNotificationBackend(options: {
  natsUrl: string;
  busPrefix: string;
  sqliteFile: string;
  grpcPort: number;
  internalSecret: string;
  publicBaseUrl: string;
  env?: Record<string, string>;
  clock?: Clock;
}): Promise<NotificationBackend> {
  const sink = await startSmtpSink();
  try {
    const service = await startNotificationService(
      loadNotificationConfig({
        NODE_ENV: 'test',
        NATS_URL: options.natsUrl,
        BUS_PREFIX: options.busPrefix,
        SQLITE_FILE: options.sqliteFile,
        NOTIFICATION_LINK_SECRET: 'int-link-secret-int-link-secret-int-link',
        INTERNAL_SECRET: options.internalSecret,
        GRPC_PORT: String(options.grpcPort),
        PUBLIC_BASE_URL: options.publicBaseUrl,
        SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
        DUE_INTERVAL_MS: '100',
        LOG_LEVEL: process.env.PCN_TEST_LOG_LEVEL ?? 'silent',
        ...options.env,
      }),
      { handleSignals: false, ...(options.clock ? { clock: options.clock } : {}) },
    );
    return {
      sink,
      service,
      async unitTreeReceived() {
        const { bus, names } = service.host;
        await waitFor(
          async () => {
            if (service.directory.handled === 0) return false;
            const info = await bus.jsm.consumers.info(
              names.stream('directory'),
              names.durable('notification', 'directory'),
            );
            return info.num_pending + info.num_ack_pending === 0;
          },
          { timeoutMs: 30_000, description: 'the notification service taking in the unit tree' },
        );
      },
      async stop() {
        await service.host.lifecycle.shutdown('test done');
        await sink.close();
      },
    };
  } catch (err) {
    await sink.close();
    throw err;
  }
}

import { fileURLToPath } from 'node:url';

// The real notification service, SMTP sink and recording provider, started in the test's process.
// They are loaded by path at run time: the gateway's TypeScript project does not include another
// service's sources, so the shapes used here are declared here.
const notificationSource = (file: string) =>
  fileURLToPath(new URL(`../../../notification/src/${file}`, import.meta.url));

export interface ReceivedMail {
  to: string[];
  subject: string | undefined;
  text: string | undefined;
  listUnsubscribe: string | undefined;
}

export interface SmtpSink {
  port: number;
  messages: readonly ReceivedMail[];
  close(): Promise<void>;
}

export interface RecordedRequest {
  path: string;
  json: unknown;
  endpoint: string;
}

export interface RecordingProvider {
  url: string;
  requestsTo(endpoint: string): RecordedRequest[];
  close(): Promise<void>;
}

export interface Clock {
  now(): Date;
}

interface NotificationModules {
  startSmtpSink(): Promise<SmtpSink>;
  startRecordingProvider(): Promise<RecordingProvider>;
  loadNotificationConfig(env: Record<string, string>): unknown;
  startNotificationService(
    config: unknown,
    options: { handleSignals: boolean; clock?: Clock },
  ): Promise<{ port: number; host: { lifecycle: { shutdown(reason: string): Promise<void> } } }>;
}

async function loadNotificationModules(): Promise<NotificationModules> {
  const modules = (await Promise.all(
    [
      'testing/smtp-sink.ts',
      'testing/recording-provider.ts',
      'config.ts',
      'notification-service.ts',
    ].map((file) => import(/* @vite-ignore */ notificationSource(file))),
  )) as Partial<NotificationModules>[];
  return Object.assign({}, ...modules) as NotificationModules;
}

/** The notification service's recording SMS, Zalo and webhook provider. */
export async function startRecordingProvider(): Promise<RecordingProvider> {
  return (await loadNotificationModules()).startRecordingProvider();
}

export interface NotificationBackend {
  sink: SmtpSink;
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
  const modules = await loadNotificationModules();
  const sink = await modules.startSmtpSink();
  try {
    const service = await modules.startNotificationService(
      modules.loadNotificationConfig({
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

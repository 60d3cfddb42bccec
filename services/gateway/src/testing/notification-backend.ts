import { fileURLToPath } from 'node:url';

// The real notification service and SMTP sink, started in the test's process. Both are loaded by
// path at run time: the gateway's TypeScript project does not include another service's sources,
// so the shapes used here are declared here.
const notificationSource = (file: string) =>
  fileURLToPath(new URL(`../../../notification/src/${file}`, import.meta.url));

export interface ReceivedMail {
  to: string[];
  subject: string | undefined;
  text: string | undefined;
}

export interface SmtpSink {
  port: number;
  messages: readonly ReceivedMail[];
  close(): Promise<void>;
}

interface NotificationModules {
  startSmtpSink(): Promise<SmtpSink>;
  loadNotificationConfig(env: Record<string, string>): unknown;
  startNotificationService(
    config: unknown,
    options: { handleSignals: boolean },
  ): Promise<{ port: number; host: { lifecycle: { shutdown(reason: string): Promise<void> } } }>;
}

async function loadNotificationModules(): Promise<NotificationModules> {
  const [sink, config, service] = (await Promise.all([
    import(/* @vite-ignore */ notificationSource('testing/smtp-sink.ts')),
    import(/* @vite-ignore */ notificationSource('config.ts')),
    import(/* @vite-ignore */ notificationSource('notification-service.ts')),
  ])) as [
    Pick<NotificationModules, 'startSmtpSink'>,
    Pick<NotificationModules, 'loadNotificationConfig'>,
    Pick<NotificationModules, 'startNotificationService'>,
  ];
  return { ...sink, ...config, ...service };
}

export interface NotificationBackend {
  sink: SmtpSink;
  stop(): Promise<void>;
}

/** The notification service on `grpcPort`, sending email to a fresh SMTP sink. */
export async function startNotificationBackend(options: {
  natsUrl: string;
  busPrefix: string;
  sqliteFile: string;
  grpcPort: number;
  internalSecret: string;
  publicBaseUrl: string;
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
      }),
      { handleSignals: false },
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

import { inject } from 'vitest';
import { loadNotificationConfig, type NotificationConfig } from '../config.js';

/** What every notification service under test has of its own. */
export interface NotificationTestSetup {
  busPrefix: string;
  sqliteFile: string;
  linkSecret: string;
  /** Email goes to this SMTP sink. */
  smtp?: { port: number };
  /** SMS goes to this recording provider (it records webhooks and Zalo too, when asked). */
  provider?: { url: string };
}

/**
 * The settings of a notification service under test, on the run's nats-server: not production,
 * gRPC on any free port, due work polled every 100 ms, webhooks allowed over plain HTTP (the
 * recording provider serves them), email and SMS to the test's sink and provider; `env` adds to or
 * overrides them. For a service run as its own process, or for `testNotificationConfig`.
 */
export function testNotificationEnv(
  setup: NotificationTestSetup,
  env: Record<string, string> = {},
): Record<string, string> {
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.PCN_TEST_LOG_LEVEL ?? 'silent',
    NATS_URL: inject('natsUrl'),
    BUS_PREFIX: setup.busPrefix,
    SQLITE_FILE: setup.sqliteFile,
    GRPC_PORT: '0',
    NOTIFICATION_LINK_SECRET: setup.linkSecret,
    PUBLIC_BASE_URL: 'https://pcn.example.vn',
    ...(setup.smtp ? { SMTP_URL: `smtp://127.0.0.1:${setup.smtp.port}` } : {}),
    ...(setup.provider
      ? {
          SMS_API_URL: setup.provider.url,
          SMS_API_KEY: 'esms-key',
          SMS_SECRET_KEY: 'esms-secret',
          SMS_RATE_PER_SECOND: '1000',
        }
      : {}),
    ALLOW_INSECURE_WEBHOOKS: 'true',
    DUE_INTERVAL_MS: '100',
    ...env,
  };
}

/** `testNotificationEnv`, loaded as the service loads its environment. */
export function testNotificationConfig(
  setup: NotificationTestSetup,
  env: Record<string, string> = {},
): NotificationConfig {
  return loadNotificationConfig(testNotificationEnv(setup, env));
}

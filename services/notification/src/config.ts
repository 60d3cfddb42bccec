import { env, loadConfig } from '@pcn/platform';
import { backendEnv, envDurations } from '@pcn/service-kit';
import { z } from 'zod';
import { isDraftUrlTemplate } from './app/draft-link.js';

const hhmm = (fallback: string, what: string) =>
  z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'not HH:MM')
    .default(fallback)
    .describe(`${what}: HH:MM local time in Asia/Ho_Chi_Minh (default ${fallback})`);

const durations = envDurations;

/** The notification service's environment: the backend variables, gRPC on 50054, channels and rules. */
export const notificationEnv = {
  ...backendEnv(50054),
  NOTIFICATION_LINK_SECRET: env.secret(
    'a random secret of at least 32 characters that signs unsubscribe and verification links (keep it out of the repo)',
  ),
  PUBLIC_BASE_URL: env
    .url('the public address of the gateway, for links in messages')
    .default('http://localhost:4000'),
  PORTAL_DRAFT_URL_TEMPLATE: z
    .string()
    .refine(isDraftUrlTemplate, 'not an http(s) URL template naming {draftId} or {code}')
    .optional()
    .describe(
      "the province's portal page of a draft, for links in messages, e.g. https://portal.example.vn/du-thao/{code} ({draftId} and {code} are filled in); unset, links go to the gateway's own /drafts/<id> page",
    ),
  ALLOW_INSECURE_WEBHOOKS: env.offInProduction(
    'it lets partner webhooks use plain http and reach loopback and private addresses',
  ),
  FANOUT_BATCH: env.int(500, 10, 1000, 'subscribers read per fan-out batch'),
  DELIVERY_MAX_ATTEMPTS: env.int(5, 1, 20, 'attempts before a delivery fails'),
  DELIVERY_BACKOFF: durations('30s,2m,10m,1h', 'waits between delivery attempts'),
  WEBHOOK_DISABLE_AFTER: env.int(
    10,
    1,
    1000,
    'consecutive failed attempts after which a webhook endpoint is disabled',
  ),
  WEBHOOK_TIMEOUT_MS: env.int(10_000, 100, 60_000, 'webhook request timeout in ms'),
  DIGEST_AT: hhmm('18:00', 'when daily digests go out'),
  DUE_INTERVAL_MS: env.int(
    1000,
    50,
    600_000,
    'how often deferred and retrying deliveries are checked, in ms',
  ),
  SEND_CONCURRENCY: env.int(16, 1, 512, 'sends in flight per work item'),
  VERIFICATION_CAP_PER_CONTACT: env.int(
    3,
    1,
    1000,
    'verification codes one contact (any spelling) may be sent per hour',
  ),
  VERIFICATION_CAP_PER_DESTINATION: env.int(
    10,
    1,
    10_000,
    'verification codes per hour to one mailbox (all its +tag spellings) or webhook host, across all subscribers',
  ),
  // At least 4: one request may name four contacts (email, SMS, Zalo, webhook).
  VERIFICATION_CAP_PER_CLIENT: env.int(
    20,
    4,
    100_000,
    'verification codes per hour that one client address (IPv4, or IPv6 /64) may ask for',
  ),
  WORK_RETRY_BACKOFF: durations(
    '15s,1m,5m',
    'waits before a failed work item is handled again; the first is also how long a handler may go without a heartbeat. A store outage or a store busy on a lock is waited out, not counted',
  ),
  EVENT_RETRY_BACKOFF: durations(
    '15s,15s,30s,1m,1m',
    'waits before a notifiable event that failed to be recorded for fan-out is handled again; the first is also how long a handler may go without a heartbeat. A store outage or a store busy on a lock is waited out, not counted',
  ),
  WORK_REDRIVE_AFTER_MS: env.int(
    900_000,
    1000,
    86_400_000,
    'how long queued work may wait for a worker before the due scheduler queues it again, in ms',
  ),
  SMTP_URL: env
    .url(
      'SMTP server for email, e.g. smtp://user:pass@mail.example.org:587 (email is off when unset)',
    )
    .optional(),
  SMTP_FROM: z
    .string()
    .min(3)
    .default('PCN <no-reply@pcn.local>')
    .describe('sender of notification emails'),
  SMS_API_URL: env
    .url('base URL of the SMS brand-name gateway (eSMS-style API; SMS is off when unset)')
    .optional(),
  SMS_API_KEY: z.string().default('').describe('SMS gateway API key'),
  SMS_SECRET_KEY: z.string().default('').describe('SMS gateway secret key'),
  SMS_BRANDNAME: z.string().default('PCN').describe('registered SMS brand name'),
  SMS_RATE_PER_SECOND: env.int(30, 1, 100_000, 'SMS requests per second to the provider'),
  ZALO_API_URL: env
    .url(
      'base URL of the Zalo ZNS API, e.g. https://business.openapi.zalo.me (Zalo is off when unset)',
    )
    .optional(),
  ZALO_ACCESS_TOKEN: z.string().default('').describe('Zalo OA access token'),
  ZALO_TEMPLATE_ID: z.string().default('').describe('approved ZNS template id for notices'),
  ZALO_RATE_PER_SECOND: env.int(20, 1, 100_000, 'Zalo requests per second to the provider'),
};

export function loadNotificationConfig(environment: NodeJS.ProcessEnv = process.env) {
  return loadConfig(notificationEnv, environment);
}

export type NotificationConfig = ReturnType<typeof loadNotificationConfig>;

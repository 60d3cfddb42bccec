import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { currentContext } from './context.js';

export type { Logger } from 'pino';

/**
 * Keys whose values never reach a log: secrets and personal data. Matched at the top level and up
 * to three levels down, since pino's redaction paths name levels explicitly.
 */
export const REDACTED_KEYS = [
  'authorization',
  'cookie',
  'password',
  'passwordHash',
  'secret',
  'token',
  'apiKey',
  'email',
  'phone',
  'name',
  'fullName',
  'address',
] as const;

const redactPaths = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

export interface LoggerSettings {
  service: string;
  version: string;
  level: string;
  /** Human-readable output; only in development. */
  pretty: boolean;
  /** For tests: where lines go instead of stdout. */
  destination?: DestinationStream;
}

/**
 * The process logger: `service` and `version` on every line, the current correlation id and
 * causation id mixed in from the work context, and personal data redacted.
 */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: { service: settings.service, version: settings.version },
    redact: { paths: redactPaths, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin() {
      const ctx = currentContext();
      if (!ctx) return {};
      return ctx.causationId
        ? { correlationId: ctx.correlationId, causationId: ctx.causationId }
        : { correlationId: ctx.correlationId };
    },
  };
  const destination =
    settings.destination ??
    (settings.pretty
      ? pretty({
          sync: true,
          colorize: process.stdout.isTTY,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname,service,version',
          singleLine: true,
        })
      : pino.destination({ sync: true }));
  return pino(options, destination);
}

import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { currentContext } from './context.js';
import { traceLogFields } from './tracing.js';

export type { Logger } from 'pino';

/** Keys whose values never reach a log: secrets and personal data, matched at any depth. */
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

const redactedKeys = new Set(REDACTED_KEYS.map((k) => k.toLowerCase()));
// Also catch variants such as `phoneNumber`, `userEmail`, `x-api-key`.
const REDACTED_PATTERN =
  /password|passwd|secret|token|api[-_]?key|authorization|cookie|e-?mail|phone|full[-_]?name|^name$|address$/i;
const MAX_DEPTH = 8;

function isRedacted(key: string): boolean {
  return redactedKeys.has(key.toLowerCase()) || REDACTED_PATTERN.test(key);
}

/**
 * Replaces the values of secret and personal keys at any depth, whatever their case. Errors keep
 * their type, message and stack (serialised by pino), and their own fields are scrubbed too.
 */
export function redact(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[deep]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen));
  if (value instanceof Error) {
    const copy = Object.create(Object.getPrototypeOf(value) as object) as Record<string, unknown>;
    copy.message = value.message;
    copy.stack = value.stack;
    for (const [k, v] of Object.entries(value))
      copy[k] = isRedacted(k) ? '[redacted]' : redact(v, depth + 1, seen);
    return copy;
  }
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    out[k] = isRedacted(k) ? '[redacted]' : redact(v, depth + 1, seen);
  return out;
}

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
 * causation id mixed in from the work context (and the trace and span ids when tracing is on), and
 * personal data redacted.
 */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: { service: settings.service, version: settings.version },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => redact(object) as Record<string, unknown>,
    },
    mixin() {
      // trace_id and span_id only while a span is active, that is with tracing on.
      const traced = traceLogFields();
      const ctx = currentContext();
      if (!ctx) return traced;
      return ctx.causationId
        ? { correlationId: ctx.correlationId, causationId: ctx.causationId, ...traced }
        : { correlationId: ctx.correlationId, ...traced };
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

import { createLogger, type Logger } from './logger.js';

export type LogLine = Record<string, unknown>;

export interface CapturedLogs {
  logger: Logger;
  /** What the logger wrote, chunk by chunk. */
  raw: string[];
  /** The lines written so far, parsed. */
  lines: () => LogLine[];
}

/** A real logger that writes JSON lines into memory, so tests can assert on what was logged. */
export function captureLogs(
  options: { service?: string; version?: string; level?: string } = {},
): CapturedLogs {
  const raw: string[] = [];
  const logger = createLogger({
    service: options.service ?? 'test',
    version: options.version ?? '0.0.0',
    level: options.level ?? 'trace',
    pretty: false,
    destination: { write: (chunk: string) => void raw.push(chunk) },
  });
  const lines = () =>
    raw
      .join('')
      .split('\n')
      .filter((l) => l.length > 0)
      .map((l) => JSON.parse(l) as LogLine);
  return { logger, raw, lines };
}

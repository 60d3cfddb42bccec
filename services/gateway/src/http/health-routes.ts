import type { ServerResponse } from 'node:http';
import type { Logger, Readiness } from '@pcn/platform';
import { json } from './http-responses.js';

/**
 * Liveness at /healthz and readiness at /readyz; true when `path` was one of them (and answered).
 * Readiness details stay in the log: the public answer says only which dependency fails.
 */
export function serveHealth(
  path: string,
  res: ServerResponse,
  readiness: Readiness,
  logger: Logger,
): boolean {
  if (path === '/healthz') {
    json(res, 200, { status: 'ok' });
    return true;
  }
  if (path !== '/readyz') return false;
  void readiness.probe().then((report) => {
    if (!report.ready) logger.warn({ checks: report.checks }, 'not ready');
    const checks = Object.fromEntries(
      Object.entries(report.checks).map(([name, result]) => [
        name,
        result === 'ok' ? 'ok' : 'failing',
      ]),
    );
    json(res, report.ready ? 200 : 503, { ready: report.ready, checks });
  });
  return true;
}

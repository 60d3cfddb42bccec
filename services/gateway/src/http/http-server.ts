import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  acceptCorrelationId,
  CORRELATION_ID_HEADER,
  runInContext,
  type Logger,
  type Readiness,
} from '@pcn/platform';
import { createYoga } from 'graphql-yoga';
import { createGatewaySchema, type GatewayContext } from '../graphql/schema.js';

export interface GatewayHttpOptions {
  logger: Logger;
  readiness: Readiness;
  context: GatewayContext;
  maxRequestBytes: number;
  development: boolean;
}

function problem(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/**
 * The gateway's HTTP server: GraphQL at /graphql (GraphiQL in development only), liveness at
 * /healthz and readiness at /readyz. Errors are masked unless they carry an expected code.
 */
export function createGatewayHttpServer(options: GatewayHttpOptions) {
  const { logger, readiness } = options;
  const yoga = createYoga<object, GatewayContext>({
    schema: createGatewaySchema(),
    context: () => options.context,
    graphqlEndpoint: '/graphql',
    graphiql: options.development,
    landingPage: false,
    maskedErrors: true,
    logging: {
      debug: (...args) => logger.debug({ args }, 'yoga'),
      info: (...args) => logger.info({ args }, 'yoga'),
      warn: (...args) => logger.warn({ args }, 'yoga'),
      error: (...args) => logger.error({ args }, 'yoga'),
    },
  });

  let inFlight = 0;
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return json(res, 200, { status: 'ok' });
    if (path === '/readyz') {
      void readiness.probe().then((report) => {
        // Details stay in the log; the public answer says only which dependency fails.
        if (!report.ready) logger.warn({ checks: report.checks }, 'not ready');
        const checks = Object.fromEntries(
          Object.entries(report.checks).map(([name, result]) => [
            name,
            result === 'ok' ? 'ok' : 'failing',
          ]),
        );
        json(res, report.ready ? 200 : 503, { ready: report.ready, checks });
      });
      return;
    }
    // Bodies must declare their length (Node's parser then enforces it), so the limit is checked
    // before a byte is read; chunked uploads get 411.
    const length = req.headers['content-length'];
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
    if (hasBody && length === undefined && req.headers['transfer-encoding'] !== undefined) {
      req.resume();
      return json(res, 411, problem('Send a Content-Length header', 'LENGTH_REQUIRED'));
    }
    if (Number(length ?? 0) > options.maxRequestBytes) {
      req.resume();
      return json(
        res,
        413,
        problem(
          `Request body is larger than ${options.maxRequestBytes} bytes`,
          'PAYLOAD_TOO_LARGE',
        ),
      );
    }
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
    });
    // Every log line and backend call of this request carries its correlation id.
    const correlationId = acceptCorrelationId(req.headers[CORRELATION_ID_HEADER]);
    res.setHeader(CORRELATION_ID_HEADER, correlationId);
    runInContext({ correlationId }, () => void yoga.requestListener(req, res));
  };

  const server: Server = createServer(handle);
  return {
    server,
    get inFlight() {
      return inFlight;
    },
    async listen(host: string, port: number): Promise<number> {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      return (server.address() as AddressInfo).port;
    },
    /** Stops accepting, lets requests in flight finish, and cuts what is left at the timeout. */
    async close(timeoutMs: number): Promise<void> {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), timeoutMs);
      await closed;
      clearTimeout(timer);
    },
  };
}

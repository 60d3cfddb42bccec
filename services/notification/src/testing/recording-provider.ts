import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ESMS_PATH = '/MainService.svc/json/SendMultipleMessage_V4_post_json/';
export const ZNS_PATH = '/message/template';
export const HOOKS_PREFIX = '/hooks/';

export interface RecordedRequest {
  method: string;
  /** Path and query. */
  path: string;
  /** Lower-case names, as node:http gives them. */
  headers: IncomingHttpHeaders;
  /** The body exactly as received (UTF-8). */
  body: string;
  /** The body parsed as JSON; undefined if it is not JSON. */
  json: unknown;
  /** Which emulated endpoint took it. */
  endpoint: 'esms' | 'zns' | 'hook' | 'unknown';
}

export interface ProviderReply {
  status: number;
  headers?: Record<string, string>;
  /** A string goes as it is; anything else as JSON. */
  body?: unknown;
}

export interface RecordingProviderOptions {
  /** Wait this long before answering every request (timeouts). Changeable later via `delayMs`. */
  delayMs?: number;
  /**
   * Decide a reply before the emulation does; return undefined to let it answer. A request answered
   * here is not accepted (and its id not remembered) unless the hook says 2xx for a webhook.
   */
  respond?: (request: RecordedRequest) => ProviderReply | undefined;
  /** Port to listen on (default 0: a free one). */
  port?: number;
}

export interface RecordingProvider extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`: the eSMS and ZNS base URL; webhooks go to `${url}/hooks/...`. */
  readonly url: string;
  /** Every request, in arrival order, failed ones included. */
  readonly received: readonly RecordedRequest[];
  /** Raw request count. */
  readonly requests: number;
  /** Messages taken for the first time: repeats of a RequestId / tracking_id / delivery id are not. */
  readonly accepted: number;
  delayMs: number;
  respond: RecordingProviderOptions['respond'];
  /** The next `count` requests get `status` (with an optional body and headers), then normal again. */
  failNext(count: number, status: number, reply?: Omit<ProviderReply, 'status'>): void;
  /** Received requests for one endpoint. */
  requestsTo(endpoint: RecordedRequest['endpoint']): RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A local stand-in for the SMS gateway (eSMS.vn JSON API), Zalo ZNS and partner webhook receivers:
 * it records every request and emulates the providers' de-duplication, so tests can show that a
 * resend is not a second message. Failures and slowness are injected per test.
 */
export async function startRecordingProvider(
  options: RecordingProviderOptions = {},
): Promise<RecordingProvider> {
  const received: RecordedRequest[] = [];
  const failures: ProviderReply[] = [];
  const esmsIds = new Set<string>();
  const znsIds = new Map<string, string>();
  const hookIds = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let accepted = 0;

  const state = { delayMs: options.delayMs ?? 0, respond: options.respond };

  function emulate(request: RecordedRequest): ProviderReply {
    const body = (request.json ?? {}) as Record<string, unknown>;
    switch (request.endpoint) {
      case 'esms': {
        if (!body.ApiKey || !body.SecretKey) {
          return { status: 200, body: { CodeResult: '101', ErrorMessage: 'Authorize Failed' } };
        }
        if (typeof body.Phone !== 'string' || !/^84\d{9,10}$/.test(body.Phone)) {
          return { status: 200, body: { CodeResult: '108', ErrorMessage: 'Phone invalid' } };
        }
        const requestId = typeof body.RequestId === 'string' ? body.RequestId : undefined;
        if (requestId && esmsIds.has(requestId)) {
          return { status: 200, body: { CodeResult: '124', ErrorMessage: 'Duplicate RequestId' } };
        }
        if (requestId) esmsIds.add(requestId);
        accepted++;
        return {
          status: 200,
          body: { CodeResult: '100', CountRegenerate: 0, SMSID: randomUUID() },
        };
      }
      case 'zns': {
        if (!request.headers.access_token) {
          return { status: 200, body: { error: -124, message: 'Access token is invalid' } };
        }
        if (!body.phone && !body.user_id) {
          return { status: 200, body: { error: -108, message: 'Phone number is invalid' } };
        }
        const trackingId = typeof body.tracking_id === 'string' ? body.tracking_id : undefined;
        // A repeated tracking_id answers the first message's id and sends nothing.
        const seen = trackingId ? znsIds.get(trackingId) : undefined;
        if (seen)
          return { status: 200, body: { error: 0, message: 'Success', data: { msg_id: seen } } };
        const msgId = randomUUID().replace(/-/g, '');
        if (trackingId) znsIds.set(trackingId, msgId);
        accepted++;
        return { status: 200, body: { error: 0, message: 'Success', data: { msg_id: msgId } } };
      }
      case 'hook': {
        countHook(request);
        return { status: 200, body: { ok: true } };
      }
      default:
        return { status: 404, body: { error: 'not found' } };
    }
  }

  function countHook(request: RecordedRequest): void {
    const id = request.headers['pcn-delivery-id'];
    const key = typeof id === 'string' ? id : undefined;
    if (key && hookIds.has(key)) return;
    if (key) hookIds.add(key);
    accepted++;
  }

  function reply(res: ServerResponse, answer: ProviderReply): void {
    if (res.destroyed) return;
    const text =
      answer.body === undefined
        ? ''
        : typeof answer.body === 'string'
          ? answer.body
          : JSON.stringify(answer.body);
    res.writeHead(answer.status, {
      ...(typeof answer.body === 'object' && { 'Content-Type': 'application/json; charset=utf-8' }),
      ...answer.headers,
    });
    res.end(text);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = body ? (JSON.parse(body) as unknown) : undefined;
      } catch {
        json = undefined;
      }
      const path = req.url ?? '/';
      const pathname = path.split('?')[0] ?? '/';
      const endpoint: RecordedRequest['endpoint'] =
        req.method === 'POST' && pathname === ESMS_PATH
          ? 'esms'
          : req.method === 'POST' && pathname === ZNS_PATH
            ? 'zns'
            : pathname.startsWith(HOOKS_PREFIX)
              ? 'hook'
              : 'unknown';
      const request: RecordedRequest = {
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        body,
        json,
        endpoint,
      };
      received.push(request);

      const answer = () => {
        const failure = failures.shift();
        if (failure) return reply(res, failure);
        const custom = state.respond?.(request);
        if (custom) {
          if (endpoint === 'hook' && custom.status >= 200 && custom.status < 300)
            countHook(request);
          return reply(res, custom);
        }
        reply(res, emulate(request));
      };
      if (state.delayMs > 0) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          answer();
        }, state.delayMs);
        timers.add(timer);
      } else answer();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  const close = () =>
    new Promise<void>((resolve) => {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      server.close(() => resolve());
    });

  return {
    url: `http://127.0.0.1:${port}`,
    received,
    get requests() {
      return received.length;
    },
    get accepted() {
      return accepted;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    get respond() {
      return state.respond;
    },
    set respond(hook) {
      state.respond = hook;
    },
    failNext(count, status, rest = {}) {
      for (let i = 0; i < count; i++) failures.push({ status, ...rest });
    },
    requestsTo(endpoint) {
      return received.filter((r) => r.endpoint === endpoint);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

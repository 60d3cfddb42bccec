import type { IncomingMessage } from 'node:http';
import { isAsyncIterable, processRegularResult, type YogaServerInstance } from 'graphql-yoga';

/**
 * The lean path for GraphQL over HTTP: a plain JSON POST is handed to Yoga's GraphQL stage
 * (`getResultForParams`: params checks, parse and validation caches, depth and cost limits, the
 * context, execution, error masking) and its answer is serialised by Yoga's own
 * `processRegularResult`, skipping the HTTP stage around them: the fetch Request and Response
 * built from Node's streams, abort signals, the request parsers and the response pump. That stage
 * is about half of Yoga's cost on a small query (bench:drafts); the answer is the same bytes, with
 * the same status and media type (http/lean-graphql.int.spec.ts compares both paths).
 *
 * Only the plain case takes it: a JSON object body (no batch), no `Origin` header (CORS stays with
 * Yoga), and an Accept header naming one media type Yoga would answer with for a single result.
 * A plugin hooking the HTTP stage (onRequest, onRequestParse, onResultProcess, onResponse) would
 * not run here, so the gateway turns the lean path off when one is installed (see http-server).
 */

/** Accept values the lean path answers, and the media type Yoga answers each with. */
const LEAN_ACCEPT: ReadonlyMap<string, string> = new Map([
  ['', 'application/json'],
  ['*/*', 'application/json'],
  ['application/json', 'application/json'],
  ['application/graphql-response+json', 'application/graphql-response+json'],
]);

/** The media type of the answer, if the request's Accept header is one the lean path takes. */
export function leanMediaType(accept: string | undefined): string | undefined {
  const value = (accept ?? '').replace(/\s/g, '').toLowerCase();
  const semicolon = value.indexOf(';');
  if (semicolon < 0) return LEAN_ACCEPT.get(value);
  if (value.slice(semicolon) !== ';charset=utf-8') return undefined;
  return LEAN_ACCEPT.get(value.slice(0, semicolon));
}

/** The parameters of a JSON body, if it is a single request (not a batch, not malformed). */
export function leanParams(body: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** What processRegularResult builds, kept as plain values instead of a stream-backed Response. */
class CapturedResponse {
  readonly body: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(body: string | null, init: { status?: number; headers?: Record<string, string> }) {
    this.body = body ?? '';
    this.status = init.status ?? 200;
    this.headers = init.headers ?? {};
  }
}
const capture = { Response: CapturedResponse } as unknown as Parameters<
  typeof processRegularResult
>[1];

/** An answer of the lean path: what Yoga's full pipeline would have sent. */
export interface LeanAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Runs one request on the lean path. Returns undefined, having run nothing, when the request
 * turns out to need the full pipeline (a subscription, or params Yoga refuses before execution,
 * whose exact answer the full pipeline gives).
 */
export async function runLean<C extends object, U extends object>(
  yoga: YogaServerInstance<C, U>,
  req: IncomingMessage,
  params: Record<string, unknown>,
  mediaType: string,
  serverContext: C,
  started: () => boolean,
): Promise<LeanAnswer | undefined> {
  const requestHeaders = new yoga.fetchAPI.Headers();
  for (const [name, value] of Object.entries(req.headers))
    if (typeof value === 'string') requestHeaders.set(name, value);
    else if (Array.isArray(value)) requestHeaders.set(name, value.join(', '));
  const request = new yoga.fetchAPI.Request(`http://gateway.local${req.url ?? '/graphql'}`, {
    method: 'POST',
    headers: requestHeaders,
  });
  let result;
  try {
    result = await yoga.getResultForParams({ params, request }, serverContext);
  } catch (err) {
    // Before execution (a params check): nothing ran, the full pipeline gives the exact answer.
    if (!started()) return undefined;
    throw err;
  }
  if (result === undefined) return undefined;
  if (isAsyncIterable(result)) {
    // A subscription: its source has not been read yet; the full pipeline streams it.
    await (result as AsyncIterable<unknown> & AsyncIterator<unknown>).return?.();
    return undefined;
  }
  const out = processRegularResult(result, capture, mediaType) as unknown as CapturedResponse;
  // Header names as Yoga's full pipeline sends them: lower case.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(out.headers)) headers[name.toLowerCase()] = value;
  const body = Buffer.from(out.body, 'utf8');
  headers['content-length'] = String(body.length);
  return { status: out.status, headers, body };
}

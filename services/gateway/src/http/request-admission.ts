import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { CallerIdentity } from '@pcn/platform';
import { clientAddress } from './client-address.js';
import { json, problem } from './http-responses.js';
import { RateLimiter } from './rate-limiter.js';

/** Who sent a request: a verified caller, or why the credentials were refused. */
export type Authentication = { caller: CallerIdentity } | { error: unknown };

/** The only media type accepted for POST bodies at /graphql (GraphQL over HTTP). */
const GRAPHQL_POST_MEDIA_TYPE = 'application/json';

/**
 * The media type of a POST body, lower case and without parameters. Form posts
 * (application/x-www-form-urlencoded, multipart/form-data, text/plain) are what any web page can
 * make a visitor's browser send without asking: refusing them keeps mutations off that path.
 */
function mediaTypeOf(contentType: string): string {
  return contentType.split(',')[0]?.split(';')[0]?.trim().toLowerCase() ?? '';
}

export interface RequestAdmissionOptions {
  ratePerMinute: number;
  /** Most buckets kept for addresses, and again for verified identities (the limiter's default). */
  rateLimitMaxClients?: number | undefined;
  maxRequestBytes: number;
  /** Routes that take bigger bodies than `maxRequestBytes` (a CSV of paper forms), by path. */
  routeBodyLimits?: Readonly<Record<string, number>> | undefined;
  trustedProxyHops?: number | undefined;
  clock?: (() => number) | undefined;
}

/**
 * What a request must pass before anything reads its body: its rate limit (per verified identity,
 * else per client address), its declared size, and for POST /graphql its media type.
 */
export function createRequestAdmission(options: RequestAdmissionOptions) {
  // Addresses and verified identities are kept apart, so that a flood of addresses (an IPv6
  // block holds many /64s) can never crowd real accounts out of their own buckets.
  const clock = options.clock ?? Date.now;
  const addressLimiter = new RateLimiter(options.ratePerMinute, clock, options.rateLimitMaxClients);
  const identityLimiter = new RateLimiter(
    options.ratePerMinute,
    clock,
    options.rateLimitMaxClients,
  );
  // Without trusted proxies the address is the socket's: worked out once per connection.
  const socketAddresses = new WeakMap<Socket, string>();
  const addressOf = (req: IncomingMessage | undefined): string => {
    if (!req || (options.trustedProxyHops ?? 0) > 0)
      return clientAddress(
        req?.socket.remoteAddress,
        req?.headers['x-forwarded-for'],
        options.trustedProxyHops,
      );
    let address = socketAddresses.get(req.socket);
    if (address === undefined) {
      address = clientAddress(req.socket.remoteAddress, undefined, 0);
      socketAddresses.set(req.socket, address);
    }
    return address;
  };

  /** Answers and returns true when the request may not go on; false when it is admitted. */
  function refuse(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    auth: Authentication,
    limited: boolean,
  ): boolean {
    if (limited) {
      const wait =
        'caller' in auth && auth.caller.kind !== 'anonymous'
          ? identityLimiter.take(`${auth.caller.kind}:${auth.caller.id}`)
          : addressLimiter.take(`ip:${addressOf(req)}`);
      if (wait > 0) {
        req.resume();
        json(res, 429, problem(`Too many requests; retry in ${wait} s`, 'RATE_LIMITED'), {
          'retry-after': String(wait),
        });
        return true;
      }
    }
    // Bodies must declare their length (Node's parser then enforces it), so the limit is checked
    // before a byte is read; chunked uploads get 411.
    const length = req.headers['content-length'];
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
    if (hasBody && length === undefined && req.headers['transfer-encoding'] !== undefined) {
      req.resume();
      json(res, 411, problem('Send a Content-Length header', 'LENGTH_REQUIRED'));
      return true;
    }
    const maxBytes = options.routeBodyLimits?.[path] ?? options.maxRequestBytes;
    if (Number(length ?? 0) > maxBytes) {
      req.resume();
      json(res, 413, problem(`Request body is larger than ${maxBytes} bytes`, 'PAYLOAD_TOO_LARGE'));
      return true;
    }
    if (path === '/graphql' && req.method === 'POST') {
      const raw = req.headers['content-type'] ?? '';
      const mediaType = mediaTypeOf(raw);
      // Media types are case-insensitive; Yoga compares them as written.
      if (mediaType === GRAPHQL_POST_MEDIA_TYPE && !raw.startsWith(GRAPHQL_POST_MEDIA_TYPE))
        req.headers['content-type'] =
          `${GRAPHQL_POST_MEDIA_TYPE}${raw.includes(';') ? raw.slice(raw.indexOf(';')) : ''}`;
      if (mediaType !== GRAPHQL_POST_MEDIA_TYPE) {
        req.resume();
        json(
          res,
          415,
          problem(
            `POST /graphql takes a JSON body: send Content-Type: ${GRAPHQL_POST_MEDIA_TYPE}${mediaType ? `, not ${mediaType}` : ''}`,
            'UNSUPPORTED_MEDIA_TYPE',
          ),
          { 'accept-post': GRAPHQL_POST_MEDIA_TYPE },
        );
        return true;
      }
    }
    return false;
  }

  return {
    addressOf,
    refuse,
    /** Buckets held by the rate limiter: client addresses and verified identities. */
    get buckets() {
      return { addresses: addressLimiter.size, identities: identityLimiter.size };
    },
  };
}

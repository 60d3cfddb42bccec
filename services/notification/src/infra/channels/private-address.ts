import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * Which addresses a partner's webhook may reach: public unicast only, so that no endpoint can point
 * deliveries at PCN's own services or anything else inside a network. Ranges come from ipaddr.js
 * (IANA's special-purpose registries: loopback, private, link-local, CGNAT, documentation,
 * benchmarking, multicast, reserved, 6to4, Teredo, NAT64 local use, site-local, ...); only its
 * `unicast` is allowed, with these checks of our own on top:
 * - IPv6 outside 2000::/3 (the global unicast space) is refused: ipaddr.js calls IPv4-compatible
 *   `::a.b.c.d` and unassigned space `unicast` (and reads `::a.b.c.d` as IPv4-mapped, so dotted
 *   tails are rewritten in hex first).
 * - 64:ff9b:1::/48 (NAT64 for local use, RFC 8215) is refused; ipaddr.js files it under `rfc6052`
 *   with the well-known prefix.
 * - IPv4-mapped `::ffff:a.b.c.d` and the well-known NAT64 prefix 64:ff9b::/96 carry an IPv4
 *   address, which is what gets reached: they are judged by it.
 */

const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

/**
 * An IPv6 address with a dotted tail in plain hex, as the URL parser writes it. ipaddr.js reads
 * `::a.b.c.d` (IPv4-compatible) as `::ffff:a.b.c.d` (IPv4-mapped), and resolvers print the former
 * that way, so the two must not be confused.
 */
function hexIPv6(text: string): string | undefined {
  try {
    return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
}

/** The special range an address is in (`unicast` when none), or `invalid`. */
export function addressRange(ip: string): string {
  const host = ip.replace(/^\[|\]$/g, '');
  // Resolvers and URL parsing both give dotted quads; any other IPv4 spelling is refused.
  if (ipaddr.IPv4.isValidFourPartDecimal(host)) return ipaddr.IPv4.parse(host).range();
  const v6text = host.includes('.') ? hexIPv6(host) : host;
  if (v6text === undefined || !ipaddr.IPv6.isValid(v6text)) return 'invalid';
  const v6 = ipaddr.IPv6.parse(v6text);
  const range: string = v6.range();
  if (range === 'ipv4Mapped') return v6.toIPv4Address().range();
  if (range === 'rfc6052') {
    if (!v6.match(NAT64_WELL_KNOWN)) return 'nat64LocalUse';
    const [, , , , , , hi = 0, lo = 0] = v6.parts;
    return new ipaddr.IPv4([hi >> 8, hi & 255, lo >> 8, lo & 255]).range();
  }
  if (range === 'unicast' && !v6.match(GLOBAL_UNICAST)) return 'notGlobalUnicast';
  return range;
}

/** True for an address on the public internet; false for anything else, malformed included. */
export function isPublicAddress(ip: string): boolean {
  return addressRange(ip) === 'unicast';
}

/** The opposite of `isPublicAddress`, for callers that ask the question that way. */
export function isPrivateAddress(ip: string): boolean {
  return !isPublicAddress(ip);
}

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a host name to all its addresses; injectable so tests control what DNS answers. */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export const systemResolver: Resolver = (hostname) =>
  lookup(hostname, { all: true, verbatim: true });

/**
 * Resolves a host name once; true when any of its addresses is not public, or it does not
 * resolve. Only a check: connecting must use the addresses checked (see `checkedLookup`).
 */
export async function resolvesToPrivate(
  hostname: string,
  resolve: Resolver = systemResolver,
): Promise<boolean> {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host)) return isPrivateAddress(host);
  try {
    const addresses = await resolve(host);
    return addresses.length === 0 || addresses.some((a) => isPrivateAddress(a.address));
  } catch {
    return true;
  }
}

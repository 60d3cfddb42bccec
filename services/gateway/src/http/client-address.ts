import ipaddr from 'ipaddr.js';

/**
 * The address a request counts against before anyone is authenticated: the peer's IPv4 address,
 * or the /64 its IPv6 address belongs to (one household or phone usually holds a whole /64, so
 * counting single IPv6 addresses would hand an attacker 2^64 identities). IPv4 written inside
 * IPv6 (`::ffff:1.2.3.4`) counts as the IPv4 address. Behind a reverse proxy the socket's peer is
 * the proxy, so `trustedProxyHops` > 0 takes the address that many hops back in
 * `X-Forwarded-For` instead; it is 0 by default, since a client can write that header itself.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | string[] | undefined,
  trustedProxyHops = 0,
): string {
  let raw = socketAddress;
  if (trustedProxyHops > 0 && forwardedFor !== undefined) {
    const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    raw = hops[hops.length - trustedProxyHops] ?? hops[0] ?? socketAddress;
  }
  if (raw === undefined || !ipaddr.isValid(raw)) return 'unknown';
  const parsed = ipaddr.process(raw);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const prefix = ipaddr.IPv6.networkAddressFromCIDR(`${parsed.toString()}/64`);
  return `${prefix.toString()}/64`;
}

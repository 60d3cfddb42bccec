import type { LookupAddress, LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { isPublicAddress, type Resolver } from './private-address.js';

/** A host resolved to an address that is not public; the request is refused, not retried. */
export class PrivateAddressError extends Error {
  override name = 'PrivateAddressError';
  readonly code = 'PCN_PRIVATE_ADDRESS';
  constructor() {
    // The host is not named: it is a subscriber's contact data.
    super('webhook host resolves to a private address');
  }
}

function familyOf(option: LookupOptions['family']): 4 | 6 | 0 {
  if (option === 4 || option === 'IPv4') return 4;
  if (option === 6 || option === 'IPv6') return 6;
  return 0;
}

function notFound(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`no usable address for ${hostname}`), {
    code: 'ENOTFOUND',
    syscall: 'getaddrinfo',
  });
}

/**
 * The `lookup` a socket connects through: it resolves the name once, checks every address it got,
 * and hands the socket only those checked addresses, so what was checked is what is connected to.
 * One private address among the answers refuses the host (DNS rebinding answers with a mix).
 * With `allowPrivate` (development) nothing is refused, and the addresses are still pinned.
 */
export function checkedLookup(resolve: Resolver, allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    const checked = resolve(hostname).then((addresses) => {
      if (!allowPrivate && addresses.some((a) => !isPublicAddress(a.address)))
        throw new PrivateAddressError();
      const family = familyOf(options.family);
      const usable: LookupAddress[] = addresses
        .filter((a) => family === 0 || a.family === family)
        .map((a) => ({ address: a.address, family: a.family }));
      if (usable.length === 0) throw notFound(hostname);
      return usable;
    });
    // The callback runs outside the promise, so nothing it throws is taken for a lookup failure.
    checked.then(
      (usable) =>
        process.nextTick(() => {
          const first = usable[0] as LookupAddress;
          if (options.all) callback(null, usable);
          else callback(null, first.address, first.family);
        }),
      (err: unknown) =>
        process.nextTick(() => callback(err instanceof Error ? err : new Error(String(err)), '')),
    );
  };
}

/** Whether a failed request was refused by `checkedLookup` (undici wraps errors in causes). */
export function isPrivateAddressRefusal(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 8; depth += 1) {
    if (e instanceof PrivateAddressError) return true;
    e = e.cause;
  }
  return false;
}

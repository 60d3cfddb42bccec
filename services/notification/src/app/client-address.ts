import { InvalidArgumentError } from '@pcn/platform';
import { z } from 'zod';

/**
 * The public caller's address as the gateway saw it (IPv4, an IPv6 /64 such as `2001:db8:1:2::/64`,
 * or `unknown`). Only its keyed hash is ever stored; it is never logged or echoed.
 */
const clientAddressSchema = z
  .string()
  .max(64, 'must be at most 64 characters')
  .regex(/^(unknown|[0-9A-Fa-f:.]+(\/\d{1,3})?)$/, 'must be an IP address or an IPv6 /64');

/** Null when not given (an internal caller): no per-address cap applies. */
export function parseClientAddress(value: unknown, field = 'clientAddress'): string | null {
  if (value === undefined || value === null || value === '') return null;
  const result = clientAddressSchema.safeParse(value);
  if (result.success) return result.data.toLowerCase();
  throw new InvalidArgumentError([
    { field, description: result.error.issues[0]?.message ?? 'is not an address' },
  ]);
}

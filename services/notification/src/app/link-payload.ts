import { InvalidArgumentError } from '@pcn/platform';
import { verifyLinkToken, type LinkPayload } from './link-tokens.js';

/** The payload of a link token made for `purpose`, or INVALID_ARGUMENT saying what is wrong. */
export function linkPayload<P extends LinkPayload['purpose']>(
  secret: string,
  token: string,
  purpose: P,
  now: Date,
): Extract<LinkPayload, { purpose: P }> {
  const checked = verifyLinkToken(secret, token, now);
  if (checked.ok && checked.payload.purpose === purpose)
    return checked.payload as Extract<LinkPayload, { purpose: P }>;
  const what = purpose === 'verify' ? 'a verification link' : 'an unsubscribe link';
  throw new InvalidArgumentError([
    {
      field: 'token',
      description: checked.ok ? `is not ${what}` : `is ${checked.reason.replace('_', ' ')}`,
    },
  ]);
}

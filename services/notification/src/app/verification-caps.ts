import {
  capWindowId as platformCapWindowId,
  ResourceExhaustedError,
  retryIn,
  type CapWindow as PlatformCapWindow,
} from '@pcn/platform';
import type { VerifiableChannel } from './verification.js';

/**
 * Caps on verification codes. A code costs money (SMS) and lands on someone's phone or in their
 * mailbox, and anyone may ask for one, so three caps hold per sliding hour:
 *
 * - per contact (`contactKey`: the address as one thing, whatever its spelling);
 * - per destination (`destinationKey`: a mailbox with all its `+tag` spellings, a webhook host),
 *   across all subscribers;
 * - per client address (the caller's IP, IPv6 as its /64), however many contacts it names.
 *
 * Each cap is a window of the times codes were sent, stored under a keyed hash of its key (the
 * address and the IP are personal data: a stolen store gives neither), and read and written in the
 * same transaction that records the code, so parallel requests cannot all pass the check.
 */
export interface VerificationCaps {
  /** Codes per contact per hour (default 3). */
  perContact: number;
  /** Codes per destination per hour, across all subscribers (default 10). */
  perDestination: number;
  /** Codes requested from one client address per hour (default 20). */
  perClient: number;
}

export const DEFAULT_VERIFICATION_CAPS: Readonly<VerificationCaps> = Object.freeze({
  perContact: 3,
  perDestination: 10,
  perClient: 20,
});

export { CAP_WINDOW_MS, retryIn, takeSlots, type SlotResult } from '@pcn/platform';

export type CapScope = 'contact' | 'destination' | 'client';

/** One cap's recent sends (see `@pcn/platform`'s hourly caps), in one of this service's scopes. */
export type CapWindow = Omit<PlatformCapWindow, 'scope'> & { scope: CapScope };

/** The stored id of a verification cap (see `@pcn/platform`'s `capWindowId`). */
export function capWindowId(secret: string, scope: CapScope, key: string): string {
  return platformCapWindowId(secret, 'verification-cap', scope, key);
}

const CONTACT_LABEL: Record<VerifiableChannel, string> = {
  email: 'This e-mail address',
  sms: 'This phone number',
  zalo: 'This Zalo account',
  webhook: 'This webhook address',
};

const SHARED_DESTINATION: Record<VerifiableChannel, string> = {
  email: 'shares its mailbox with addresses',
  sms: 'was',
  zalo: 'was',
  webhook: 'shares its host with addresses',
};

/**
 * The refusal for a full cap: RESOURCE_EXHAUSTED with when to retry. The contact is named by its
 * channel (a request has one contact per channel); the address itself is never echoed.
 */
export function capRefusal(
  scope: CapScope,
  limit: number,
  channel: VerifiableChannel,
  retryAt: Date,
  now: Date,
): ResourceExhaustedError {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  const when = `try again ${retryIn(seconds)}`;
  switch (scope) {
    case 'contact':
      return new ResourceExhaustedError(
        `${CONTACT_LABEL[channel]} was sent ${limit} codes in the last hour; use the latest one you received, or ${when}`,
        'TOO_MANY_VERIFICATIONS',
        seconds,
      );
    case 'destination':
      return new ResourceExhaustedError(
        `${CONTACT_LABEL[channel]} ${SHARED_DESTINATION[channel]} that were sent ${limit} codes in the last hour; ${when}`,
        'TOO_MANY_VERIFICATIONS_TO_DESTINATION',
        seconds,
      );
    case 'client':
      return new ResourceExhaustedError(
        `Your network asked for ${limit} verification codes in the last hour; ${when}`,
        'TOO_MANY_VERIFICATIONS_FROM_CLIENT',
        seconds,
      );
  }
}

import { InvalidArgumentError, NotFoundError, parseInput, type Clock } from '@pcn/platform';
import { z } from 'zod';
import { parseClientAddress } from './client-address.js';
import {
  issueVerifications,
  retryingRaces,
  type IssueDeps,
  type IssuedCode,
} from './issue-verifications.js';
import type { NotificationRepository } from './notification.ports.js';

export interface ResendDeps extends IssueDeps {
  repo: Pick<NotificationRepository, 'write'>;
  clock: Clock;
}

const resendInput = z.object({
  subscriberId: z
    .string({ error: 'is required' })
    .min(1, 'is required')
    .max(128, 'must be at most 128 characters'),
  channel: z.enum(['email', 'sms', 'zalo', 'webhook'], {
    error: 'must be email, sms, zalo or webhook',
  }),
  clientAddress: z.unknown().optional(),
});

export interface ResendResult {
  subscriberId: string;
  verification: IssuedCode;
}

/**
 * Public: sends a new code to one contact of a subscriber (whoever holds the subscriber id: the
 * one who subscribed), within the same caps as subscribing; the earlier code stops working.
 *
 * For a contact that is already confirmed or opted out nothing is sent, but the answer (and the
 * caps counted) are the same as for one waiting for its code: a subscriber id handed out when a
 * repeat resumed a sign-up must not tell its holder whether the contact has since been confirmed.
 */
export function createResendVerificationCode(deps: ResendDeps) {
  const { repo, clock } = deps;

  return async function resendVerificationCode(raw: unknown): Promise<ResendResult> {
    const input = parseInput(resendInput, raw);
    const { subscriberId, channel } = input;
    const clientAddress = parseClientAddress(input.clientAddress);
    const now = clock.now();
    return retryingRaces(() =>
      repo.write(async (w) => {
        const subscriber = await w.getSubscriber(subscriberId);
        if (!subscriber) throw new NotFoundError('subscriber', subscriberId);
        const contact = subscriber.contacts.find((c) => c.channel === channel);
        if (!contact)
          throw new InvalidArgumentError([
            { field: 'channel', description: `this subscriber has no ${channel} contact` },
          ]);
        const [verification] = await issueVerifications(w, deps, {
          subscriberId,
          requests: [
            {
              contact,
              send: contact.verifiedAt === null && contact.optedOutAt === null,
            },
          ],
          clientAddress,
          now,
        });
        if (!verification) throw new Error('no verification was issued');
        return { subscriberId, verification };
      }),
    );
  };
}

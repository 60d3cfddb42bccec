import {
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  type Clock,
} from '@pcn/platform';
import type { Stored } from '@pcn/storage';
import { contactKey, contactLookupKeys } from './contact-keys.js';
import { linkPayload } from './link-payload.js';
import { isChannel } from './notification.model.js';
import type { NotificationRepository } from './notification.ports.js';
import {
  afterVerificationCheck,
  checkVerificationCode,
  checkVerificationLink,
  type Verification,
} from './verification.js';

export interface VerifyContactDeps {
  repo: Pick<
    NotificationRepository,
    'getVerification' | 'getSubscriber' | 'openVerification' | 'subscribersByContact' | 'write'
  >;
  clock: Clock;
  linkSecret: string;
}

export interface VerifyContactInput {
  subscriberId?: string;
  channel?: string;
  code?: string;
  token?: string;
}

/**
 * Public (ConfirmSubscription): proves control of one contact, by code (with the subscriber and
 * channel) or by an e-mail link token. A pending subscriber becomes active, and a contact proved
 * here moves from any older subscriber that held it.
 */
export function createVerifyContact(deps: VerifyContactDeps) {
  const { repo, clock } = deps;

  return async function verifyContact(input: VerifyContactInput) {
    const now = clock.now();
    let subscriberId = input.subscriberId ?? '';
    let channel = input.channel ?? '';
    let verification: Stored<Verification> | null = null;
    let viaLink = false;
    if (input.token) {
      const link = linkPayload(deps.linkSecret, input.token, 'verify', now);
      subscriberId = link.subscriberId;
      channel = link.channel;
      verification = await repo.getVerification(link.verificationId);
      viaLink = true;
    }
    if (!isChannel(channel) || channel === 'in_app')
      throw new InvalidArgumentError([
        { field: 'channel', description: 'must be email, sms, zalo or webhook' },
      ]);
    const subscriber = await repo.getSubscriber(subscriberId);
    if (!subscriber) throw new NotFoundError('subscriber', subscriberId);
    // Reads happen before the transaction; its version checks catch anything that moved since.
    // By code: the newest verification of that channel.
    const v = verification ?? (await repo.openVerification(subscriber.id, channel));
    const contact = subscriber.contacts.find((c) => c.channel === channel);
    const holders = contact ? await repo.subscribersByContact(contactLookupKeys(contact)) : [];
    return repo
      .write(async (w) => {
        // A code for a contact the subscriber no longer has (a resumed sign-up dropped it).
        if (!v || !contact || v.subscriberId !== subscriber.id || v.channel !== channel)
          throw new FailedPreconditionError(
            'No verification is waiting for this contact; ask for a new code (resendVerificationCode)',
            'NO_VERIFICATION',
          );
        const result = viaLink
          ? checkVerificationLink(v, now)
          : checkVerificationCode(v, input.code ?? '', now);
        await w.updateVerification(afterVerificationCheck(v, result, now));
        if (result === 'wrong')
          return {
            error: new InvalidArgumentError([
              { field: 'code', description: 'is not the latest code we sent' },
            ]),
          };
        if (result === 'expired')
          return {
            error: new FailedPreconditionError(
              'The code has expired or was used; ask for a new one (resendVerificationCode)',
              'CODE_EXPIRED',
            ),
          };
        if (result === 'superseded')
          return {
            error: new FailedPreconditionError(
              'A newer code was sent to this contact; use the one in the latest message',
              'CODE_SUPERSEDED',
            ),
          };
        if (result === 'locked')
          return {
            error: new FailedPreconditionError(
              'Too many wrong codes; ask for a new one (resendVerificationCode)',
              'CODE_LOCKED',
            ),
          };
        const at = now.toISOString();
        const contacts = subscriber.contacts.map((c) =>
          c.channel === channel ? { ...c, verifiedAt: at } : c,
        );
        const consents = subscriber.consents.map((c) =>
          c.channel === channel && !c.verifiedAt ? { ...c, verifiedAt: at } : c,
        );
        const updated = await w.updateSubscriber({
          ...subscriber,
          contacts,
          consents,
          status: subscriber.status === 'pending' ? 'active' : subscriber.status,
          updatedAt: at,
        });
        // Proving control of a contact moves it here: an older subscriber holding it loses it.
        for (const other of holders) {
          if (other.id === subscriber.id) continue;
          const rest = other.contacts.filter((c) => c.channel !== channel);
          await w.updateSubscriber({
            ...other,
            contacts: rest,
            contactKeys: rest.map(contactKey),
            status: rest.some((c) => !c.optedOutAt) ? other.status : 'opted_out',
            updatedAt: at,
          });
        }
        return { subscriber: updated };
      })
      .then((r) => {
        if ('error' in r) throw r.error as Error;
        return { subscriberId: r.subscriber.id, channel, status: r.subscriber.status };
      });
  };
}

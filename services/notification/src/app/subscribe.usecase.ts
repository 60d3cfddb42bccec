import { capWindowId as keyedId, type CallerIdentity, type Clock } from '@pcn/platform';
import type { Stored } from '@pcn/storage';
import { indexedFields, unitScopeOf } from './audience.js';
import { parseClientAddress } from './client-address.js';
import { contactKey, contactLookupKeys } from './contact-keys.js';
import {
  issueVerifications,
  retryingRaces,
  supersedeOpenVerifications,
  type IssueDeps,
} from './issue-verifications.js';
import type { Channel, Subscriber } from './notification.model.js';
import type { NotificationRepository, SubscriberRecord, Writes } from './notification.ports.js';
import { parseSubscribeInput, type NewSubscriberFields } from './subscriber-input.js';

export interface SubscribeDeps extends IssueDeps {
  repo: Pick<NotificationRepository, 'unitPaths' | 'write'>;
  clock: Clock;
  allowInsecureWebhooks: boolean;
}

export interface SubscribeOptions {
  /** The public caller's address, for the per-address cap; absent for internal callers. */
  clientAddress?: string | null;
}

export interface SubscribeResult {
  subscriberId: string;
  status: Subscriber['status'];
  verifications: { channel: Channel; method: string; expiresAt: string }[];
}

/**
 * Public: records a subscriber with consent and sends a code to each contact point, within the
 * caps of verification-caps.ts.
 *
 * A repeat resumes: when an anonymous caller names a contact that a pending (never verified)
 * anonymous subscriber holds, that subscriber is kept (same id) and takes everything from the new
 * request (contacts, language, units, topics, consent), as a sign-up started over; its earlier
 * codes stop working and new ones are sent. Signed-in callers always get a subscriber of their own.
 * A contact already verified elsewhere gets the same answer as a new one (a new pending subscriber
 * and a code, within the caps), so the answer never tells whether someone is subscribed; confirming
 * that code moves the contact to the new subscriber.
 */
export function createSubscribe(deps: SubscribeDeps) {
  const { repo, clock } = deps;

  return async function subscribe(
    raw: unknown,
    caller: CallerIdentity | undefined,
    options: SubscribeOptions = {},
  ): Promise<SubscribeResult> {
    const now = clock.now();
    const userId = caller && caller.kind === 'user' ? caller.id : null;
    // A partner system's subscriber: its webhook also takes the replies to its users' comments.
    const clientId = caller && caller.kind === 'api-client' ? caller.id : null;
    const input = typeof raw === 'object' && raw !== null ? { ...raw, userId } : raw;
    const fields = parseSubscribeInput(input, {
      allowInsecureWebhooks: deps.allowInsecureWebhooks,
      now,
    });
    const clientAddress = parseClientAddress(options.clientAddress);
    const paths = await repo.unitPaths(fields.unitIds);
    const unitScope = unitScopeOf(fields.unitIds.map((u) => paths.get(u) ?? [u]));

    return retryingRaces(() =>
      repo.write(async (w) => {
        // Read inside the transaction: a parallel repeat either sees this sign-up or waits for it.
        // That needs a guard on MongoDB, whose snapshot isolation would let both find no holder
        // and both insert one (SQLite runs them one after the other anyway).
        if (userId === null) await guardContacts(w, deps.linkSecret, fields);
        const resumed = userId === null ? await pendingHolder(w, fields) : null;
        const id = resumed?.id ?? deps.newId();
        const subscriber = subscriberRecord(fields, id, unitScope, now.toISOString(), clientId);
        if (resumed) await supersedeOpenVerifications(w, id, now);
        const verifications = await issueVerifications(w, deps, {
          subscriberId: id,
          requests: fields.contacts.flatMap((contact) =>
            contact.verifiedAt === null ? [{ contact, send: true }] : [],
          ),
          clientAddress,
          now,
        });
        if (resumed) await w.updateSubscriber({ ...subscriber, version: resumed.version });
        else await w.insertSubscriber(subscriber);
        return { subscriberId: id, status: subscriber.status, verifications };
      }),
    );
  };
}

/**
 * Makes sign-ups holding one of the same contacts conflict with each other. The guard key is a
 * keyed hash of the contact, never the contact itself (the store keeps guard keys for a day).
 */
async function guardContacts(w: Writes, secret: string, fields: NewSubscriberFields) {
  const keys = [...new Set(fields.contacts.map(contactKey))].sort();
  for (const key of keys) await w.guard(`subscribe:${keyedId(secret, 'guard', 'contact', key)}`);
}

/**
 * The sign-up a repeat resumes: the most recent pending, anonymous subscriber holding one of the
 * request's contacts (any spelling of it).
 */
async function pendingHolder(
  w: Writes,
  fields: NewSubscriberFields,
): Promise<Stored<SubscriberRecord> | null> {
  const keys = fields.contacts.flatMap(contactLookupKeys);
  const holders = (await w.subscribersByContact(keys)).filter(
    (s) => s.status === 'pending' && s.userId === null,
  );
  holders.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  return holders[0] ?? null;
}

/**
 * A subscriber as stored. A resumed sign-up counts from now: the 48-hour erasure of unverified
 * subscribers runs from its latest start.
 */
function subscriberRecord(
  fields: NewSubscriberFields,
  id: string,
  unitScope: string[],
  now: string,
  clientId: string | null,
): SubscriberRecord {
  const hasVerified = fields.contacts.some((c) => c.verifiedAt !== null);
  const subscriber: Subscriber = {
    id,
    ...fields,
    status: hasVerified ? 'active' : 'pending',
    unitScope,
    clientId,
    createdAt: now,
    updatedAt: now,
  };
  return {
    ...subscriber,
    ...indexedFields(subscriber),
    contactKeys: subscriber.contacts.map(contactKey),
  };
}

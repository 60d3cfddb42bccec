import { AlreadyExistsError, ConflictError } from '@pcn/platform';
import { contactKey, destinationKey } from './contact-keys.js';
import { newDelivery } from './delivery-policy.js';
import type { ContactPoint, Delivery } from './notification.model.js';
import type { Writes } from './notification.ports.js';
import {
  capRefusal,
  capWindowId,
  takeSlots,
  type CapScope,
  type CapWindow,
  type VerificationCaps,
} from './verification-caps.js';
import {
  derivedVerificationCode,
  newVerification,
  VERIFICATION_TTL_MS,
  type VerifiableChannel,
  type Verification,
} from './verification.js';

export interface IssueDeps {
  newId: () => string;
  /** Derives codes and keys the cap windows. */
  linkSecret: string;
  caps: VerificationCaps;
  random?: (min: number, max: number) => number;
}

export interface CodeRequest {
  contact: ContactPoint;
  /**
   * False when nothing may be sent (a contact already confirmed, or opted out) but the answer
   * must look the same: the caps are still counted, so they do not tell the cases apart either.
   */
  send: boolean;
}

export interface IssuedCode {
  channel: VerifiableChannel;
  method: 'link_or_code' | 'code';
  expiresAt: string;
}

interface Slot {
  scope: CapScope;
  id: string;
  limit: number;
  count: number;
  /** The contact it counts, named in the refusal. */
  channel: VerifiableChannel;
}

/**
 * Sends a code to each requested contact of a subscriber, inside the caller's transaction: the
 * caps are read, checked and taken there, so parallel requests for one contact (from any replica)
 * are counted one after another, and a refusal writes nothing and sends nothing. Only the newest
 * code of a contact works: older open codes of the subscriber's channel are superseded.
 */
export async function issueVerifications(
  w: Writes,
  deps: IssueDeps,
  input: {
    subscriberId: string;
    requests: readonly CodeRequest[];
    /** The public caller's address; null for internal callers (no per-address cap). */
    clientAddress: string | null;
    now: Date;
  },
): Promise<IssuedCode[]> {
  const { now } = input;
  const slots: Slot[] = [];
  const add = (
    scope: CapScope,
    key: string,
    limit: number,
    channel: VerifiableChannel,
    count = 1,
  ) => {
    const id = capWindowId(deps.linkSecret, scope, key);
    const same = slots.find((s) => s.id === id);
    if (same) same.count += count;
    else slots.push({ scope, id, limit, count, channel });
  };
  for (const { contact } of input.requests) {
    const channel = contact.channel as VerifiableChannel;
    add('contact', contactKey(contact), deps.caps.perContact, channel);
    add('destination', destinationKey(contact), deps.caps.perDestination, channel);
  }
  const first = input.requests[0]?.contact.channel as VerifiableChannel;
  if (input.clientAddress !== null && input.requests.length > 0)
    add('client', input.clientAddress, deps.caps.perClient, first, input.requests.length);

  // Every cap is checked before any is taken: a refused request leaves no trace in the counts.
  const taken: (CapWindow | (CapWindow & { version: number }))[] = [];
  for (const slot of slots) {
    const stored = await w.capWindow(slot.id);
    const result = takeSlots(stored?.sentAt ?? [], slot.limit, now, slot.count);
    if (!result.ok) throw capRefusal(slot.scope, slot.limit, slot.channel, result.retryAt, now);
    taken.push(
      stored
        ? { ...stored, ...result.window }
        : { id: slot.id, scope: slot.scope, ...result.window },
    );
  }
  for (const window of taken) await w.saveCapWindow(window);

  const at = now.toISOString();
  const open = await w.openVerifications(input.subscriberId);
  const issued: IssuedCode[] = [];
  const verifications: Verification[] = [];
  const deliveries: Delivery[] = [];
  for (const r of input.requests) {
    const channel = r.contact.channel as VerifiableChannel;
    const method = channel === 'email' ? 'link_or_code' : 'code';
    if (!r.send) {
      issued.push({
        channel,
        method,
        expiresAt: new Date(now.getTime() + VERIFICATION_TTL_MS[channel]).toISOString(),
      });
      continue;
    }
    for (const older of open.filter((v) => v.channel === channel))
      await w.updateVerification({ ...older, supersededAt: at });
    const made = verificationFor(deps, input.subscriberId, channel, now);
    verifications.push(made.verification);
    deliveries.push(made.delivery);
    issued.push({ channel, method, expiresAt: made.verification.expiresAt });
  }
  for (const v of verifications) await w.insertVerification(v);
  await w.queueDeliveries(deliveries);
  return issued;
}

/** A new code for one channel, and the delivery that carries it. */
function verificationFor(
  deps: IssueDeps,
  subscriberId: string,
  channel: VerifiableChannel,
  now: Date,
): { verification: Verification; delivery: Delivery } {
  const id = deps.newId();
  // The code is derived from the id, so the message can be composed without keeping it.
  const fresh = newVerification(
    channel,
    now,
    deps.random,
    derivedVerificationCode(deps.linkSecret, id),
  );
  const verification: Verification = {
    id,
    subscriberId,
    channel,
    codeHash: fresh.codeHash,
    salt: fresh.salt,
    expiresAt: fresh.expiresAt,
    attempts: 0,
    createdAt: now.toISOString(),
    usedAt: null,
    supersededAt: null,
  };
  const delivery = newDelivery(
    {
      id: `verify:${verification.id}`,
      kind: 'verification',
      sourceEventId: verification.id,
      eventType: 'pcn.notification.verification',
      subscriberId,
      channel,
      expiresAt: fresh.expiresAt,
    },
    now.toISOString(),
  );
  return { verification, delivery };
}

/** Older verifications of a subscriber stop working, as when a newer code is sent. */
export async function supersedeOpenVerifications(
  w: Writes,
  subscriberId: string,
  now: Date,
): Promise<void> {
  for (const v of await w.openVerifications(subscriberId))
    await w.updateVerification({ ...v, supersededAt: now.toISOString() });
}

/**
 * Runs a transaction that counts against the caps again when a parallel one won a race for the
 * same window or subscriber (a version or key clash a store reports instead of retrying itself):
 * the work reads everything inside the transaction, so a rerun decides on what is stored now.
 */
export async function retryingRaces<R>(write: () => Promise<R>, attempts = 5): Promise<R> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (err) {
      const race = err instanceof ConflictError || err instanceof AlreadyExistsError;
      if (!race || attempt >= attempts) throw err;
    }
  }
}

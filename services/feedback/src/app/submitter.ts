import { createHash } from 'node:crypto';
import {
  hasRole,
  PermissionDeniedError,
  UnauthenticatedError,
  type CallerIdentity,
  type FieldViolation,
} from '@pcn/platform';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import type { ConsentInput, ParsedFeedbackInput } from './feedback-input.js';
import {
  INBOUND_CHANNELS,
  RECORDED_CHANNELS,
  type Consent,
  type Contact,
  type ReplyTo,
  type Submitter,
} from './feedback.model.js';

/** Where a submission comes from, as the signed caller identity says. */
export type Source =
  | { kind: 'anonymous' }
  | { kind: 'gateway' }
  | { kind: 'partner'; clientId: string }
  | { kind: 'user'; userId: string; caller: CallerIdentity };

/** The gateway's own identity, for the provider hooks it has checked (SMS, Zalo OA, email). */
const GATEWAY = 'gateway';

export function sourceOf(caller: CallerIdentity | undefined): Source {
  if (!caller || caller.kind === 'anonymous') return { kind: 'anonymous' };
  if (caller.kind === 'service' && caller.id === GATEWAY) return { kind: 'gateway' };
  if (caller.kind === 'api-client') {
    if (hasRole(caller, 'partner_system')) return { kind: 'partner', clientId: caller.id };
    throw new PermissionDeniedError(
      'Only partner systems may submit comments with an API key',
      'ROLE_NOT_ALLOWED',
    );
  }
  if (caller.kind === 'user') return { kind: 'user', userId: caller.id, caller };
  throw new PermissionDeniedError(
    `Service ${caller.id} may not submit comments`,
    'ROLE_NOT_ALLOWED',
  );
}

const email = z.email();

/**
 * A contact point normalised for sending: Vietnamese (and other) phone numbers to E.164 with
 * libphonenumber (national form read as Vietnamese), emails lower-cased, Zalo user ids as digits.
 */
export function normaliseContact(
  contact: { channel: Contact['channel']; address: string },
  field: string,
): Contact | FieldViolation {
  const address = contact.address.trim();
  switch (contact.channel) {
    case 'sms': {
      const phone = parsePhoneNumberFromString(address, 'VN');
      if (!phone?.isValid())
        return { field, description: 'must be a phone number, such as 0912 345 678 or +84…' };
      return { channel: 'sms', address: phone.number };
    }
    case 'email':
      if (!email.safeParse(address).success)
        return { field, description: 'must be an email address' };
      return { channel: 'email', address: address.toLowerCase() };
    case 'zalo':
      if (!/^\d{1,32}$/.test(address)) return { field, description: 'must be a Zalo user id' };
      return { channel: 'zalo', address };
  }
}

export function replyToOf(contact: Contact): ReplyTo {
  switch (contact.channel) {
    case 'sms':
      return { channel: 'sms', phone: contact.address };
    case 'zalo':
      return { channel: 'zalo', zaloUserId: contact.address };
    case 'email':
      return { channel: 'email', email: contact.address };
  }
}

export interface ResolvedSubmitter {
  submitter: Submitter;
  verified: boolean;
  replyTo: ReplyTo | null;
}

function consentOf(input: ConsentInput | undefined, fallback: Consent['method'], now: Date) {
  if (!input?.given) return null;
  return {
    method: (input.method || fallback) as Consent['method'],
    textVersion: input.textVersion || null,
    givenAt: input.givenAt ? new Date(input.givenAt).toISOString() : now.toISOString(),
  } satisfies Consent;
}

type ParsedConsent = NonNullable<ParsedFeedbackInput['submitter']['onBehalfConsent']>;

function toConsentInput(c: ParsedConsent | undefined): ConsentInput | undefined {
  if (!c) return undefined;
  return {
    given: c.given,
    method: c.method ?? '',
    textVersion: c.textVersion ?? '',
    givenAt: c.givenAt,
  };
}

/**
 * Who submitted, from the caller and the input, with the channel rules:
 * - `partner`: a partner system (API key), with its reference for its user; verified;
 * - `sms`, `zalo`, `email`: the gateway's provider hooks, with the sender as contact;
 * - `paper`, `village_session`: an officer recording on behalf of someone, with their consent;
 * - `web`: a signed-in user (verified), an officer on behalf of someone, or an anonymous person
 *   with a name and a contact point (unverified).
 * Field problems are pushed to `violations`; a caller the channel is not for is refused.
 */
export function resolveSubmitter(
  source: Source,
  input: ParsedFeedbackInput,
  now: Date,
  violations: FieldViolation[],
): ResolvedSubmitter {
  const { channel, submitter: s } = input;
  const recordedFor = s.onBehalfConsent !== undefined;
  let contact: Contact | null = null;
  if (s.contact) {
    const normalised = normaliseContact(
      { channel: s.contact.channel, address: s.contact.address },
      'submitter.contact.address',
    );
    if ('field' in normalised) violations.push(normalised);
    else contact = normalised;
  }
  const base: Submitter = {
    kind: s.kind,
    via: 'anonymous',
    userId: null,
    clientId: null,
    externalRef: null,
    name: s.name,
    organizationName: s.organizationName,
    contact,
    onBehalfConsent: null,
  };
  const replyFromContact = contact ? replyToOf(contact) : null;
  if (input.channelMessageId && source.kind !== 'gateway')
    violations.push({
      field: 'channelMessageId',
      description: "only the gateway's inbound hooks send a provider's message id",
    });

  if (channel === 'partner' || source.kind === 'partner') {
    if (source.kind !== 'partner')
      throw new PermissionDeniedError(
        'Only partner systems (with their API key) submit on the partner channel',
        'ROLE_NOT_ALLOWED',
      );
    if (channel !== 'partner')
      violations.push({ field: 'channel', description: 'a partner system submits on partner' });
    if (!s.externalRef)
      violations.push({
        field: 'submitter.externalRef',
        description: "is required: the partner system's own reference for its user",
      });
    return {
      submitter: {
        ...base,
        via: 'partner',
        clientId: source.clientId,
        externalRef: s.externalRef,
        // A partner's user is known to the partner; the network keeps no name or contact of them.
        name: null,
        contact: null,
      },
      verified: true,
      replyTo: s.externalRef
        ? { channel: 'partner', clientId: source.clientId, externalRef: s.externalRef }
        : null,
    };
  }

  if (INBOUND_CHANNELS.includes(channel) || source.kind === 'gateway') {
    if (source.kind !== 'gateway')
      throw new PermissionDeniedError(
        `Comments by ${channel} arrive through the gateway's inbound hooks only`,
        'ROLE_NOT_ALLOWED',
      );
    if (!INBOUND_CHANNELS.includes(channel))
      violations.push({ field: 'channel', description: 'the gateway submits sms, zalo or email' });
    if (!contact && !s.contact)
      violations.push({ field: 'submitter.contact', description: 'is required: the sender' });
    else if (contact && contact.channel !== channel)
      violations.push({
        field: 'submitter.contact.channel',
        description: `must be the channel the comment came by (${channel})`,
      });
    if ((channel === 'sms' || channel === 'zalo') && !input.channelMessageId)
      violations.push({
        field: 'channelMessageId',
        description: "is required: the provider's message id, so a re-sent message counts once",
      });
    return { submitter: base, verified: false, replyTo: replyFromContact };
  }

  if (source.kind === 'anonymous') {
    if (RECORDED_CHANNELS.includes(channel))
      throw new UnauthenticatedError(
        `Sign in as an officer to record ${channel} comments`,
        'UNAUTHENTICATED',
      );
    if (recordedFor)
      throw new UnauthenticatedError('Sign in to record a comment on behalf of someone');
    if (!s.name)
      violations.push({ field: 'submitter.name', description: 'is required without signing in' });
    if (!s.contact)
      violations.push({
        field: 'submitter.contact',
        description: 'is required without signing in: where the receipt and the answer go',
      });
    return { submitter: base, verified: false, replyTo: replyFromContact };
  }

  // A signed-in user: for themselves, or an officer for someone else.
  if (recordedFor || RECORDED_CHANNELS.includes(channel)) {
    if (!recordedFor || !s.onBehalfConsent?.given)
      violations.push({
        field: 'submitter.onBehalfConsent',
        description:
          'is required: the consent of the person whose comment an officer records (given: true)',
      });
    return {
      submitter: {
        ...base,
        via: 'officer',
        userId: source.userId,
        onBehalfConsent: consentOf(toConsentInput(s.onBehalfConsent), 'paper_form', now),
      },
      verified: false,
      replyTo: replyFromContact,
    };
  }
  return {
    submitter: { ...base, via: 'user', userId: source.userId, name: null },
    verified: true,
    replyTo: replyFromContact ?? { channel: 'in_app', userId: source.userId },
  };
}

/** Consent to ethnicity, gender and age band, as recorded; null without explicit consent. */
export function demographicConsent(
  input: ParsedFeedbackInput['demographics'],
  via: Submitter['via'],
  now: Date,
): Consent | null {
  return consentOf(
    toConsentInput(input?.consent),
    via === 'officer' ? 'paper_form' : 'online',
    now,
  );
}

/**
 * Whose comment it is, as "my comments" asks: the signed-in user who sent it, or a partner
 * system's user (by the partner's reference). An officer's record belongs to the person it was
 * recorded for, who has no account here; an anonymous comment to nobody who could prove it.
 */
export function ownerKeyOf(
  submitter: Pick<Submitter, 'via' | 'userId' | 'clientId' | 'externalRef'>,
): string | null {
  if (submitter.via === 'user' && submitter.userId) return `user:${submitter.userId}`;
  if (submitter.via === 'partner' && submitter.clientId && submitter.externalRef)
    return `partner:${submitter.clientId}:${submitter.externalRef}`;
  return null;
}

/**
 * The idempotency key as stored: scoped to where the submission came from, so one caller's key
 * can never collide with another's. A provider's message id (SMS, Zalo) is the key of the
 * message itself, whoever forwards it; an anonymous person's key is scoped by a hash of their
 * contact point (never the contact itself).
 */
export function scopedIdempotencyKey(
  source: Source,
  input: Pick<ParsedFeedbackInput, 'channel' | 'idempotencyKey' | 'channelMessageId'>,
  contact: Contact | null,
): string | null {
  if (source.kind === 'gateway' && input.channelMessageId)
    return `msg:${input.channel}:${input.channelMessageId}`;
  const key = input.idempotencyKey;
  if (!key) return null;
  switch (source.kind) {
    case 'partner':
      return `partner:${source.clientId}:${key}`;
    case 'user':
      return `user:${source.userId}:${key}`;
    case 'gateway':
      return `gateway:${input.channel}:${key}`;
    case 'anonymous': {
      const who = contact
        ? createHash('sha256').update(`${contact.channel}:${contact.address}`).digest('hex')
        : 'none';
      return `anon:${who.slice(0, 32)}:${key}`;
    }
  }
}

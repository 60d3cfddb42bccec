import { domainToASCII } from 'node:url';
import type { Channel } from './notification.model.js';
import { normaliseVietnamesePhone } from './phone-number.js';

/** What a contact address may be: its normal form, or why it is refused. */

export const SUBSCRIBER_LIMITS = {
  units: 50,
  topics: 50,
  email: 254,
  emailLocalPart: 64,
  webhookUrl: 2048,
  webhookSecretMin: 32,
  webhookSecretMax: 256,
} as const;

export const CONTROL_CHARS = /[\u0000-\u001F\u007F-\u009F]/; // eslint-disable-line no-control-regex
// dot-atom local part (RFC 5322 §3.2.3) without quoted strings; `'` is allowed (o'brien@…).
const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const ZALO_ID = /^\d{1,32}$/;

export type Normalised = { ok: true; address: string } | { ok: false; description: string };

/** The normal form of an address on a contact channel (webhooks: `http://` only when allowed). */
export function normaliseAddress(
  channel: Exclude<Channel, 'in_app'>,
  value: string,
  allowInsecureWebhooks: boolean,
): Normalised {
  switch (channel) {
    case 'email':
      return normaliseEmail(value);
    case 'sms': {
      const r = normaliseVietnamesePhone(value);
      if (r.ok) return { ok: true, address: r.e164 };
      return { ok: false, description: `must be a Vietnamese phone number (${r.reason})` };
    }
    case 'zalo':
      if (ZALO_ID.test(value)) return { ok: true, address: value };
      return { ok: false, description: 'must be a Zalo user id: 1 to 32 digits' };
    case 'webhook':
      return normaliseWebhookUrl(value, allowInsecureWebhooks);
  }
}

/** A practical e-mail check: the form mail systems accept, nothing a header could be built from. */
export function normaliseEmail(value: string): Normalised {
  const refuse = (description: string) => ({ ok: false as const, description });
  if (value.length > SUBSCRIBER_LIMITS.email)
    return refuse(`must be at most ${SUBSCRIBER_LIMITS.email} characters`);
  if (CONTROL_CHARS.test(value))
    return refuse('must not contain line breaks or control characters');
  if (/[\s<>,"\\()[\];]/.test(value))
    return refuse('must be a bare address: no spaces, brackets, commas or quotes');
  const at = value.lastIndexOf('@');
  if (at <= 0 || value.indexOf('@') !== at)
    return refuse('must be an address like name@example.vn');
  const local = value.slice(0, at);
  const rawDomain = value.slice(at + 1);
  if (local.length > SUBSCRIBER_LIMITS.emailLocalPart || !EMAIL_LOCAL.test(local))
    return refuse('has an invalid part before @');
  // Internationalised domains (tên-miền.vn) are kept in their ASCII (punycode) form.
  const domain = /^[\x21-\x7E]*$/.test(rawDomain)
    ? rawDomain.toLowerCase()
    : domainToASCII(rawDomain.toLowerCase());
  const labels = domain.split('.');
  if (
    domain.length === 0 ||
    domain.length > 253 ||
    labels.length < 2 ||
    !labels.every((l) => DOMAIN_LABEL.test(l)) ||
    /^\d+$/.test(labels[labels.length - 1] ?? '')
  )
    return refuse('must have a domain with a dot, such as example.vn');
  const address = `${local}@${domain}`;
  if (address.length > SUBSCRIBER_LIMITS.email)
    return refuse(`must be at most ${SUBSCRIBER_LIMITS.email} characters`);
  return { ok: true, address };
}

/** An endpoint we may POST to: https (http only in development), no credentials, no fragment. */
export function normaliseWebhookUrl(value: string, allowInsecure: boolean): Normalised {
  const refuse = (description: string) => ({ ok: false as const, description });
  if (value.length > SUBSCRIBER_LIMITS.webhookUrl)
    return refuse(`must be at most ${SUBSCRIBER_LIMITS.webhookUrl} characters`);
  // The URL parser silently drops tabs and line breaks; refuse them instead.
  if (CONTROL_CHARS.test(value) || /\s/.test(value)) return refuse('must not contain spaces');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refuse('must be an absolute URL');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowInsecure))
    return refuse(allowInsecure ? 'must be an http:// or https:// URL' : 'must be an https:// URL');
  if (url.username !== '' || url.password !== '')
    return refuse('must not carry credentials; use the signing secret');
  if (value.includes('#')) return refuse('must not have a fragment');
  if (url.hostname === '') return refuse('must name a host');
  if (url.href.length > SUBSCRIBER_LIMITS.webhookUrl)
    return refuse(`must be at most ${SUBSCRIBER_LIMITS.webhookUrl} characters`);
  return { ok: true, address: url.href };
}

import { domainToASCII } from 'node:url';
import {
  canonicalLanguage,
  InvalidArgumentError,
  knownLanguage,
  type FieldViolation,
} from '@pcn/platform';
import {
  CHANNELS,
  isChannel,
  SUBSCRIBER_KINDS,
  type Channel,
  type ConsentRecord,
  type ContactPoint,
  type DigestMode,
  type SubscriberKind,
  type Topic,
} from './notification.model.js';
import { normaliseVietnamesePhone } from './phone-number.js';
import { DEFAULT_TIME_ZONE, type QuietHours } from './quiet-hours.js';

/**
 * Validation of what a subscriber sends: a new subscription and later preference changes. Every
 * problem is collected with its field path (`contacts[1].address`) and thrown as one
 * `InvalidArgumentError`. Input arrives from the network, so every value is treated as unknown:
 * only own properties are read, lists are bounded before they are walked, and anything
 * unexpected becomes a violation rather than an exception.
 */

/** The shape a caller sends to subscribe; properties not listed here are ignored. */
export interface SubscribeInput {
  kind: SubscriberKind;
  language: string;
  contacts: ContactInput[];
  unitIds: string[];
  topics?: TopicInput[];
  defaultChannels?: Channel[];
  digest?: DigestMode;
  quietHours?: QuietHoursInput | null;
  consent: ConsentInput;
  /** The signed-in network user; gives an `in_app` contact that needs no verification. */
  userId?: string | null;
}

export interface ContactInput {
  /** Any channel but `in_app`, which comes from `userId`. */
  channel: Channel;
  address: string;
  /** Webhooks only: the HMAC secret deliveries are signed with. */
  secret?: string;
}

export interface TopicInput {
  kind: 'policy_area' | 'draft';
  value: string;
  /** Defaults to the subscriber's default channels. */
  channels?: Channel[];
}

export interface QuietHoursInput {
  start: string;
  end: string;
  /** IANA zone; Asia/Ho_Chi_Minh when absent. */
  timeZone?: string;
}

export interface ConsentInput {
  /** Must be `true`: consent is explicit, never implied by silence. */
  given: boolean;
  /** How it was given: `web_form`, `api`, `sms`, `admin`. */
  method: string;
  textVersion: string;
}

/** A preference change: each field present replaces the current value; absent ones are kept. */
export interface PreferencesUpdateInput {
  language?: string;
  unitIds?: string[];
  topics?: TopicInput[];
  defaultChannels?: Channel[];
  digest?: DigestMode;
  /** `null` removes quiet hours. */
  quietHours?: QuietHoursInput | null;
}

export interface SubscribeOptions {
  /** Development only: accept `http://` webhooks. */
  allowInsecureWebhooks: boolean;
  now: Date;
  /** When given, every followed unit must be one of these (a `Set` of the directory's ids). */
  knownUnitIds?: { has(unitId: string): boolean };
}

/** The normalised fields of a new subscriber; the use case adds id, status, scope and times. */
export interface NewSubscriberFields {
  kind: SubscriberKind;
  userId: string | null;
  language: string;
  contacts: ContactPoint[];
  unitIds: string[];
  topics: Topic[];
  defaultChannels: Channel[];
  digest: DigestMode;
  quietHours: QuietHours | null;
  consents: ConsentRecord[];
}

export type SubscriberPreferences = Pick<
  NewSubscriberFields,
  'language' | 'unitIds' | 'topics' | 'defaultChannels' | 'digest' | 'quietHours'
>;

/** The current state a preference update applies to. */
export type CurrentPreferences = SubscriberPreferences & {
  contacts: readonly Pick<ContactPoint, 'channel'>[];
};

export const SUBSCRIBER_LIMITS = {
  units: 50,
  topics: 50,
  email: 254,
  emailLocalPart: 64,
  webhookUrl: 2048,
  webhookSecretMin: 32,
  webhookSecretMax: 256,
} as const;

const UNIT_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const POLICY_AREA = /^[a-z0-9_-]{1,64}$/;
const USER_ID = /^[A-Za-z0-9._:@|-]{1,128}$/;
const METHOD = /^[a-z][a-z0-9_]{0,31}$/;
const TEXT_VERSION = /^[A-Za-z0-9._:-]{1,64}$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const TIME_ZONE = /^[A-Za-z0-9_+\-/]{1,64}$/;
const ZALO_ID = /^\d{1,32}$/;
// Printable ASCII without spaces, which partner configurations tend to trim.
const WEBHOOK_SECRET = /^[\x21-\x7E]+$/;
// dot-atom local part (RFC 5322 §3.2.3) without quoted strings; `'` is allowed (o'brien@…).
const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/; // eslint-disable-line no-control-regex
const MAX_VIOLATIONS = 100;

class Checker {
  readonly violations: FieldViolation[] = [];

  fail(field: string, description: string): void {
    if (this.violations.length < MAX_VIOLATIONS) this.violations.push({ field, description });
  }

  /** A string up to `max` characters without control characters, or undefined (violation noted). */
  string(field: string, value: unknown, max: number): string | undefined {
    if (value === undefined || value === null || value === '') {
      this.fail(field, 'is required');
      return undefined;
    }
    if (typeof value !== 'string') {
      this.fail(field, 'must be text');
      return undefined;
    }
    if (value.length > max) {
      this.fail(field, `must be at most ${max} characters (got ${value.length})`);
      return undefined;
    }
    if (CONTROL.test(value)) {
      this.fail(field, 'must not contain line breaks or control characters');
      return undefined;
    }
    return value;
  }

  pattern(field: string, value: unknown, re: RegExp, description: string): string | undefined {
    if (typeof value !== 'string' || !re.test(value)) {
      this.fail(field, description);
      return undefined;
    }
    return value;
  }

  /** The items of a list of at most `max`; an over-long list is refused whole, unwalked. */
  list(field: string, value: unknown, max: number): unknown[] | undefined {
    if (!Array.isArray(value)) {
      this.fail(field, 'must be a list');
      return undefined;
    }
    if (value.length > max) {
      this.fail(field, `must have at most ${max} items (got ${value.length})`);
      return undefined;
    }
    return Array.from({ length: value.length }, (_, i) => (value as unknown[])[i]);
  }

  throwIfAny(): void {
    if (this.violations.length > 0) throw new InvalidArgumentError(this.violations);
  }
}

/** Own properties only, so nothing arrives through a prototype (`__proto__`, `constructor`). */
function own(value: unknown, key: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  try {
    return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function byChannelOrder(channels: Iterable<Channel>): Channel[] {
  const set = new Set(channels);
  return CHANNELS.filter((ch) => set.has(ch));
}

/** A practical e-mail check: the form mail systems accept, nothing a header could be built from. */
export function normaliseEmail(
  value: string,
): { ok: true; address: string } | { ok: false; description: string } {
  const refuse = (description: string) => ({ ok: false as const, description });
  if (value.length > SUBSCRIBER_LIMITS.email)
    return refuse(`must be at most ${SUBSCRIBER_LIMITS.email} characters`);
  if (CONTROL.test(value)) return refuse('must not contain line breaks or control characters');
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
export function normaliseWebhookUrl(
  value: string,
  allowInsecure: boolean,
): { ok: true; address: string } | { ok: false; description: string } {
  const refuse = (description: string) => ({ ok: false as const, description });
  if (value.length > SUBSCRIBER_LIMITS.webhookUrl)
    return refuse(`must be at most ${SUBSCRIBER_LIMITS.webhookUrl} characters`);
  // The URL parser silently drops tabs and line breaks; refuse them instead.
  if (CONTROL.test(value) || /\s/.test(value)) return refuse('must not contain spaces');
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

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function checkLanguage(c: Checker, value: unknown): string {
  const tag = c.string('language', value, 35);
  if (tag === undefined) return '';
  if (!canonicalLanguage(tag)) {
    c.fail('language', 'must be a well-formed BCP 47 language tag, such as vi or hmn');
    return '';
  }
  // Well-formed is not enough: messages go out in this language, so it must be a real one.
  const lang = knownLanguage(tag);
  if (!lang)
    c.fail(
      'language',
      'is not a known language: give a language, optionally with a script and a region, such as vi, hmn or vi-VN',
    );
  return lang ?? '';
}

function checkUnits(c: Checker, value: unknown, known: SubscribeOptions['knownUnitIds']): string[] {
  if (value === undefined || value === null) return [];
  const items = c.list('unitIds', value, SUBSCRIBER_LIMITS.units);
  if (!items) return [];
  const out = new Set<string>();
  items.forEach((item, i) => {
    const id = c.pattern(
      `unitIds[${i}]`,
      item,
      UNIT_ID,
      'must be a unit id: letters, digits, . _ : - (at most 128)',
    );
    if (id === undefined) return;
    if (known && !known.has(id)) c.fail(`unitIds[${i}]`, 'is not a known administrative unit');
    else out.add(id);
  });
  return [...out];
}

/** A channel list where every channel is one the subscriber has a contact for. */
function checkChannels(
  c: Checker,
  field: string,
  value: unknown,
  contactChannels: ReadonlySet<Channel>,
): Channel[] | undefined {
  const items = c.list(field, value, CHANNELS.length);
  if (!items) return undefined;
  if (items.length === 0) {
    c.fail(field, 'must name at least one channel');
    return undefined;
  }
  const out: Channel[] = [];
  items.forEach((item, i) => {
    if (typeof item !== 'string' || !isChannel(item))
      c.fail(`${field}[${i}]`, `must be one of ${CHANNELS.join(', ')}`);
    else if (!contactChannels.has(item))
      c.fail(`${field}[${i}]`, `has no ${item} contact to deliver to`);
    else out.push(item);
  });
  return byChannelOrder(out);
}

function checkTopics(
  c: Checker,
  value: unknown,
  contactChannels: ReadonlySet<Channel>,
  defaultChannels: readonly Channel[],
): Topic[] {
  if (value === undefined || value === null) return [];
  const items = c.list('topics', value, SUBSCRIBER_LIMITS.topics);
  if (!items) return [];
  const seen = new Map<string, number>();
  const out: Topic[] = [];
  items.forEach((item, i) => {
    const path = `topics[${i}]`;
    if (!isObject(item)) {
      c.fail(path, 'must be a topic { kind, value, channels }');
      return;
    }
    const kind = own(item, 'kind');
    let topicValue: string | undefined;
    if (kind === 'policy_area')
      topicValue = c.pattern(
        `${path}.value`,
        own(item, 'value'),
        POLICY_AREA,
        'must be a policy area: a-z 0-9 _ - (at most 64)',
      );
    else if (kind === 'draft')
      topicValue = c.pattern(
        `${path}.value`,
        own(item, 'value'),
        UNIT_ID,
        'must be a draft id: letters, digits, . _ : - (at most 128)',
      );
    else c.fail(`${path}.kind`, 'must be policy_area or draft');
    const rawChannels = own(item, 'channels');
    const channels =
      rawChannels === undefined || rawChannels === null
        ? [...defaultChannels]
        : checkChannels(c, `${path}.channels`, rawChannels, contactChannels);
    if ((kind !== 'policy_area' && kind !== 'draft') || topicValue === undefined || !channels)
      return;
    const key = `${kind}:${topicValue}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      c.fail(path, `repeats topics[${earlier}]`);
      return;
    }
    seen.set(key, i);
    out.push({ kind, value: topicValue, channels });
  });
  return out;
}

function checkDigest(c: Checker, value: unknown): DigestMode {
  if (value === undefined || value === null) return 'immediate';
  if (value !== 'immediate' && value !== 'daily') {
    c.fail('digest', 'must be immediate or daily');
    return 'immediate';
  }
  return value;
}

function checkQuietHours(c: Checker, value: unknown): QuietHours | null {
  if (value === undefined || value === null) return null;
  if (!isObject(value)) {
    c.fail('quietHours', 'must be { start, end, timeZone } or null');
    return null;
  }
  const start = c.pattern('quietHours.start', own(value, 'start'), HH_MM, 'must be a time HH:MM');
  const end = c.pattern('quietHours.end', own(value, 'end'), HH_MM, 'must be a time HH:MM');
  if (start !== undefined && start === end) c.fail('quietHours.end', 'must differ from start');
  const rawZone = own(value, 'timeZone');
  let timeZone = DEFAULT_TIME_ZONE;
  if (rawZone !== undefined && rawZone !== null && rawZone !== '') {
    if (typeof rawZone !== 'string' || !TIME_ZONE.test(rawZone) || !isTimeZone(rawZone))
      c.fail('quietHours.timeZone', 'must be an IANA time zone, such as Asia/Ho_Chi_Minh');
    else timeZone = rawZone;
  }
  return start !== undefined && end !== undefined ? { start, end, timeZone } : null;
}

function checkContact(
  c: Checker,
  item: unknown,
  path: string,
  options: SubscribeOptions,
): ContactPoint | undefined {
  if (!isObject(item)) {
    c.fail(path, 'must be a contact { channel, address }');
    return undefined;
  }
  const channel = own(item, 'channel');
  if (channel === 'in_app') {
    c.fail(`${path}.channel`, 'in_app comes from the signed-in user, not a contact');
    return undefined;
  }
  if (typeof channel !== 'string' || !isChannel(channel)) {
    c.fail(`${path}.channel`, 'must be one of email, sms, zalo, webhook');
    return undefined;
  }
  const secret = own(item, 'secret');
  if (channel !== 'webhook' && secret !== undefined && secret !== null)
    c.fail(`${path}.secret`, 'is only for webhooks');
  const rawAddress = c.string(
    `${path}.address`,
    own(item, 'address'),
    SUBSCRIBER_LIMITS.webhookUrl,
  );
  let address: string | undefined;
  if (rawAddress !== undefined) {
    const field = `${path}.address`;
    switch (channel) {
      case 'email': {
        const r = normaliseEmail(rawAddress);
        if (r.ok) address = r.address;
        else c.fail(field, r.description);
        break;
      }
      case 'sms': {
        const r = normaliseVietnamesePhone(rawAddress);
        if (r.ok) address = r.e164;
        else c.fail(field, `must be a Vietnamese phone number (${r.reason})`);
        break;
      }
      case 'zalo':
        if (ZALO_ID.test(rawAddress)) address = rawAddress;
        else c.fail(field, 'must be a Zalo user id: 1 to 32 digits');
        break;
      case 'webhook': {
        const r = normaliseWebhookUrl(rawAddress, options.allowInsecureWebhooks);
        if (r.ok) address = r.address;
        else c.fail(field, r.description);
        break;
      }
    }
  }
  let webhookSecret: string | undefined;
  if (channel === 'webhook') {
    const { webhookSecretMin: min, webhookSecretMax: max } = SUBSCRIBER_LIMITS;
    if (secret === undefined || secret === null || secret === '')
      c.fail(`${path}.secret`, 'is required for webhooks');
    else if (
      typeof secret !== 'string' ||
      secret.length < min ||
      secret.length > max ||
      !WEBHOOK_SECRET.test(secret)
    )
      c.fail(`${path}.secret`, `must be ${min} to ${max} printable ASCII characters, no spaces`);
    else webhookSecret = secret;
  }
  if (address === undefined) return undefined;
  if (channel !== 'webhook') return { channel, address, verifiedAt: null, optedOutAt: null };
  if (webhookSecret === undefined) return undefined;
  return {
    channel,
    address,
    verifiedAt: null,
    optedOutAt: null,
    secret: webhookSecret,
    failures: 0,
    disabledAt: null,
  };
}

/** Validates and normalises a new subscription; throws one `InvalidArgumentError` listing all. */
export function parseSubscribeInput(raw: unknown, options: SubscribeOptions): NewSubscriberFields {
  const c = new Checker();
  if (!isObject(raw)) {
    c.fail('subscription', 'must be an object');
    c.throwIfAny();
  }
  const now = options.now.toISOString();

  const kindValue = own(raw, 'kind');
  const kind = (SUBSCRIBER_KINDS as readonly unknown[]).includes(kindValue)
    ? (kindValue as SubscriberKind)
    : undefined;
  if (!kind) c.fail('kind', `must be one of ${SUBSCRIBER_KINDS.join(', ')}`);

  const language = checkLanguage(c, own(raw, 'language'));

  const rawUser = own(raw, 'userId');
  const userId =
    rawUser === undefined || rawUser === null
      ? null
      : (c.pattern('userId', rawUser, USER_ID, 'must be a user id (at most 128 characters)') ??
        null);

  const contacts: ContactPoint[] = [];
  const rawContacts = own(raw, 'contacts');
  const contactItems =
    (rawContacts === undefined || rawContacts === null) && userId !== null
      ? []
      : c.list('contacts', rawContacts, CHANNELS.length - 1);
  // Channels named by any contact, even an invalid one, so its topics are not refused twice.
  const named = new Set<Channel>();
  if (contactItems) {
    if (contactItems.length === 0 && userId === null)
      c.fail('contacts', 'must list at least one contact');
    const firstOf = new Map<Channel, number>();
    contactItems.forEach((item, i) => {
      const path = `contacts[${i}]`;
      const channel = own(item, 'channel');
      if (typeof channel === 'string' && isChannel(channel) && channel !== 'in_app') {
        const earlier = firstOf.get(channel);
        if (earlier !== undefined) {
          c.fail(`${path}.channel`, `repeats the ${channel} contact of contacts[${earlier}]`);
          return;
        }
        firstOf.set(channel, i);
        named.add(channel);
      }
      const contact = checkContact(c, item, path, options);
      if (contact) contacts.push(contact);
    });
  }
  if (userId !== null) {
    // The gateway authenticated this user, which proves the in-app address.
    contacts.push({ channel: 'in_app', address: userId, verifiedAt: now, optedOutAt: null });
    named.add('in_app');
  }
  contacts.sort((a, b) => CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel));

  const rawDefaults = own(raw, 'defaultChannels');
  const defaultChannels =
    rawDefaults === undefined || rawDefaults === null
      ? byChannelOrder(named)
      : (checkChannels(c, 'defaultChannels', rawDefaults, named) ?? []);
  const unitIds = checkUnits(c, own(raw, 'unitIds'), options.knownUnitIds);
  const topics = checkTopics(c, own(raw, 'topics'), named, defaultChannels);
  followsSomething(c, unitIds, topics);
  const digest = checkDigest(c, own(raw, 'digest'));
  const quietHours = checkQuietHours(c, own(raw, 'quietHours'));

  const consent = own(raw, 'consent');
  let method = '';
  let textVersion = '';
  if (!isObject(consent)) c.fail('consent', 'is required: { given, method, textVersion }');
  else {
    if (own(consent, 'given') !== true)
      c.fail('consent.given', 'must be true: subscribing needs explicit consent');
    method =
      c.pattern(
        'consent.method',
        own(consent, 'method'),
        METHOD,
        'must be a method such as web_form',
      ) ?? '';
    textVersion =
      c.pattern(
        'consent.textVersion',
        own(consent, 'textVersion'),
        TEXT_VERSION,
        'must be the version of the consent text shown (at most 64 characters)',
      ) ?? '';
  }

  c.throwIfAny();
  return {
    kind: kind as SubscriberKind,
    userId,
    language,
    contacts,
    unitIds,
    topics,
    defaultChannels,
    digest,
    quietHours,
    // One record per channel: consent under Decree 13 / Law 91 is given per purpose and means.
    consents: contacts.map((contact) => ({
      purpose: 'policy_notifications',
      channel: contact.channel,
      method,
      textVersion,
      givenAt: now,
      verifiedAt: contact.verifiedAt,
      withdrawnAt: null,
    })),
  };
}

/** Fan-out reaches a subscriber through a followed unit or a followed draft, nothing else. */
function followsSomething(c: Checker, unitIds: readonly string[], topics: readonly Topic[]): void {
  // When the lists themselves were refused, their own violations say enough.
  const listRefused = c.violations.some(
    (v) => v.field.startsWith('unitIds') || v.field.startsWith('topics'),
  );
  if (!listRefused && unitIds.length === 0 && !topics.some(isDraftTopic))
    c.fail('unitIds', 'must follow at least one unit, or a draft in topics');
}

function isDraftTopic(t: Topic): boolean {
  return t.kind === 'draft';
}

/**
 * Validates a preference change against the subscriber's current state (contacts are unchanged,
 * so channels must be ones it already has) and returns the preferences after it.
 */
export function parsePreferencesUpdate(
  raw: unknown,
  current: CurrentPreferences,
  options: Pick<SubscribeOptions, 'knownUnitIds'> = {},
): SubscriberPreferences {
  const c = new Checker();
  if (!isObject(raw)) {
    c.fail('preferences', 'must be an object');
    c.throwIfAny();
  }
  const has = (key: string) => own(raw, key) !== undefined;
  const channels = new Set(current.contacts.map((contact) => contact.channel));

  const language = has('language') ? checkLanguage(c, own(raw, 'language')) : current.language;
  const defaultChannels = has('defaultChannels')
    ? (checkChannels(c, 'defaultChannels', own(raw, 'defaultChannels'), channels) ?? [])
    : [...current.defaultChannels];
  const unitIds = has('unitIds')
    ? checkUnits(c, own(raw, 'unitIds'), options.knownUnitIds)
    : [...current.unitIds];
  const topics = has('topics')
    ? checkTopics(c, own(raw, 'topics'), channels, defaultChannels)
    : current.topics.map((t) => ({ ...t, channels: [...t.channels] }));
  followsSomething(c, unitIds, topics);
  const digest = has('digest') ? checkDigest(c, own(raw, 'digest')) : current.digest;
  const quietHours = Object.hasOwn(raw as object, 'quietHours')
    ? checkQuietHours(c, own(raw, 'quietHours'))
    : current.quietHours;

  c.throwIfAny();
  return { language, unitIds, topics, defaultChannels, digest, quietHours };
}

import {
  canonicalLanguage,
  InvalidArgumentError,
  knownLanguage,
  parseInput,
  zodViolations,
} from '@pcn/platform';
import { z } from 'zod';
import {
  CHANNELS,
  SUBSCRIBER_KINDS,
  type Channel,
  type ConsentRecord,
  type ContactPoint,
  type DigestMode,
  type SubscriberKind,
  type Topic,
} from './notification.model.js';
import {
  CONTROL_CHARS,
  normaliseAddress,
  SUBSCRIBER_LIMITS,
  type Normalised,
} from './contact-addresses.js';
import { DEFAULT_TIME_ZONE, type QuietHours } from './quiet-hours.js';

/**
 * Validation of what a subscriber sends: a new subscription and later preference changes. Each
 * field has a zod schema; the rules across fields (a topic's channels need a contact, a repeated
 * contact or topic, following something) run between them, in the order a client reads the
 * fields, and every problem is thrown as one `InvalidArgumentError` with its field path
 * (`contacts[1].address`). Input arrives from the network: only own properties are read, and lists
 * are bounded before they are walked.
 */

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

const UNIT_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const POLICY_AREA = /^[a-z0-9_-]{1,64}$/;
const USER_ID = /^[A-Za-z0-9._:@|-]{1,128}$/;
const METHOD = /^[a-z][a-z0-9_]{0,31}$/;
const TEXT_VERSION = /^[A-Za-z0-9._:-]{1,64}$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const TIME_ZONE = /^[A-Za-z0-9_+\-/]{1,64}$/;
// Printable ASCII without spaces, which partner configurations tend to trim.
const WEBHOOK_SECRET = /^[\x21-\x7E]+$/;
const MAX_VIOLATIONS = 100;
const CONTACT_CHANNELS = ['email', 'sms', 'zalo', 'webhook'] as const;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function byChannelOrder(channels: Iterable<Channel>): Channel[] {
  const set = new Set(channels);
  return CHANNELS.filter((ch) => set.has(ch));
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

const absent = (v: unknown): v is null | undefined => v === undefined || v === null;

// Schemas are built once per variant: building one costs far more than parsing with it.
const built = new Map<string, unknown>();
function once<S>(key: string, build: () => S): S {
  if (!built.has(key)) built.set(key, build());
  return built.get(key) as S;
}

/** An object (not a list); its fields are then read with `own`. */
const object = (error: string) =>
  once(`object:${error}`, () =>
    z.custom<object>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { error }),
  );

/** A string matching `re`; anything else gets `description`. */
const pattern = (re: RegExp, description: string) =>
  z.string({ error: description }).regex(re, { error: description, abort: true });

// Each type is checked on its own first: zod's length checks also read the length of a value of
// the wrong type (a list given for text), which would add a second, misleading violation.

/** Text up to `max` characters without control characters. */
const text = (max: number) =>
  z.string({ error: (issue) => (absent(issue.input) ? 'is required' : 'must be text') }).pipe(
    z
      .string()
      .min(1, { error: 'is required', abort: true })
      .max(max, {
        error: (issue) =>
          `must be at most ${max} characters (got ${(issue.input as string).length})`,
        abort: true,
      })
      .refine((v) => !CONTROL_CHARS.test(v), {
        error: 'must not contain line breaks or control characters',
        abort: true,
      }),
  );

/** A list of at most `max` items; a longer one is refused whole, before its items are checked. */
const list = <S extends z.ZodType>(item: S, max: number) =>
  z.array(z.unknown(), { error: 'must be a list' }).pipe(
    z.array(item).max(max, {
      error: (issue) => `must have at most ${max} items (got ${(issue.input as unknown[]).length})`,
    }),
  );

/** Text normalised by `check`, or refused with its description. */
const normalisedText = (max: number, check: (value: string) => Normalised) =>
  text(max).transform((value, ctx) => {
    const r = check(value);
    if (r.ok) return r.address;
    ctx.addIssue({ code: 'custom', message: r.description });
    return z.NEVER;
  });

const language = normalisedText(35, (tag) => {
  if (!canonicalLanguage(tag))
    return {
      ok: false,
      description: 'must be a well-formed BCP 47 language tag, such as vi or hmn',
    };
  // Well-formed is not enough: messages go out in this language, so it must be a real one.
  const known = knownLanguage(tag);
  if (known) return { ok: true, address: known };
  return {
    ok: false,
    description:
      'is not a known language: give a language, optionally with a script and a region, such as vi, hmn or vi-VN',
  };
});

const kind = z.enum(SUBSCRIBER_KINDS, { error: `must be one of ${SUBSCRIBER_KINDS.join(', ')}` });
const userId = pattern(USER_ID, 'must be a user id (at most 128 characters)');
const digest = z.enum(['immediate', 'daily'], { error: 'must be immediate or daily' });

const unitIds = (known: SubscribeOptions['knownUnitIds']) =>
  list(
    pattern(UNIT_ID, 'must be a unit id: letters, digits, . _ : - (at most 128)').refine(
      (id) => !known || known.has(id),
      { error: 'is not a known administrative unit' },
    ),
    SUBSCRIBER_LIMITS.units,
  ).transform((ids) => [...new Set(ids)]);

/** Channels to deliver on, each one the subscriber has a contact for. */
const channels = (contactChannels: ReadonlySet<Channel>) => {
  const allowed = byChannelOrder(contactChannels);
  return once(`channels:${allowed.join()}`, () =>
    list(
      z
        .enum(CHANNELS, { error: `must be one of ${CHANNELS.join(', ')}` })
        .refine((ch) => allowed.includes(ch), {
          error: (issue) => `has no ${String(issue.input)} contact to deliver to`,
        }),
      CHANNELS.length,
    )
      .refine((list) => list.length > 0, { error: 'must name at least one channel' })
      .transform(byChannelOrder),
  );
};

const topicKind = z.enum(['policy_area', 'draft'], { error: 'must be policy_area or draft' });
const topicValue = {
  policy_area: pattern(POLICY_AREA, 'must be a policy area: a-z 0-9 _ - (at most 64)'),
  draft: pattern(UNIT_ID, 'must be a draft id: letters, digits, . _ : - (at most 128)'),
};

const hhmm = pattern(HH_MM, 'must be a time HH:MM');
const TIME_ZONE_RULE = 'must be an IANA time zone, such as Asia/Ho_Chi_Minh';
const timeZone = pattern(TIME_ZONE, TIME_ZONE_RULE).refine(isTimeZone, { error: TIME_ZONE_RULE });

/** An object whose listed fields are read as own properties, then checked by `shape`. */
const ownObject = <S extends z.ZodRawShape>(shape: S, error?: string) =>
  z.preprocess(
    (v) =>
      typeof v === 'object' && v !== null && !Array.isArray(v)
        ? Object.fromEntries(Object.keys(shape).map((key) => [key, own(v, key)]))
        : v,
    z.object(shape, { error }),
  );

const consent = ownObject(
  {
    given: z.literal(true, { error: 'must be true: subscribing needs explicit consent' }),
    method: pattern(METHOD, 'must be a method such as web_form'),
    textVersion: pattern(
      TEXT_VERSION,
      'must be the version of the consent text shown (at most 64 characters)',
    ),
  },
  'is required: { given, method, textVersion }',
);

const contactChannel = z.enum(CONTACT_CHANNELS, {
  error: (issue) =>
    issue.input === 'in_app'
      ? 'in_app comes from the signed-in user, not a contact'
      : 'must be one of email, sms, zalo, webhook',
});
type ContactChannel = z.output<typeof contactChannel>;

const { webhookSecretMin, webhookSecretMax } = SUBSCRIBER_LIMITS;
const SECRET_RULE = `must be ${webhookSecretMin} to ${webhookSecretMax} printable ASCII characters, no spaces`;
const webhookSecret = z
  .string({ error: (issue) => (absent(issue.input) ? 'is required for webhooks' : SECRET_RULE) })
  .pipe(
    z
      .string()
      .min(1, { error: 'is required for webhooks', abort: true })
      .refine(
        (s) =>
          s.length >= webhookSecretMin && s.length <= webhookSecretMax && WEBHOOK_SECRET.test(s),
        { error: SECRET_RULE, abort: true },
      ),
  );

/** One schema a contact channel; the field order is the order problems are reported in. */
function contactSchemas(allowInsecureWebhooks: boolean) {
  const address = (channel: ContactChannel) =>
    normalisedText(SUBSCRIBER_LIMITS.webhookUrl, (v) =>
      normaliseAddress(channel, v, allowInsecureWebhooks),
    );
  const plain = (channel: Exclude<ContactChannel, 'webhook'>) =>
    ownObject({
      secret: z.unknown().refine(absent, { error: 'is only for webhooks' }),
      address: address(channel),
    }).transform((c): ContactPoint => ({
      channel,
      address: c.address,
      verifiedAt: null,
      optedOutAt: null,
    }));
  return {
    email: plain('email'),
    sms: plain('sms'),
    zalo: plain('zalo'),
    webhook: ownObject({ address: address('webhook'), secret: webhookSecret }).transform(
      (c): ContactPoint => ({
        channel: 'webhook',
        address: c.address,
        verifiedAt: null,
        optedOutAt: null,
        secret: c.secret,
        failures: 0,
        disabledAt: null,
      }),
    ),
  } satisfies Record<ContactChannel, z.ZodType<ContactPoint>>;
}

type Ctx = z.RefinementCtx;
type Path = (string | number)[];

/** Parses one field with its schema, reporting its issues under `path`; undefined when refused. */
function field<S extends z.ZodType>(
  ctx: Ctx,
  path: Path,
  schema: S,
  value: unknown,
): z.output<S> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues)
    ctx.addIssue({ code: 'custom', message: issue.message, path: [...path, ...issue.path] });
  return undefined;
}

function refuse(ctx: Ctx, path: Path, message: string): undefined {
  ctx.addIssue({ code: 'custom', message, path });
  return undefined;
}

/**
 * The contacts, and the channels they name (even an invalid contact's, so that its topics are not
 * refused twice). A signed-in user brings an in-app contact, and may list no other.
 */
function contactList(
  ctx: Ctx,
  raw: unknown,
  options: SubscribeOptions,
  userId: string | null,
): { contacts: ContactPoint[]; named: Set<Channel> } {
  const contacts: ContactPoint[] = [];
  const named = new Set<Channel>();
  const items =
    absent(raw) && userId !== null
      ? []
      : field(
          ctx,
          ['contacts'],
          once('contact-list', () => list(z.unknown(), CHANNELS.length - 1)),
          raw,
        );
  if (items?.length === 0 && userId === null)
    refuse(ctx, ['contacts'], 'must list at least one contact');
  const schemas = once(`contacts:${options.allowInsecureWebhooks}`, () =>
    contactSchemas(options.allowInsecureWebhooks),
  );
  const firstOf = new Map<Channel, number>();
  items?.forEach((item, i) => {
    const claimed = contactChannel.safeParse(own(item, 'channel'));
    if (claimed.success) {
      const earlier = firstOf.get(claimed.data);
      if (earlier !== undefined)
        return refuse(
          ctx,
          ['contacts', i, 'channel'],
          `repeats the ${claimed.data} contact of contacts[${earlier}]`,
        );
      firstOf.set(claimed.data, i);
      named.add(claimed.data);
    }
    if (!field(ctx, ['contacts', i], object('must be a contact { channel, address }'), item))
      return;
    const channel = field(ctx, ['contacts', i, 'channel'], contactChannel, own(item, 'channel'));
    const contact = channel && field(ctx, ['contacts', i], schemas[channel], item);
    if (contact) contacts.push(contact);
  });
  if (userId !== null) {
    // The gateway authenticated this user, which proves the in-app address.
    const now = options.now.toISOString();
    contacts.push({ channel: 'in_app', address: userId, verifiedAt: now, optedOutAt: null });
    named.add('in_app');
  }
  contacts.sort((a, b) => CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel));
  return { contacts, named };
}

function listOfChannels(raw: unknown): boolean {
  return Array.isArray(raw) && raw.length >= 1 && raw.length <= CHANNELS.length;
}

/** Followed units, none when absent; undefined when refused. */
function unitIdList(ctx: Ctx, raw: unknown, known: SubscribeOptions['knownUnitIds']) {
  return absent(raw)
    ? []
    : field(
        ctx,
        ['unitIds'],
        known ? unitIds(known) : once('units', () => unitIds(undefined)),
        raw,
      );
}

function digestMode(ctx: Ctx, raw: unknown): DigestMode {
  return absent(raw) ? 'immediate' : (field(ctx, ['digest'], digest, raw) ?? 'immediate');
}

/** The topics, or undefined when any was refused; a topic without channels takes the defaults. */
function topicList(
  ctx: Ctx,
  raw: unknown,
  contactChannels: ReadonlySet<Channel>,
  defaultChannels: readonly Channel[],
): Topic[] | undefined {
  if (absent(raw)) return [];
  const items = field(
    ctx,
    ['topics'],
    once('topic-list', () => list(z.unknown(), SUBSCRIBER_LIMITS.topics)),
    raw,
  );
  if (!items) return undefined;
  const seen = new Map<string, number>();
  const out: Topic[] = [];
  items.forEach((item, i) => {
    const path = ['topics', i];
    if (!field(ctx, path, object('must be a topic { kind, value, channels }'), item)) return;
    const kind = field(ctx, [...path, 'kind'], topicKind, own(item, 'kind'));
    const value = kind && field(ctx, [...path, 'value'], topicValue[kind], own(item, 'value'));
    const rawChannels = own(item, 'channels');
    const topicChannels = absent(rawChannels)
      ? [...defaultChannels]
      : field(ctx, [...path, 'channels'], channels(contactChannels), rawChannels);
    // A list of channels with a bad one still names the topic, so a repeat of it is told too.
    const namesTopic = topicChannels ?? (listOfChannels(rawChannels) ? [] : undefined);
    if (!kind || value === undefined || !namesTopic) return;
    const earlier = seen.get(`${kind}:${value}`);
    if (earlier !== undefined) return refuse(ctx, path, `repeats topics[${earlier}]`);
    seen.set(`${kind}:${value}`, i);
    if (topicChannels) out.push({ kind, value, channels: topicChannels });
  });
  return out.length === items.length ? out : undefined;
}

function quietHours(ctx: Ctx, raw: unknown): QuietHours | null {
  if (absent(raw)) return null;
  if (!field(ctx, ['quietHours'], object('must be { start, end, timeZone } or null'), raw))
    return null;
  const start = field(ctx, ['quietHours', 'start'], hhmm, own(raw, 'start'));
  const end = field(ctx, ['quietHours', 'end'], hhmm, own(raw, 'end'));
  if (start !== undefined && start === end)
    refuse(ctx, ['quietHours', 'end'], 'must differ from start');
  const zone = own(raw, 'timeZone');
  const timeZoneValue =
    absent(zone) || zone === ''
      ? DEFAULT_TIME_ZONE
      : (field(ctx, ['quietHours', 'timeZone'], timeZone, zone) ?? DEFAULT_TIME_ZONE);
  return start !== undefined && end !== undefined ? { start, end, timeZone: timeZoneValue } : null;
}

/** Fan-out reaches a subscriber through a followed unit or a followed draft, nothing else. */
function followsSomething(
  ctx: Ctx,
  units: readonly string[] | undefined,
  topics: readonly Topic[] | undefined,
): void {
  // When the lists themselves were refused, their own violations say enough.
  if (units?.length === 0 && topics && !topics.some((t) => t.kind === 'draft'))
    refuse(ctx, ['unitIds'], 'must follow at least one unit, or a draft in topics');
}

/**
 * Parses with a schema whose transform reports through `ctx`, throwing one `InvalidArgumentError`
 * with at most `MAX_VIOLATIONS` violations. `what` names the input when it is not an object.
 */
function parseFields<T>(what: string, raw: unknown, parse: (ctx: Ctx) => T): T {
  parseInput(object('must be an object'), raw, what);
  const result = z
    .unknown()
    .transform((_raw, ctx) => {
      const out = parse(ctx);
      return ctx.issues.length > 0 ? z.NEVER : out;
    })
    .safeParse(raw);
  if (result.success) return result.data;
  throw new InvalidArgumentError(zodViolations(result.error).slice(0, MAX_VIOLATIONS));
}

/** Validates and normalises a new subscription; throws one `InvalidArgumentError` listing all. */
export function parseSubscribeInput(raw: unknown, options: SubscribeOptions): NewSubscriberFields {
  return parseFields('subscription', raw, (ctx) => {
    const kindValue = field(ctx, ['kind'], kind, own(raw, 'kind'));
    const languageValue = field(ctx, ['language'], language, own(raw, 'language')) ?? '';
    const rawUser = own(raw, 'userId');
    const user = absent(rawUser) ? null : (field(ctx, ['userId'], userId, rawUser) ?? null);
    const { contacts, named } = contactList(ctx, own(raw, 'contacts'), options, user);
    const rawDefaults = own(raw, 'defaultChannels');
    const defaultChannels = absent(rawDefaults)
      ? byChannelOrder(named)
      : (field(ctx, ['defaultChannels'], channels(named), rawDefaults) ?? []);
    const units = unitIdList(ctx, own(raw, 'unitIds'), options.knownUnitIds);
    const topics = topicList(ctx, own(raw, 'topics'), named, defaultChannels);
    followsSomething(ctx, units, topics);
    const digestValue = digestMode(ctx, own(raw, 'digest'));
    const quiet = quietHours(ctx, own(raw, 'quietHours'));
    const given = field(ctx, ['consent'], consent, own(raw, 'consent'));
    const now = options.now.toISOString();
    return {
      kind: kindValue as SubscriberKind,
      userId: user,
      language: languageValue,
      contacts,
      unitIds: units ?? [],
      topics: topics ?? [],
      defaultChannels,
      digest: digestValue,
      quietHours: quiet,
      // One record per channel: consent under Decree 13 / Law 91 is given per purpose and means.
      consents: contacts.map((contact) => ({
        purpose: 'policy_notifications',
        channel: contact.channel,
        method: given?.method ?? '',
        textVersion: given?.textVersion ?? '',
        givenAt: now,
        verifiedAt: contact.verifiedAt,
        withdrawnAt: null,
      })),
    };
  });
}

/**
 * Validates a preference change against the subscriber's current state (contacts are unchanged,
 * so channels must be ones it already has) and returns the preferences after it. Each field
 * present replaces the current value; absent ones are kept, and `quietHours: null` removes them.
 */
export function parsePreferencesUpdate(
  raw: unknown,
  current: CurrentPreferences,
  options: Pick<SubscribeOptions, 'knownUnitIds'> = {},
): SubscriberPreferences {
  return parseFields('preferences', raw, (ctx) => {
    const given = (key: string) => own(raw, key) !== undefined;
    const contactChannels = new Set(current.contacts.map((contact) => contact.channel));
    const languageValue = given('language')
      ? (field(ctx, ['language'], language, own(raw, 'language')) ?? '')
      : current.language;
    const defaultChannels = given('defaultChannels')
      ? (field(ctx, ['defaultChannels'], channels(contactChannels), own(raw, 'defaultChannels')) ??
        [])
      : [...current.defaultChannels];
    const units = given('unitIds')
      ? unitIdList(ctx, own(raw, 'unitIds'), options.knownUnitIds)
      : [...current.unitIds];
    const topics = given('topics')
      ? topicList(ctx, own(raw, 'topics'), contactChannels, defaultChannels)
      : current.topics.map((t) => ({ ...t, channels: [...t.channels] }));
    followsSomething(ctx, units, topics);
    const digestValue = given('digest') ? digestMode(ctx, own(raw, 'digest')) : current.digest;
    const quiet = Object.hasOwn(raw as object, 'quietHours')
      ? quietHours(ctx, own(raw, 'quietHours'))
      : current.quietHours;
    return {
      language: languageValue,
      unitIds: units ?? [],
      topics: topics ?? [],
      defaultChannels,
      digest: digestValue,
      quietHours: quiet,
    };
  });
}

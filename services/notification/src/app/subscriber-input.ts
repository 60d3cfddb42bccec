import {
  boundedList,
  canonicalLanguage,
  checkedString,
  InvalidArgumentError,
  isObjectInput,
  knownLanguage,
  MAX_VIOLATIONS,
  ownFields,
  ownObject,
  ownProperty,
  parseInput,
  type StringRule,
} from '@pcn/platform';
import { z } from 'zod';
import {
  CHANNELS,
  SUBSCRIBER_KINDS,
  type Channel,
  type ContactPoint,
  type Subscriber,
} from './notification.model.js';
import { CONTROL_CHARS, normaliseAddress, SUBSCRIBER_LIMITS } from './contact-addresses.js';
import { DEFAULT_TIME_ZONE, type QuietHours } from './quiet-hours.js';

/**
 * Validation of what a subscriber sends: a new subscription and later preference changes, as zod
 * schemas. A rule within a list (a repeated contact or topic) refines the list; the rules across
 * fields (a topic's channels need a contact, following something) refine the command. Every
 * problem is thrown as one `InvalidArgumentError` with its field path (`contacts[1].address`).
 * Input arrives from the network: only own properties are read (`ownObject`), and lists are
 * bounded before they are walked (`boundedList`), both from `@pcn/platform`.
 */

export interface SubscribeOptions {
  /** Development only: accept `http://` webhooks. */
  allowInsecureWebhooks: boolean;
  now: Date;
  /** When given, every followed unit must be one of these (a `Set` of the directory's ids). */
  knownUnitIds?: { has(unitId: string): boolean };
}

/** The normalised fields of a new subscriber; the use case adds id, status, scope and times. */
export type NewSubscriberFields = Pick<
  Subscriber,
  'kind' | 'userId' | 'language' | 'contacts' | 'consents' | keyof SubscriberPreferences
>;

export type SubscriberPreferences = Pick<
  Subscriber,
  'language' | 'unitIds' | 'topics' | 'defaultChannels' | 'digest' | 'quietHours'
>;

/** The current state a preference update applies to. */
export type CurrentPreferences = SubscriberPreferences & {
  contacts: readonly Pick<ContactPoint, 'channel'>[];
};

const { webhookSecretMin: SECRET_MIN, webhookSecretMax: SECRET_MAX } = SUBSCRIBER_LIMITS;
const SECRET_RULE = `must be ${SECRET_MIN} to ${SECRET_MAX} printable ASCII characters, no spaces`;
const TIME_ZONE_RULE = 'must be an IANA time zone, such as Asia/Ho_Chi_Minh';
const UNIT_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const CONTACT_CHANNELS = ['email', 'sms', 'zalo', 'webhook'] as const;

type Ctx = z.RefinementCtx;
type Path = readonly PropertyKey[];
// A rule across fields runs even when some field was refused, so a client hears of every problem.
const ALWAYS = { when: () => true };

const absent = (v: unknown): v is null | undefined => v === undefined || v === null;
const byChannelOrder = (channels: Iterable<Channel>): Channel[] => {
  const set = new Set(channels);
  return CHANNELS.filter((ch) => set.has(ch));
};
const refuse = (ctx: Ctx, path: Path, message: string) =>
  ctx.addIssue({ code: 'custom', message, path: [...path] });
/** Whether zod refused the value at `path` itself, or (with `within`) anything in it. */
const refused = (ctx: Ctx, path: Path, within = false) =>
  ctx.issues.some(({ path: at = [] }) => {
    return (within || at.length === path.length) && path.every((key, i) => at[i] === key);
  });

const pattern = (re: RegExp, problem: string) =>
  checkedString(problem, [(v) => re.test(v), problem]);
/** Text up to `max` characters without control characters, then `rules`. */
const text = (max: number, ...rules: StringRule[]) =>
  checkedString(
    (issue) => (absent(issue.input) ? 'is required' : 'must be text'),
    [(v) => v.length > 0, 'is required'],
    [(v) => v.length <= max, (v) => `must be at most ${max} characters (got ${v.length})`],
    [(v) => !CONTROL_CHARS.test(v), 'must not contain line breaks or control characters'],
    ...rules,
  );

const language = text(
  35,
  [
    (tag) => !!canonicalLanguage(tag),
    'must be a well-formed BCP 47 language tag, such as vi or hmn',
  ],
  // Well-formed is not enough: messages go out in this language, so it must be a real one.
  [
    (tag) => !!knownLanguage(tag),
    'is not a known language: give a language, optionally with a script and a region, such as vi, hmn or vi-VN',
  ],
).transform((tag) => knownLanguage(tag)!);

const channels = boundedList(
  z.enum(CHANNELS, { error: `must be one of ${CHANNELS.join(', ')}` }),
  CHANNELS.length,
).refine((list) => list.length > 0, { error: 'must name at least one channel' });

const TOPIC_VALUE = {
  policy_area: pattern(/^[a-z0-9_-]{1,64}$/, 'must be a policy area: a-z 0-9 _ - (at most 64)'),
  draft: pattern(UNIT_ID, 'must be a draft id: letters, digits, . _ : - (at most 128)'),
};
const topics = boundedList(
  ownObject(
    {
      kind: z.enum(['policy_area', 'draft'], { error: 'must be policy_area or draft' }),
      value: z.unknown(),
      channels: channels.nullish(),
    },
    'must be a topic { kind, value, channels }',
  ).superRefine(
    (t, ctx) => {
      const value = TOPIC_VALUE[t.kind].safeParse(t.value);
      if (!value.success) refuse(ctx, ['value'], value.error.issues[0]?.message ?? '');
    },
    // The value is read by its kind, so only once the kind is known.
    {
      when: ({ issues }) => !issues.some(({ path = [] }) => !path.length || path[0] === 'kind'),
    },
  ),
  SUBSCRIBER_LIMITS.topics,
).superRefine((list, ctx) => {
  const firstOf = new Map<string, number>();
  list.forEach((topic, i) => {
    // A list of channels with a bad one still names the topic, so a repeat of it is told too.
    const ch = ownProperty(topic, 'channels');
    const names =
      absent(ch) || (Array.isArray(ch) && ch.length > 0 && ch.length <= CHANNELS.length);
    if (!names || [[i], [i, 'kind'], [i, 'value']].some((path) => refused(ctx, path))) return;
    const key = `${String(ownProperty(topic, 'kind'))}:${String(ownProperty(topic, 'value'))}`;
    const earlier = firstOf.get(key);
    if (earlier === undefined) firstOf.set(key, i);
    else refuse(ctx, [i], `repeats topics[${earlier}]`);
  });
}, ALWAYS);

const hhmm = pattern(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM');
const quietHours = ownObject(
  {
    start: hhmm,
    end: hhmm,
    timeZone: z.preprocess(
      (zone) => (zone === '' ? undefined : zone), // the default zone
      checkedString(TIME_ZONE_RULE, [
        (v) => /^[A-Za-z0-9_+\-/]{1,64}$/.test(v) && isTimeZone(v),
        TIME_ZONE_RULE,
      ]).nullish(),
    ),
  },
  'must be { start, end, timeZone } or null',
)
  .refine((q) => q.start !== q.end, {
    path: ['end'],
    error: 'must differ from start',
    when: ({ issues }) => issues.every(({ path }) => path?.[0] === 'timeZone'),
  })
  .transform((q): QuietHours => ({ ...q, timeZone: q.timeZone ?? DEFAULT_TIME_ZONE }));

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The contacts, each by its channel: a channel's field order is the order of its problems. */
function contacts(allowInsecureWebhooks: boolean) {
  const address = (channel: (typeof CONTACT_CHANNELS)[number]) =>
    text(SUBSCRIBER_LIMITS.webhookUrl).transform((value, ctx) => {
      const r = normaliseAddress(channel, value, allowInsecureWebhooks);
      return r.ok ? r.address : (refuse(ctx, [], r.description), z.NEVER);
    });
  const fresh = { verifiedAt: null, optedOutAt: null };
  const plain = (channel: 'email' | 'sms' | 'zalo') =>
    z
      .object({
        channel: z.literal(channel),
        secret: z.unknown().refine(absent, { error: 'is only for webhooks' }),
        address: address(channel),
      })
      .transform((c): ContactPoint => ({ channel, address: c.address, ...fresh }));
  const webhookSecret = checkedString(
    (issue) => (absent(issue.input) ? 'is required for webhooks' : SECRET_RULE),
    [(v) => v !== '', 'is required for webhooks'],
    // Printable ASCII without spaces, which partner configurations tend to trim.
    [
      (v) => v.length >= SECRET_MIN && v.length <= SECRET_MAX && /^[\x21-\x7E]+$/.test(v),
      SECRET_RULE,
    ],
  );
  const webhook = z
    .object({ channel: z.literal('webhook'), address: address('webhook'), secret: webhookSecret })
    .transform((c): ContactPoint => ({ ...c, ...fresh, failures: 0, disabledAt: null }));
  const contact = z.discriminatedUnion(
    'channel',
    [plain('email'), plain('sms'), plain('zalo'), webhook],
    {
      error: (issue) =>
        !isObjectInput(issue.input)
          ? 'must be a contact { channel, address }'
          : ownProperty(issue.input, 'channel') === 'in_app'
            ? 'in_app comes from the signed-in user, not a contact'
            : 'must be one of email, sms, zalo, webhook',
    },
  );
  return boundedList(
    ownFields(['channel', 'address', 'secret'], contact),
    CHANNELS.length - 1,
  ).superRefine((list, ctx) => {
    const firstOf = new Map<Channel, number>();
    list.forEach((contact, i) => {
      const channel = claimed(contact);
      const earlier = channel && firstOf.get(channel);
      if (channel && earlier === undefined) firstOf.set(channel, i);
      if (!channel || earlier === undefined) return;
      // A repeated contact is refused whole: its own problems would only be noise.
      const kept = ctx.issues.filter(({ path }) => path?.[0] !== i);
      ctx.issues.splice(0, ctx.issues.length, ...kept);
      refuse(ctx, [i, 'channel'], `repeats the ${channel} contact of contacts[${earlier}]`);
    });
  }, ALWAYS);
}
/** The channel a contact names, even an invalid contact (so that its topics are not refused twice). */
const claimed = (contact: unknown) =>
  z.enum(CONTACT_CHANNELS).safeParse(ownProperty(contact, 'channel')).data;

const unitIds = boundedList(
  pattern(UNIT_ID, 'must be a unit id: letters, digits, . _ : - (at most 128)'),
  SUBSCRIBER_LIMITS.units,
);
const digest = z.enum(['immediate', 'daily'], { error: 'must be immediate or daily' });

const subscription = (allowInsecureWebhooks: boolean) =>
  ownObject({
    kind: z.enum(SUBSCRIBER_KINDS, { error: `must be one of ${SUBSCRIBER_KINDS.join(', ')}` }),
    language,
    userId: pattern(
      /^[A-Za-z0-9._:@|-]{1,128}$/,
      'must be a user id (at most 128 characters)',
    ).nullish(),
    contacts: contacts(allowInsecureWebhooks).nullish(),
    defaultChannels: channels.nullish(),
    unitIds: unitIds.nullish(),
    topics: topics.nullish(),
    digest: digest.nullish(),
    quietHours: quietHours.nullish(),
    consent: ownObject(
      {
        given: z.literal(true, { error: 'must be true: subscribing needs explicit consent' }),
        method: pattern(/^[a-z][a-z0-9_]{0,31}$/, 'must be a method such as web_form'),
        textVersion: pattern(
          /^[A-Za-z0-9._:-]{1,64}$/,
          'must be the version of the consent text shown (at most 64 characters)',
        ),
      },
      'is required: { given, method, textVersion }',
    ),
  });
const subscriptions = { secure: subscription(false), insecure: subscription(true) };

/** Absent fields keep their value; `null` resets the lists, the digest and quiet hours. */
const preferences = ownObject({
  language: language.optional(),
  defaultChannels: channels.optional(),
  unitIds: unitIds.nullish(),
  topics: topics.nullish(),
  digest: digest.nullish(),
  quietHours: quietHours.nullish(),
});

/**
 * The rules across fields: channels need a contact to deliver to (one of `named`), units may have
 * to be known ones, and fan-out reaches a subscriber through a followed unit or a followed draft,
 * nothing else. An absent list keeps the current one, `null` empties it.
 */
function following(
  ctx: Ctx,
  fields: { defaultChannels?: unknown; topics?: unknown; unitIds?: unknown },
  named: ReadonlySet<Channel>,
  known: SubscribeOptions['knownUnitIds'],
  current: Pick<SubscriberPreferences, 'unitIds' | 'topics'>,
) {
  const deliverable = (channels: unknown, path: Path) => {
    if (!Array.isArray(channels) || refused(ctx, path)) return;
    channels.forEach((ch: unknown, i) => {
      if (CHANNELS.includes(ch as Channel) && !named.has(ch as Channel))
        refuse(ctx, [...path, i], `has no ${String(ch)} contact to deliver to`);
    });
  };
  deliverable(fields.defaultChannels, ['defaultChannels']);
  if (Array.isArray(fields.topics) && !refused(ctx, ['topics']))
    fields.topics.forEach((t, i) =>
      deliverable(ownProperty(t, 'channels'), ['topics', i, 'channels']),
    );
  if (known && Array.isArray(fields.unitIds) && !refused(ctx, ['unitIds']))
    fields.unitIds.forEach((id: unknown, i) => {
      if (!refused(ctx, ['unitIds', i]) && !known.has(String(id)))
        refuse(ctx, ['unitIds', i], 'is not a known administrative unit');
    });
  const topics = fields.topics === undefined ? current.topics : (fields.topics ?? []);
  const units = fields.unitIds === undefined ? current.unitIds : (fields.unitIds ?? []);
  const refusedList = refused(ctx, ['unitIds'], true) || refused(ctx, ['topics'], true);
  const followsDraft =
    Array.isArray(topics) && topics.some((t) => ownProperty(t, 'kind') === 'draft');
  if (!refusedList && Array.isArray(units) && units.length === 0 && !followsDraft)
    refuse(ctx, ['unitIds'], 'must follow at least one unit, or a draft in topics');
}

// zod reports a rule after the fields it spans (and a topic's value after its channels); problems
// are put back in the order a client reads the fields, which the API has always kept.
const READING_ORDER = [
  ...['kind', 'language', 'userId', 'contacts', 'defaultChannels', 'unitIds', 'topics'],
  ...['digest', 'quietHours', 'consent', 'value', 'channels', 'start', 'end', 'timeZone'],
];

/** Parses an object with `schema`, or throws one `InvalidArgumentError` with its first problems. */
function parseCommand<S extends z.ZodType>(what: string, raw: unknown, schema: S): z.output<S> {
  if (!isObjectInput(raw))
    throw new InvalidArgumentError([{ field: what, description: 'must be an object' }]);
  return parseInput(schema, raw, { fieldOrder: READING_ORDER, maxViolations: MAX_VIOLATIONS });
}

/** The preferences after a command: what it gives replaces `current`, `null` resets a field. */
function preferencesAfter(
  p: z.output<typeof preferences> | z.output<(typeof subscriptions)['secure']>,
  current: SubscriberPreferences,
  quietHoursGiven: boolean,
): SubscriberPreferences {
  const defaultChannels = p.defaultChannels
    ? byChannelOrder(p.defaultChannels)
    : [...current.defaultChannels];
  return {
    language: p.language ?? current.language,
    unitIds: p.unitIds === undefined ? [...current.unitIds] : [...new Set(p.unitIds)],
    topics:
      p.topics === undefined
        ? current.topics.map((t) => ({ ...t, channels: [...t.channels] }))
        : (p.topics ?? []).map((t) => ({
            kind: t.kind,
            value: String(t.value),
            channels: t.channels ? byChannelOrder(t.channels) : [...defaultChannels],
          })),
    defaultChannels,
    digest: p.digest === undefined ? current.digest : (p.digest ?? 'immediate'),
    quietHours: quietHoursGiven ? (p.quietHours ?? null) : current.quietHours,
  };
}

/** Validates and normalises a new subscription; throws one `InvalidArgumentError` listing all. */
export function parseSubscribeInput(raw: unknown, options: SubscribeOptions): NewSubscriberFields {
  const schema = subscriptions[options.allowInsecureWebhooks ? 'insecure' : 'secure'];
  const rules = schema.superRefine((s, ctx) => {
    // A signed-in user brings an in-app contact, and may list no other.
    const user = typeof s.userId === 'string' && !refused(ctx, ['userId']) ? s.userId : null;
    const listed = Array.isArray(s.contacts) && !refused(ctx, ['contacts']) ? s.contacts : null;
    const named = new Set<Channel>(listed?.map(claimed).filter((ch) => ch !== undefined));
    if (user !== null) named.add('in_app');
    else if (absent(s.contacts)) refuse(ctx, ['contacts'], 'must be a list');
    else if (listed?.length === 0) refuse(ctx, ['contacts'], 'must list at least one contact');
    following(ctx, s, named, options.knownUnitIds, { unitIds: [], topics: [] });
  }, ALWAYS);
  const s = parseCommand('subscription', raw, rules);
  const now = options.now.toISOString();
  const contacts = [...(s.contacts ?? [])];
  // The gateway authenticated this user, which proves the in-app address.
  if (s.userId)
    contacts.push({ channel: 'in_app', address: s.userId, verifiedAt: now, optedOutAt: null });
  contacts.sort((a, b) => CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel));
  const defaults: SubscriberPreferences = {
    ...{ language: s.language, unitIds: [], topics: [], digest: 'immediate', quietHours: null },
    defaultChannels: contacts.map((c) => c.channel),
  };
  return {
    kind: s.kind,
    userId: s.userId ?? null,
    contacts,
    ...preferencesAfter(s, defaults, true),
    // One record per channel: consent under Decree 13 / Law 91 is given per purpose and means.
    consents: contacts.map((contact) => ({
      purpose: 'policy_notifications',
      channel: contact.channel,
      method: s.consent.method,
      textVersion: s.consent.textVersion,
      givenAt: now,
      verifiedAt: contact.verifiedAt,
      withdrawnAt: null,
    })),
  };
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
  const named = new Set(current.contacts.map((contact) => contact.channel));
  const rules = preferences.superRefine((p, ctx) => {
    following(ctx, p, named, options.knownUnitIds, current);
  }, ALWAYS);
  const p = parseCommand('preferences', raw, rules);
  return preferencesAfter(p, current, Object.hasOwn(raw as object, 'quietHours'));
}

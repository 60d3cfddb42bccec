import { InvalidArgumentError, type FieldViolation } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import {
  parsePreferencesUpdate,
  parseSubscribeInput,
  type CurrentPreferences,
  type SubscribeOptions,
} from './subscriber-input.js';

const now = new Date('2026-03-01T08:00:00.000Z');
const options: SubscribeOptions = { allowInsecureWebhooks: false, now };
const SECRET = 's'.repeat(40);

function valid(): Record<string, unknown> {
  return {
    kind: 'citizen',
    language: 'vi',
    contacts: [{ channel: 'email', address: 'An.Nguyen@Example.VN' }],
    unitIds: ['79', '79.760'],
    consent: { given: true, method: 'web_form', textVersion: 'v1' },
  };
}

function violationsOf(raw: unknown, opts: SubscribeOptions = options): FieldViolation[] {
  try {
    parseSubscribeInput(raw, opts);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return [...(err as InvalidArgumentError).violations];
  }
  throw new Error('expected the input to be refused');
}

function withContact(contact: unknown): Record<string, unknown> {
  return { ...valid(), contacts: [contact] };
}

describe('parseSubscribeInput', () => {
  it('normalises a subscription', () => {
    const fields = parseSubscribeInput(
      {
        ...valid(),
        language: 'HMN',
        userId: 'user-1',
        contacts: [
          { channel: 'sms', address: '0912 345 678' },
          { channel: 'email', address: 'An.Nguyen@Example.VN' },
          { channel: 'webhook', address: 'https://Partner.example/hook?x=1', secret: SECRET },
          { channel: 'zalo', address: '1234567890' },
        ],
        unitIds: ['79', '79', '79.760'],
        topics: [
          { kind: 'policy_area', value: 'land', channels: ['sms', 'email'] },
          { kind: 'draft', value: 'draft-1' },
        ],
        digest: 'daily',
        quietHours: { start: '22:00', end: '07:00' },
        extra: { ignored: true },
      },
      options,
    );
    expect(fields).toEqual({
      kind: 'citizen',
      userId: 'user-1',
      language: 'hmn',
      contacts: [
        {
          channel: 'email',
          address: 'An.Nguyen@example.vn',
          verifiedAt: null,
          optedOutAt: null,
        },
        { channel: 'sms', address: '+84912345678', verifiedAt: null, optedOutAt: null },
        { channel: 'zalo', address: '1234567890', verifiedAt: null, optedOutAt: null },
        {
          channel: 'webhook',
          address: 'https://partner.example/hook?x=1',
          verifiedAt: null,
          optedOutAt: null,
          secret: SECRET,
          failures: 0,
          disabledAt: null,
        },
        {
          channel: 'in_app',
          address: 'user-1',
          verifiedAt: '2026-03-01T08:00:00.000Z',
          optedOutAt: null,
        },
      ],
      unitIds: ['79', '79.760'],
      topics: [
        { kind: 'policy_area', value: 'land', channels: ['email', 'sms'] },
        {
          kind: 'draft',
          value: 'draft-1',
          channels: ['email', 'sms', 'zalo', 'webhook', 'in_app'],
        },
      ],
      defaultChannels: ['email', 'sms', 'zalo', 'webhook', 'in_app'],
      digest: 'daily',
      quietHours: { start: '22:00', end: '07:00', timeZone: 'Asia/Ho_Chi_Minh' },
      consents: ['email', 'sms', 'zalo', 'webhook', 'in_app'].map((channel) => ({
        purpose: 'policy_notifications',
        channel,
        method: 'web_form',
        textVersion: 'v1',
        givenAt: '2026-03-01T08:00:00.000Z',
        verifiedAt: channel === 'in_app' ? '2026-03-01T08:00:00.000Z' : null,
        withdrawnAt: null,
      })),
    });
  });

  it('applies defaults: immediate, no quiet hours, default channels from contacts', () => {
    const fields = parseSubscribeInput(valid(), options);
    expect(fields).toMatchObject({
      userId: null,
      language: 'vi',
      topics: [],
      defaultChannels: ['email'],
      digest: 'immediate',
      quietHours: null,
    });
  });

  it('accepts only a signed-in user, with no other contact', () => {
    const fields = parseSubscribeInput({ ...valid(), contacts: undefined, userId: 'u1' }, options);
    expect(fields.contacts.map((c) => c.channel)).toEqual(['in_app']);
  });

  it.each([
    ['not-an-address', 'must be an address like name@example.vn'],
    ['a@b', 'must have a domain with a dot, such as example.vn'],
    ['a@@b.vn', 'must be an address like name@example.vn'],
    ['.a@b.vn', 'has an invalid part before @'],
    ['a..b@b.vn', 'has an invalid part before @'],
    ['a b@b.vn', 'must be a bare address: no spaces, brackets, commas or quotes'],
    ['"a"@b.vn', 'must be a bare address: no spaces, brackets, commas or quotes'],
    ['<a@b.vn>', 'must be a bare address: no spaces, brackets, commas or quotes'],
    ['a@b.vn,c@d.vn', 'must be a bare address: no spaces, brackets, commas or quotes'],
    ['a@b.vn\r\nBcc: x@evil.example', 'must not contain line breaks or control characters'],
    ['a@-b.vn', 'must have a domain with a dot, such as example.vn'],
    ['a@1.2.3.4', 'must have a domain with a dot, such as example.vn'],
    [`${'a'.repeat(250)}@b.vn`, 'must be at most 254 characters'],
  ])('refuses the e-mail address %j', (address, description) => {
    expect(violationsOf(withContact({ channel: 'email', address }))).toEqual([
      { field: 'contacts[0].address', description },
    ]);
  });

  it('keeps internationalised domains in ASCII form', () => {
    const fields = parseSubscribeInput(
      withContact({ channel: 'email', address: "o'brien@Tên-Miền.VN" }),
      options,
    );
    expect(fields.contacts[0]?.address).toBe("o'brien@xn--tn-min-iva0322d.vn");
  });

  it.each([
    ['+14155550100', 'must be a Vietnamese phone number (not_vietnamese)'],
    ['phone', 'must be a Vietnamese phone number (malformed)'],
    ['091234567', 'must be a Vietnamese phone number (wrong_length)'],
  ])('refuses the phone number %s', (address, description) => {
    expect(violationsOf(withContact({ channel: 'sms', address }))).toEqual([
      { field: 'contacts[0].address', description },
    ]);
  });

  it('refuses a Zalo id that is not 1 to 32 digits', () => {
    expect(violationsOf(withContact({ channel: 'zalo', address: 'abc' }))).toEqual([
      { field: 'contacts[0].address', description: 'must be a Zalo user id: 1 to 32 digits' },
    ]);
  });

  it.each([
    ['http://partner.example/hook', 'must be an https:// URL'],
    ['https://user:pw@partner.example/hook', 'must not carry credentials; use the signing secret'],
    ['https://partner.example/hook#x', 'must not have a fragment'],
    ['https://partner.example/hook#', 'must not have a fragment'],
    ['ftp://partner.example/', 'must be an https:// URL'],
    ['/relative', 'must be an absolute URL'],
    ['https://partner.example/\nhook', 'must not contain line breaks or control characters'],
    ['https://partner.example/a b', 'must not contain spaces'],
    ['file:///etc/passwd', 'must be an https:// URL'],
  ])('refuses the webhook %j', (address, description) => {
    expect(violationsOf(withContact({ channel: 'webhook', address, secret: SECRET }))).toEqual([
      { field: 'contacts[0].address', description },
    ]);
  });

  it('refuses an over-long webhook URL', () => {
    const address = `https://partner.example/${'a'.repeat(2040)}`;
    expect(violationsOf(withContact({ channel: 'webhook', address, secret: SECRET }))).toEqual([
      { field: 'contacts[0].address', description: 'must be at most 2048 characters (got 2064)' },
    ]);
  });

  it('accepts an http webhook in development only', () => {
    const raw = withContact({
      channel: 'webhook',
      address: 'http://localhost:8080/h',
      secret: SECRET,
    });
    expect(
      parseSubscribeInput(raw, { ...options, allowInsecureWebhooks: true }).contacts[0],
    ).toEqual({
      channel: 'webhook',
      address: 'http://localhost:8080/h',
      verifiedAt: null,
      optedOutAt: null,
      secret: SECRET,
      failures: 0,
      disabledAt: null,
    });
  });

  it.each([
    [undefined, 'is required for webhooks'],
    ['short', 'must be 32 to 256 printable ASCII characters, no spaces'],
    [`${'s'.repeat(31)} `, 'must be 32 to 256 printable ASCII characters, no spaces'],
    ['s'.repeat(257), 'must be 32 to 256 printable ASCII characters, no spaces'],
    [{ nested: true }, 'must be 32 to 256 printable ASCII characters, no spaces'],
  ])('refuses the webhook secret %j', (secret, description) => {
    expect(
      violationsOf(withContact({ channel: 'webhook', address: 'https://p.example/', secret })),
    ).toEqual([{ field: 'contacts[0].secret', description }]);
  });

  it('refuses in_app contacts, repeated channels, secrets off webhooks and no contact', () => {
    expect(
      violationsOf({
        ...valid(),
        contacts: [
          { channel: 'in_app', address: 'u1' },
          { channel: 'email', address: 'a@b.vn', secret: SECRET },
          { channel: 'email', address: 'c@d.vn' },
          { channel: 'fax', address: '1' },
        ],
      }),
    ).toEqual([
      {
        field: 'contacts[0].channel',
        description: 'in_app comes from the signed-in user, not a contact',
      },
      { field: 'contacts[1].secret', description: 'is only for webhooks' },
      {
        field: 'contacts[2].channel',
        description: 'repeats the email contact of contacts[1]',
      },
      { field: 'contacts[3].channel', description: 'must be one of email, sms, zalo, webhook' },
    ]);
    expect(violationsOf({ ...valid(), contacts: [] })).toEqual([
      { field: 'contacts', description: 'must list at least one contact' },
    ]);
  });

  it.each([
    ['en_US', 'must be a well-formed BCP 47 language tag, such as vi or hmn'],
    ['xx-!!', 'must be a well-formed BCP 47 language tag, such as vi or hmn'],
    ['', 'is required'],
    [42, 'must be text'],
    [
      'zz-ZZZZ-invalid',
      'is not a known language: give a language, optionally with a script and a region, such as vi, hmn or vi-VN',
    ],
    [
      'qaa',
      'is not a known language: give a language, optionally with a script and a region, such as vi, hmn or vi-VN',
    ],
  ])('refuses the language %j', (language, description) => {
    expect(violationsOf({ ...valid(), language })).toEqual([{ field: 'language', description }]);
  });

  it('refuses a subscription without explicit consent', () => {
    expect(
      violationsOf({
        ...valid(),
        consent: { given: 'yes', method: 'web_form', textVersion: 'v1' },
      }),
    ).toEqual([
      { field: 'consent.given', description: 'must be true: subscribing needs explicit consent' },
    ]);
    expect(violationsOf({ ...valid(), consent: undefined })).toEqual([
      { field: 'consent', description: 'is required: { given, method, textVersion }' },
    ]);
  });

  it('refuses topics and channels without a contact, and following nothing', () => {
    expect(
      violationsOf({
        ...valid(),
        unitIds: [],
        topics: [
          { kind: 'policy_area', value: 'Land', channels: ['email'] },
          { kind: 'draft', value: 'd 1', channels: ['sms'] },
          { kind: 'other', value: 'x' },
          { kind: 'policy_area', value: 'land', channels: [] },
        ],
        defaultChannels: ['email', 'webhook'],
      }),
    ).toEqual([
      { field: 'defaultChannels[1]', description: 'has no webhook contact to deliver to' },
      {
        field: 'topics[0].value',
        description: 'must be a policy area: a-z 0-9 _ - (at most 64)',
      },
      {
        field: 'topics[1].value',
        description: 'must be a draft id: letters, digits, . _ : - (at most 128)',
      },
      { field: 'topics[1].channels[0]', description: 'has no sms contact to deliver to' },
      { field: 'topics[2].kind', description: 'must be policy_area or draft' },
      { field: 'topics[3].channels', description: 'must name at least one channel' },
    ]);
    expect(violationsOf({ ...valid(), unitIds: [], topics: [] })).toEqual([
      { field: 'unitIds', description: 'must follow at least one unit, or a draft in topics' },
    ]);
  });

  it('follows a draft alone, and refuses repeated topics', () => {
    const fields = parseSubscribeInput(
      { ...valid(), unitIds: [], topics: [{ kind: 'draft', value: 'd1' }] },
      options,
    );
    expect(fields.topics).toEqual([{ kind: 'draft', value: 'd1', channels: ['email'] }]);
    expect(
      violationsOf({
        ...valid(),
        topics: [
          { kind: 'draft', value: 'd1' },
          { kind: 'draft', value: 'd1' },
        ],
      }),
    ).toEqual([{ field: 'topics[1]', description: 'repeats topics[0]' }]);
  });

  it('checks units against the directory when given', () => {
    expect(
      violationsOf(
        { ...valid(), unitIds: ['79', 'nowhere', 'bad id'] },
        { ...options, knownUnitIds: new Set(['79']) },
      ),
    ).toEqual([
      { field: 'unitIds[1]', description: 'is not a known administrative unit' },
      {
        field: 'unitIds[2]',
        description: 'must be a unit id: letters, digits, . _ : - (at most 128)',
      },
    ]);
  });

  it('checks quiet hours and time zones', () => {
    expect(
      violationsOf({
        ...valid(),
        quietHours: { start: '24:00', end: '7:00', timeZone: 'Mars/Base' },
      }),
    ).toEqual([
      { field: 'quietHours.start', description: 'must be a time HH:MM' },
      { field: 'quietHours.end', description: 'must be a time HH:MM' },
      {
        field: 'quietHours.timeZone',
        description: 'must be an IANA time zone, such as Asia/Ho_Chi_Minh',
      },
    ]);
    expect(
      parseSubscribeInput(
        { ...valid(), quietHours: { start: '21:30', end: '06:00', timeZone: 'Asia/Bangkok' } },
        options,
      ).quietHours,
    ).toEqual({ start: '21:30', end: '06:00', timeZone: 'Asia/Bangkok' });
    expect(violationsOf({ ...valid(), quietHours: { start: '22:00', end: '22:00' } })).toEqual([
      { field: 'quietHours.end', description: 'must differ from start' },
    ]);
  });

  it('reports every problem at once', () => {
    expect(
      violationsOf({
        kind: 'robot',
        language: 'en_US',
        contacts: [{ channel: 'email', address: 'a@b' }],
        unitIds: ['ok'],
        digest: 'weekly',
        consent: { given: false, method: 'Web Form', textVersion: '' },
      }).map((v) => v.field),
    ).toEqual([
      'kind',
      'language',
      'contacts[0].address',
      'digest',
      'consent.given',
      'consent.method',
      'consent.textVersion',
    ]);
  });

  describe('hostile input', () => {
    it('refuses 10,000 units without walking them', () => {
      const unitIds = Array.from({ length: 10_000 }, (_, i) => `u${i}`);
      expect(violationsOf({ ...valid(), unitIds })).toEqual([
        { field: 'unitIds', description: 'must have at most 50 items (got 10000)' },
      ]);
    });

    it('refuses non-objects and wrong types with violations', () => {
      expect(violationsOf(null)).toEqual([
        { field: 'subscription', description: 'must be an object' },
      ]);
      expect(violationsOf([valid()])).toEqual([
        { field: 'subscription', description: 'must be an object' },
      ]);
      expect(
        violationsOf({
          ...valid(),
          kind: { toString: () => 'citizen' },
          contacts: [{ channel: 'email', address: { $ne: '' } }, 'x'],
          unitIds: [['79']],
          topics: 'land',
          quietHours: [],
          userId: 7,
        }),
      ).toEqual([
        { field: 'kind', description: 'must be one of citizen, officer, press, partner_system' },
        { field: 'userId', description: 'must be a user id (at most 128 characters)' },
        { field: 'contacts[0].address', description: 'must be text' },
        { field: 'contacts[1]', description: 'must be a contact { channel, address }' },
        {
          field: 'unitIds[0]',
          description: 'must be a unit id: letters, digits, . _ : - (at most 128)',
        },
        { field: 'topics', description: 'must be a list' },
        { field: 'quietHours', description: 'must be { start, end, timeZone } or null' },
      ]);
    });

    it('reads nothing through __proto__ and pollutes nothing', () => {
      const raw = JSON.parse(
        '{"__proto__":{"kind":"citizen","polluted":true},"language":"vi",' +
          '"contacts":[{"channel":"email","address":"a@b.vn","__proto__":{"secret":"x"}}],' +
          '"unitIds":["79"],"consent":{"given":true,"method":"api","textVersion":"v1"}}',
      ) as unknown;
      expect(violationsOf(raw)).toEqual([
        { field: 'kind', description: 'must be one of citizen, officer, press, partner_system' },
      ]);
      const inherited = Object.create({ kind: 'citizen' }) as Record<string, unknown>;
      Object.assign(inherited, { ...valid(), kind: undefined });
      expect(violationsOf(inherited).map((v) => v.field)).toEqual(['kind']);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('caps the number of violations it reports', () => {
      const units = Array.from({ length: 50 }, () => 'bad id');
      const violations = violationsOf({
        ...valid(),
        unitIds: units,
        topics: Array.from({ length: 50 }, () => ({ kind: 'x', value: 'y', channels: ['z'] })),
      });
      expect(violations).toHaveLength(100);
    });
  });
});

describe('parsePreferencesUpdate', () => {
  const current: CurrentPreferences = {
    language: 'vi',
    unitIds: ['79'],
    topics: [{ kind: 'policy_area', value: 'land', channels: ['email'] }],
    defaultChannels: ['email'],
    digest: 'immediate',
    quietHours: { start: '22:00', end: '06:00', timeZone: 'Asia/Ho_Chi_Minh' },
    contacts: [{ channel: 'email' }, { channel: 'sms' }],
  };

  it('replaces the fields given and keeps the others', () => {
    expect(
      parsePreferencesUpdate(
        {
          language: 'en-us',
          unitIds: ['01', '01'],
          defaultChannels: ['sms', 'email'],
          quietHours: null,
        },
        current,
      ),
    ).toEqual({
      language: 'en-US',
      unitIds: ['01'],
      topics: [{ kind: 'policy_area', value: 'land', channels: ['email'] }],
      defaultChannels: ['email', 'sms'],
      digest: 'immediate',
      quietHours: null,
    });
  });

  it('applies the subscription rules, with the current contacts', () => {
    try {
      parsePreferencesUpdate(
        {
          language: 'en_US',
          unitIds: [],
          topics: [{ kind: 'draft', value: 'd1', channels: ['zalo'] }],
          digest: 'hourly',
          contacts: 'ignored',
        },
        current,
      );
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect((err as InvalidArgumentError).violations).toEqual([
        {
          field: 'language',
          description: 'must be a well-formed BCP 47 language tag, such as vi or hmn',
        },
        { field: 'topics[0].channels[0]', description: 'has no zalo contact to deliver to' },
        { field: 'digest', description: 'must be immediate or daily' },
      ]);
    }
  });

  it('refuses a well-formed but unknown language, naming the field', () => {
    expect(() => parsePreferencesUpdate({ language: 'zz-ZZZZ-invalid' }, current)).toThrow(
      'language: is not a known language',
    );
  });

  it('refuses dropping every unit when no draft is followed', () => {
    expect(() => parsePreferencesUpdate({ unitIds: [] }, current)).toThrow(
      'unitIds: must follow at least one unit, or a draft in topics',
    );
  });
});

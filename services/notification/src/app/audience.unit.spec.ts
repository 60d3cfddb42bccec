import { describe, expect, it } from 'vitest';
import {
  audiencePasses,
  channelsFor,
  firstPassOf,
  indexedFields,
  unitScopeOf,
  type AudienceSubscriber,
} from './audience.js';
import type { ContactPoint, EventAudience } from './notification.model.js';

const verified = '2026-01-01T00:00:00.000Z';

function contact(
  channel: ContactPoint['channel'],
  extra: Partial<ContactPoint> = {},
): ContactPoint {
  return {
    channel,
    address: `${channel}-address`,
    verifiedAt: verified,
    optedOutAt: null,
    ...extra,
  };
}

/** Province 79 › district 79.760 › ward 79.760.26734; another province 01. */
const PATHS: Record<string, string[]> = {
  '79': ['79'],
  '79.760': ['79', '79.760'],
  '79.760.26734': ['79', '79.760', '79.760.26734'],
  '01': ['01'],
};

function subscriber(overrides: Partial<AudienceSubscriber> = {}): AudienceSubscriber {
  const unitIds = overrides.unitIds ?? ['79.760'];
  return {
    status: 'active',
    unitIds,
    unitScope: unitScopeOf(unitIds.map((u) => PATHS[u] ?? [u])),
    topics: [],
    defaultChannels: ['email', 'sms'],
    contacts: [contact('email'), contact('sms')],
    consents: [],
    ...overrides,
  };
}

const event: EventAudience = {
  draftId: 'd1',
  targetUnitIds: ['79.760'],
  policyAreas: ['land'],
  publicDisclosure: true,
};

describe('unitScopeOf', () => {
  it('unions the paths, once each, in order', () => {
    expect(unitScopeOf([PATHS['79.760.26734']!, PATHS['79.760']!, PATHS['01']!])).toEqual([
      '79',
      '79.760',
      '79.760.26734',
      '01',
    ]);
    expect(unitScopeOf([])).toEqual([]);
  });
});

describe('indexedFields', () => {
  it('lists the followed drafts, sorted and unique', () => {
    expect(
      indexedFields({
        topics: [
          { kind: 'draft', value: 'd2', channels: ['email'] },
          { kind: 'policy_area', value: 'land', channels: ['email'] },
          { kind: 'draft', value: 'd1', channels: ['sms'] },
        ],
      }),
    ).toEqual({ topicDraftIds: ['d1', 'd2'] });
  });
});

describe('audiencePasses', () => {
  const passes = audiencePasses(event, ['79', '79.760']);

  it('runs containing units, units inside, then the draft', () => {
    expect(passes.map(({ name, filter }) => ({ name, filter }))).toEqual([
      {
        name: 'units_containing_target#0',
        filter: { status: 'active', unit_ids: { $in: ['79', '79.760'] } },
      },
      {
        name: 'units_inside_target#0',
        filter: { status: 'active', unit_scope: { $in: ['79.760'] } },
      },
      { name: 'draft_topic', filter: { status: 'active', topic_draft_ids: 'd1' } },
    ]);
  });

  it('matches the unit subtree in both directions, each subscriber in one pass', () => {
    expect(firstPassOf(passes, subscriber({ unitIds: ['79'] }))).toBe(0); // follows the province
    expect(firstPassOf(passes, subscriber({ unitIds: ['79.760'] }))).toBe(0); // the target itself
    expect(firstPassOf(passes, subscriber({ unitIds: ['79.760.26734'] }))).toBe(1); // a ward in it
    expect(firstPassOf(passes, subscriber({ unitIds: ['01'] }))).toBe(-1);
    const draftOnly = subscriber({
      unitIds: ['01'],
      topics: [{ kind: 'draft', value: 'd1', channels: ['email'] }],
    });
    expect(firstPassOf(passes, draftOnly)).toBe(2);
    expect(firstPassOf(passes, subscriber({ unitIds: ['79'], status: 'opted_out' }))).toBe(-1);
  });

  it('adds the targets to the ancestors and de-duplicates', () => {
    const [first] = audiencePasses({ ...event, draftId: null }, ['79', '79']);
    expect(first?.filter).toEqual({ status: 'active', unit_ids: { $in: ['79', '79.760'] } });
    expect(audiencePasses({ ...event, draftId: null }, ['79'])).toHaveLength(2);
  });

  it('splits more than 1000 ids into several passes', () => {
    const targets = Array.from({ length: 2500 }, (_, i) => `u${i}`);
    const split = audiencePasses({ ...event, targetUnitIds: targets, draftId: null }, []);
    expect(split.map((p) => p.name)).toEqual([
      'units_containing_target#0',
      'units_containing_target#1',
      'units_containing_target#2',
      'units_inside_target#0',
      'units_inside_target#1',
      'units_inside_target#2',
    ]);
    const sizes = split.map((p) => {
      const condition = Object.values(p.filter).find((c) => typeof c === 'object');
      return (condition as { $in: string[] }).$in.length;
    });
    expect(sizes).toEqual([1000, 1000, 500, 1000, 1000, 500]);
    expect(firstPassOf(split, subscriber({ unitIds: ['u1500'], unitScope: ['u1500'] }))).toBe(1);
    expect(firstPassOf(split, subscriber({ unitIds: ['x'], unitScope: ['u2400', 'x'] }))).toBe(5);
  });

  it('has no passes for an undisclosed event', () => {
    expect(audiencePasses({ ...event, publicDisclosure: false }, ['79'])).toEqual([]);
  });
});

describe('channelsFor', () => {
  it('uses the default channels when the subscriber has no topics', () => {
    expect(channelsFor(subscriber(), event)).toEqual(['email', 'sms']);
  });

  it('uses the channels of the topic for this draft', () => {
    const s = subscriber({
      contacts: [contact('email'), contact('sms'), contact('zalo')],
      topics: [
        { kind: 'draft', value: 'd1', channels: ['zalo'] },
        { kind: 'draft', value: 'd2', channels: ['sms'] },
      ],
    });
    expect(channelsFor(s, event)).toEqual(['zalo']);
  });

  it('unions the channels of matching policy areas, in channel order', () => {
    const s = subscriber({
      contacts: [contact('email'), contact('sms'), contact('in_app')],
      topics: [
        { kind: 'policy_area', value: 'land', channels: ['in_app', 'sms'] },
        { kind: 'policy_area', value: 'health', channels: ['email'] },
        { kind: 'policy_area', value: 'tax', channels: ['sms'] },
      ],
    });
    expect(channelsFor(s, { ...event, policyAreas: ['tax', 'land'] })).toEqual(['sms', 'in_app']);
  });

  it('sends nothing on a unit match when the policy areas followed do not match', () => {
    const s = subscriber({
      topics: [{ kind: 'policy_area', value: 'health', channels: ['email'] }],
    });
    expect(channelsFor(s, event)).toEqual([]);
  });

  it('uses the defaults on a unit match when only other drafts are followed', () => {
    const s = subscriber({ topics: [{ kind: 'draft', value: 'd2', channels: ['email'] }] });
    expect(channelsFor(s, event)).toEqual(['email', 'sms']);
  });

  it('skips unverified, opted-out, disabled and withdrawn channels', () => {
    const all = ['email', 'sms', 'zalo', 'webhook', 'in_app'] as const;
    const s = subscriber({
      defaultChannels: [...all],
      contacts: [
        contact('email', { verifiedAt: null }),
        contact('sms', { optedOutAt: verified }),
        contact('zalo'),
        contact('webhook', { disabledAt: verified }),
        contact('in_app'),
      ],
      consents: all.map((channel) => ({
        purpose: 'policy_notifications' as const,
        channel,
        method: 'web_form',
        textVersion: 'v1',
        givenAt: verified,
        verifiedAt: verified,
        withdrawnAt: channel === 'in_app' ? verified : null,
      })),
    });
    expect(channelsFor(s, event)).toEqual(['zalo']);
    expect(channelsFor({ ...s, contacts: s.contacts.slice(0, 2) }, event)).toEqual([]);
  });

  it('sends nothing to opted-out or pending subscribers', () => {
    expect(channelsFor(subscriber({ status: 'opted_out' }), event)).toEqual([]);
    expect(channelsFor(subscriber({ status: 'pending' }), event)).toEqual([]);
  });

  it('sends nothing about an undisclosed event', () => {
    const s = subscriber({ topics: [{ kind: 'draft', value: 'd1', channels: ['email'] }] });
    expect(channelsFor(s, { ...event, publicDisclosure: false })).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { audiencePasses } from './audience.js';
import {
  deliveryMode,
  planBatch,
  plannedWork,
  plannedWorkId,
  workChunks,
  WORK_ITEM_SIZE,
} from './fanout-plan.js';
import type { Channel, ContactPoint, EventAudience } from './notification.model.js';
import type { SubscriberRecord } from './notification.ports.js';
import { subscriberRecord } from '../testing/subscriber-record.js';

const at = '2026-03-01T08:00:00.000Z';
const contact = (channel: Channel): ContactPoint => ({
  channel,
  address: `${channel}-address`,
  verifiedAt: at,
  optedOutAt: null,
});

const subscriber = (id: string, overrides: Partial<SubscriberRecord> = {}) =>
  subscriberRecord(id, {
    contacts: [contact('email'), contact('webhook')],
    defaultChannels: ['email', 'webhook'],
    ...overrides,
  });

const audience: EventAudience = {
  draftId: 'd1',
  targetUnitIds: ['79'],
  policyAreas: [],
  publicDisclosure: true,
};
const event = { id: 'e1', type: 'pcn.draft.v1.ConsultationOpened' } as const;

describe('deliveryMode', () => {
  it('bundles e-mail, SMS and Zalo into a daily digest when asked; in-app and webhooks never wait', () => {
    const daily = { digest: 'daily' as const };
    expect((['email', 'sms', 'zalo'] as const).map((c) => deliveryMode(daily, c))).toEqual([
      'digest',
      'digest',
      'digest',
    ]);
    expect(deliveryMode(daily, 'in_app')).toBe('immediate');
    expect(deliveryMode(daily, 'webhook')).toBe('immediate');
    expect(deliveryMode({ digest: 'immediate' }, 'email')).toBe('immediate');
  });
});

describe('planBatch', () => {
  const passes = audiencePasses(audience, ['79']);

  it('plans immediate deliveries per channel and digest entries for the day they go out', () => {
    // 08:00Z is 15:00 in Ho Chi Minh City: past a 07:00 digest, so tomorrow's digest.
    const plan = planBatch({
      subscribers: [
        subscriber('s1'),
        subscriber('s2', { digest: 'daily' }),
        subscriber('s3', { status: 'pending' }),
      ],
      passes,
      pass: 0,
      audience,
      event,
      now: new Date(at),
      digestAt: '07:00',
    });
    expect(plan.matched).toBe(2);
    expect(plan.deliveries).toBe(3);
    expect([...plan.planned]).toEqual([
      ['email', ['s1']],
      ['webhook', ['s1', 's2']],
    ]);
    expect(plan.digest).toEqual([
      {
        id: '2026-03-02:s2:email:e1',
        bundle: '2026-03-02:s2:email',
        day: '2026-03-02',
        subscriberId: 's2',
        channel: 'email',
        eventId: 'e1',
        eventType: event.type,
        createdAt: at,
      },
    ]);
  });

  it('skips a subscriber an earlier pass already took', () => {
    const plan = planBatch({
      subscribers: [subscriber('s1')],
      passes,
      pass: 1,
      audience,
      event,
      now: new Date(at),
      digestAt: '07:00',
    });
    expect(plan).toEqual({ planned: new Map(), digest: [], matched: 0, deliveries: 0 });
  });
});

describe('work chunks and planned work', () => {
  it('groups ids per channel, in chunks of at most WORK_ITEM_SIZE', () => {
    const ids = Array.from({ length: WORK_ITEM_SIZE + 1 }, (_, i) => `s${i}`);
    const chunks = workChunks([...ids.map((id) => ['email', id] as const), ['sms', 'x'] as const]);
    expect(chunks.map((c) => [c.channel, c.ids.length])).toEqual([
      ['email', WORK_ITEM_SIZE],
      ['email', 1],
      ['sms', 1],
    ]);
  });

  it('names planned work by its contents', () => {
    const records = plannedWork(
      'e1',
      new Map([['sms', ['a', 'b']]]),
      at,
      '2026-03-01T08:15:00.000Z',
    );
    expect(records).toEqual([
      {
        id: plannedWorkId('sms', 'e1', ['a', 'b']),
        eventId: 'e1',
        channel: 'sms',
        subscriberIds: ['a', 'b'],
        createdAt: at,
        redriveAt: '2026-03-01T08:15:00.000Z',
      },
    ]);
    expect(records[0]?.id).toBe('work:fanout:sms:e1:a:2');
  });
});

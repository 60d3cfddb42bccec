import { notification as pb } from '@pcn/contracts';
import { describe, expect, it } from 'vitest';
import {
  ALERT_KIND,
  CHANNEL,
  DELIVERY_KIND,
  DELIVERY_STATE,
  DIGEST_MODE,
  SUBSCRIBER_KIND,
  SUBSCRIBER_STATUS,
  TOPIC_KIND,
} from './notification-enums.js';
import type { ProtoEnum } from './proto-enum.js';

// The tables' keys are checked against the GraphQL enums by the compiler (Record<G, P>); these
// check them against the proto: IN_APP is CHANNEL_IN_APP, and every proto value comes back.
const tables: [string, ProtoEnum<string, number>, Record<string, string | number>][] = [
  ['CHANNEL', CHANNEL, pb.Channel],
  ['SUBSCRIBER_KIND', SUBSCRIBER_KIND, pb.SubscriberKind],
  ['SUBSCRIBER_STATUS', SUBSCRIBER_STATUS, pb.SubscriberStatus],
  ['TOPIC_KIND', TOPIC_KIND, pb.TopicKind],
  ['DIGEST_MODE', DIGEST_MODE, pb.DigestMode],
  ['DELIVERY_KIND', DELIVERY_KIND, pb.DeliveryKind],
  ['DELIVERY_STATE', DELIVERY_STATE, pb.DeliveryState],
  ['ALERT_KIND', ALERT_KIND, pb.AlertKind],
];

describe('notification enums at the gateway', () => {
  it.each(tables)(
    '%s reads every proto value as its GraphQL value and back',
    (prefix, table, e) => {
      const named = Object.values(e).filter((v): v is number => typeof v === 'number' && v > 0);
      expect(named.length).toBeGreaterThan(0);
      for (const p of named) {
        const g = table.fromPb(p);
        expect(`${prefix}_${g.toUpperCase()}`).toBe(e[p]);
        expect(table.toPb(g)).toBe(p);
      }
    },
  );

  it('reads an unspecified optional value as null, and refuses an unknown one', () => {
    expect(CHANNEL.optionalFromPb(pb.Channel.CHANNEL_UNSPECIFIED)).toBe(null);
    expect(CHANNEL.optionalFromPb(pb.Channel.CHANNEL_ZALO)).toBe('ZALO');
    expect(() => CHANNEL.fromPb(pb.Channel.CHANNEL_UNSPECIFIED)).toThrow(
      'notification service answered with channel 0',
    );
    expect(() => DELIVERY_STATE.fromPb(42 as pb.DeliveryState)).toThrow(/delivery state 42/);
  });
});

import { notification as pb } from '@pcn/contracts';
import { InvalidArgumentError } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import { CHANNELS, SUBSCRIBER_KINDS } from '../app/notification.model.js';
import {
  ALERT_KIND,
  CHANNEL,
  DELIVERY_KIND,
  DELIVERY_STATE,
  DIGEST_MODE,
  PROVIDER_DELIVERY_STATUS,
  SUBSCRIBER_KIND,
  SUBSCRIBER_STATUS,
  TOPIC_KIND,
  type PbEnum,
} from './notification.pb-enums.js';

function violationsOf(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return (err as InvalidArgumentError).violations;
  }
  throw new Error('expected INVALID_ARGUMENT');
}

/** Each table against the proto's own names: `in_app` is `CHANNEL_IN_APP`, and back. */
const tables: [string, PbEnum<string, number>, Record<string, string | number>, string[]][] = [
  ['CHANNEL', CHANNEL, pb.Channel, [...CHANNELS]],
  ['SUBSCRIBER_KIND', SUBSCRIBER_KIND, pb.SubscriberKind, [...SUBSCRIBER_KINDS]],
  ['SUBSCRIBER_STATUS', SUBSCRIBER_STATUS, pb.SubscriberStatus, ['pending', 'active', 'opted_out']],
  ['TOPIC_KIND', TOPIC_KIND, pb.TopicKind, ['policy_area', 'draft']],
  ['DIGEST_MODE', DIGEST_MODE, pb.DigestMode, ['immediate', 'daily']],
  ['DELIVERY_KIND', DELIVERY_KIND, pb.DeliveryKind, ['event', 'digest', 'verification']],
  [
    'DELIVERY_STATE',
    DELIVERY_STATE,
    pb.DeliveryState,
    ['queued', 'sent', 'delivered', 'failed', 'deferred', 'suppressed'],
  ],
  [
    'PROVIDER_DELIVERY_STATUS',
    PROVIDER_DELIVERY_STATUS,
    pb.ProviderDeliveryStatus,
    ['delivered', 'failed'],
  ],
  ['ALERT_KIND', ALERT_KIND, pb.AlertKind, ['channel_off', 'webhook_disabled']],
];

describe('notification proto enums', () => {
  it.each(tables)('%s maps every value to its proto name and back', (prefix, table, e, values) => {
    for (const value of values) {
      const p = table.toPb(value);
      expect(e[p]).toBe(`${prefix}_${value.toUpperCase()}`);
      expect(table.fromPb(p, 'field')).toBe(value);
    }
    // Every proto value but the zero value and ts-proto's UNRECOGNIZED has a service value.
    const named = Object.values(e).filter((v): v is number => typeof v === 'number' && v > 0);
    expect(named.map((p) => table.fromPb(p, 'field')).sort()).toEqual([...values].sort());
  });

  it('refuses the zero value of a required field, naming the field', () => {
    expect(violationsOf(() => SUBSCRIBER_KIND.fromPb(0, 'kind'))).toEqual([
      { field: 'kind', description: 'is required' },
    ]);
  });

  it('refuses a number it does not know, naming the field and the values it takes', () => {
    expect(violationsOf(() => CHANNEL.fromPb(99 as pb.Channel, 'contacts[0].channel'))).toEqual([
      {
        field: 'contacts[0].channel',
        description: 'is not one of email, sms, zalo, webhook, in_app',
      },
    ]);
    expect(violationsOf(() => CHANNEL.fromPb(pb.Channel.UNRECOGNIZED, 'channel'))).toEqual([
      expect.objectContaining({ field: 'channel' }),
    ]);
  });

  it('names the item of a repeated field', () => {
    expect(
      violationsOf(() =>
        CHANNEL.listFromPb([pb.Channel.CHANNEL_SMS, pb.Channel.CHANNEL_UNSPECIFIED], 'channels'),
      ),
    ).toEqual([{ field: 'channels[1]', description: 'is required' }]);
  });

  it('reads the zero value of an optional field as not given, and still refuses unknown ones', () => {
    expect(
      DELIVERY_STATE.optionalFromPb(pb.DeliveryState.DELIVERY_STATE_UNSPECIFIED, 'state'),
    ).toBe(undefined);
    expect(DIGEST_MODE.optionalFromPb(undefined, 'digest')).toBe(undefined);
    expect(DELIVERY_STATE.optionalFromPb(pb.DeliveryState.DELIVERY_STATE_SENT, 'state')).toBe(
      'sent',
    );
    expect(
      violationsOf(() => DELIVERY_STATE.optionalFromPb(42 as pb.DeliveryState, 'state')),
    ).toEqual([expect.objectContaining({ field: 'state' })]);
  });

  it('never answers "unspecified" for a value outside its table', () => {
    expect(() => CHANNEL.toPb('fax' as never)).toThrow(/no proto value for "fax"/);
  });
});

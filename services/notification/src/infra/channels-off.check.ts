import type { Clock, Logger } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import {
  channelOffAlert,
  channelsOff,
  PROVIDER_CHANNELS,
  type ChannelOff,
  type ProviderChannel,
} from '../app/channels-off.js';
import type { Channel } from '../app/notification.model.js';
import type { AlertRecord, SubscriberRecord } from '../app/notification.ports.js';
import { alertsCollection, subscribersCollection } from './notification.collections.js';

/**
 * At startup in production: each channel without a provider that subscribers have contacts on is
 * logged as a warning and raised as an admin alert (once a day per channel), so that an operator
 * hears of it before the delivery log fills with failures.
 */
export async function reportChannelsOff(deps: {
  store: Store;
  configured: ReadonlySet<Channel>;
  logger: Logger;
  clock: Clock;
}): Promise<ChannelOff[]> {
  const subscribers = deps.store.collection<SubscriberRecord>(subscribersCollection);
  const counts: Partial<Record<ProviderChannel, number>> = {};
  for (const channel of PROVIDER_CHANNELS)
    if (!deps.configured.has(channel))
      // Contact keys are `<channel>:<address>`, indexed: a count, not a scan.
      counts[channel] = await subscribers.count({ contact_keys: { $prefix: `${channel}:` } });
  const off = channelsOff(deps.configured, counts);
  for (const channel of off) {
    const alert = channelOffAlert(channel, deps.clock.now());
    await deps.store.transaction(async (tx) => {
      const alerts = tx.collection<AlertRecord>(alertsCollection);
      if (!(await alerts.get(alert.id))) await alerts.insert(alert);
    });
    deps.logger.warn(
      { channel: channel.channel, setting: channel.setting, subscribers: channel.subscribers },
      `the ${channel.channel} channel is off while people subscribe to it: set ${channel.setting}; admins alerted`,
    );
  }
  return off;
}

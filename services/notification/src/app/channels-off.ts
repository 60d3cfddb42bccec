import type { Channel } from './notification.model.js';
import type { AlertRecord } from './notification.ports.js';

/** Channels that need a provider, with the setting that turns each on. */
export const PROVIDER_SETTINGS = {
  email: 'SMTP_URL',
  sms: 'SMS_API_URL',
  zalo: 'ZALO_API_URL',
} as const satisfies Partial<Record<Channel, string>>;
export type ProviderChannel = keyof typeof PROVIDER_SETTINGS;
export const PROVIDER_CHANNELS = Object.keys(PROVIDER_SETTINGS) as ProviderChannel[];

export interface ChannelOff {
  channel: ProviderChannel;
  setting: string;
  subscribers: number;
}

/**
 * The channels that are off (no provider) while subscribers have contacts on them: their
 * deliveries would otherwise fail one by one in the delivery log with nobody told.
 */
export function channelsOff(
  configured: ReadonlySet<Channel>,
  subscribersOn: Readonly<Partial<Record<ProviderChannel, number>>>,
): ChannelOff[] {
  return PROVIDER_CHANNELS.filter(
    (channel) => !configured.has(channel) && (subscribersOn[channel] ?? 0) > 0,
  ).map((channel) => ({
    channel,
    setting: PROVIDER_SETTINGS[channel],
    subscribers: subscribersOn[channel] ?? 0,
  }));
}

/**
 * The admin alert for a channel that is off: one per channel and day (its id), so that restarts
 * do not repeat it while an unfixed channel is still raised again the next day.
 */
export function channelOffAlert(off: ChannelOff, now: Date): AlertRecord {
  return {
    id: `channel-off:${off.channel}:${now.toISOString().slice(0, 10)}`,
    kind: 'channel_off',
    subscriberId: '',
    channel: off.channel,
    message:
      `The ${off.channel} channel is off (${off.setting} is not set) while ${off.subscribers} ` +
      `subscriber(s) have ${off.channel} contacts: their ${off.channel} deliveries fail until ` +
      `${off.setting} is configured on the notification service`,
    createdAt: now.toISOString(),
  };
}
